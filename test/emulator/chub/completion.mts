// POST /prompt: "API endpoint for generic completions" → a synchronous `chat.completion` object
// (seed). The reply text is deterministic: it quotes the last user message (or `prompt`/`template`),
// cut to `max_tokens` words (finish_reason "length" when cut). Our choices, the seed being silent:
//   - `model` must be one of Chub's inference models (§1: soji, asha, mixtral, mistral, mythomax,
//     mobile, testing); anything else → 404 "model does not exist" (as vLLM answers);
//   - neither messages nor prompt/template → 400;
//   - `stream` is ignored: the answer is always one JSON object;
//   - usage counts words as tokens.
import { randomBytes } from 'node:crypto';

import { ChubError } from './errors.mts';

export const CHUB_MODELS = ['soji', 'asha', 'mixtral', 'mistral', 'mythomax', 'mobile', 'testing'];

const words = (s: string) => s.split(/\s+/).filter(Boolean);

function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join(' ');
	return '';
}

export function complete(body: Record<string, unknown>) {
	const model = typeof body.model === 'string' ? body.model : 'mobile';
	if (!CHUB_MODELS.includes(model)) throw new ChubError(404, `The model '${model}' does not exist; available: ${CHUB_MODELS.join(', ')}`);
	const messages = (Array.isArray(body.messages) ? body.messages : []) as { role: string; content?: unknown }[];
	const single = typeof body.prompt === 'string' && body.prompt ? body.prompt : typeof body.template === 'string' ? body.template : '';
	if (!messages.length && !single) throw new ChubError(400, 'Either messages or prompt/template is required');

	const lastUser = [...messages].reverse().find((m) => m.role === 'user') ?? messages.at(-1);
	const asked = (lastUser ? contentText(lastUser.content) : single).trim();
	const quoted = asked.length > 80 ? `${asked.slice(0, 77)}...` : asked;
	const full = words(`Emulated ${model} reply to: "${quoted}"`);
	const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 300;
	const cut = full.length > maxTokens;
	const content = full.slice(0, maxTokens).join(' ');
	const promptTokens = messages.reduce((n, m) => n + words(contentText(m.content)).length, 0) + words(single).length;
	const completionTokens = Math.min(full.length, maxTokens);
	const n = typeof body.n === 'number' ? body.n : 1;
	return {
		id: `chatcmpl-${randomBytes(12).toString('hex')}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: Array.from({ length: n }, (_, index) => ({
			index,
			message: { role: 'assistant', content, refusal: null, tool_calls: [], reasoning_content: null },
			logprobs: null,
			finish_reason: cut ? 'length' : 'stop',
			stop_reason: null,
		})),
		service_tier: null,
		system_fingerprint: null,
		usage: {
			prompt_tokens: promptTokens,
			total_tokens: promptTokens + completionTokens * n,
			completion_tokens: completionTokens * n,
			prompt_tokens_details: null,
		},
		prompt_logprobs: null,
		kv_transfer_params: null,
	};
}
