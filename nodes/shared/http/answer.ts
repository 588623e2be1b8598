import type { IExecuteSingleFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Provider } from '../provider';
import { providerApiError } from './apiErrors';
import { secretsOf } from './secrets';
import { markAnswered, markNotProcessed } from './sendWithRetries';
import { retryAfterMs } from './transportErrors';

/** A response body as JSON; n8n hands it over parsed, or as text/bytes when it could not. */
export function jsonBody(body: unknown): { ok: true; value: unknown } | { ok: false; text: string } {
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return { ok: true, value: body };
	const text = body.toString();
	try {
		return { ok: true, value: text ? JSON.parse(text) : {} };
	} catch {
		return { ok: false, text };
	}
}

/** What to tell a user whose submit may have been charged although we could not read the answer. */
export function mayExistHint(provider: Provider): string {
	return `The request may still have created a job, so it was NOT sent again. Check your ${provider.name} jobs before running again.`;
}

/**
 * Turns the provider's answer into its JSON body, or into the right error. `submitted` says
 * whether the request could have created (and charged) a job: then an unreadable answer is
 * reported as such, and only a 429 is flagged as safe to send again.
 */
export async function parseAnswer(
	this: IExecuteSingleFunctions,
	provider: Provider,
	response: IN8nHttpFullResponse,
	submitted: boolean,
): Promise<unknown> {
	const status = response.statusCode;
	const parsed = jsonBody(response.body);
	// An unreadable error body is still the provider's words; an unreadable success is not.
	const body = parsed.ok ? parsed.value : status >= 400 ? parsed.text : undefined;

	if (status >= 400) {
		const retryAfter = retryAfterMs(response.headers);
		const error = providerApiError(this.getNode(), {
			provider: provider.name,
			status,
			body,
			hints: provider.hints,
			itemIndex: this.getItemIndex(),
			retryAfterMs: retryAfter,
			secrets: await secretsOf(this, provider),
		});
		// 429 was not processed; a read (no job created) may also be repeated after a 5xx.
		const again = status === 429 || (!submitted && status >= 500);
		throw again ? markNotProcessed(error, retryAfter, status === 429) : markAnswered(error);
	}
	if (body === undefined || body === null || typeof body !== 'object') {
		throw markAnswered(
			new NodeApiError(
				this.getNode(),
				{ httpCode: String(status), message: 'answer is not JSON' },
				{
					message: `${provider.name} answered with something that is not JSON (HTTP ${status})`,
					description: submitted
						? mayExistHint(provider)
						: 'Try again in a moment; if it persists, check the Base URL in the credential.',
					httpCode: String(status),
					itemIndex: this.getItemIndex(),
				},
			),
		);
	}
	return body;
}
