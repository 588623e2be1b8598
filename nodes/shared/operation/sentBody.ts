import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * The body an item's request was sent with, kept from the last preSend step for the
 * postReceive step of the same item (RoutingNode gives both the same context object), so the
 * output can show the prompt exactly as the provider received it.
 */
const sent = new WeakMap<IExecuteSingleFunctions, IDataObject>();
/** The path each item's request went to (which endpoint made the job, for answers that are only an id). */
const sentUrls = new WeakMap<IExecuteSingleFunctions, string>();

export function rememberBody(ctx: IExecuteSingleFunctions, body: unknown, url?: string): void {
	if (body && typeof body === 'object') sent.set(ctx, body as IDataObject);
	if (typeof url === 'string') sentUrls.set(ctx, url);
}

/** Where each provider puts the prompt: Legnext `text`/`prompt`/`remixPrompt`, TheNextLeg `msg`, Chub's speech `transcript`. */
const PROMPT_KEYS = ['text', 'prompt', 'remixPrompt', 'msg', 'transcript'];

/** The prompt-like text of the request, as sent. */
export function sentPrompt(ctx: IExecuteSingleFunctions): string | null {
	const body = sent.get(ctx) ?? {};
	const prompt = PROMPT_KEYS.map((key) => body[key]).find((value) => value !== undefined);
	return typeof prompt === 'string' && prompt ? prompt : null;
}

export function sentBody(ctx: IExecuteSingleFunctions): IDataObject {
	return sent.get(ctx) ?? {};
}

/** The request as sent: its path below the base URL and its body. */
export function sentRequest(ctx: IExecuteSingleFunctions): SentRequest {
	return { url: sentUrls.get(ctx) ?? '', body: sentBody(ctx) };
}

export interface SentRequest {
	url: string;
	body: IDataObject;
}
