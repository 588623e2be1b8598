import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * The body an item's request was sent with, kept from the last preSend step for the
 * postReceive step of the same item (RoutingNode gives both the same context object), so the
 * output can show the prompt exactly as Legnext received it.
 */
const sent = new WeakMap<IExecuteSingleFunctions, IDataObject>();

export function rememberBody(ctx: IExecuteSingleFunctions, body: unknown): void {
	if (body && typeof body === 'object') sent.set(ctx, body as IDataObject);
}

/** The prompt-like text of the request: `text` (Imagine), `prompt`, or `remixPrompt`. */
export function sentPrompt(ctx: IExecuteSingleFunctions): string | null {
	const body = sent.get(ctx) ?? {};
	const prompt = body.text ?? body.prompt ?? body.remixPrompt;
	return typeof prompt === 'string' && prompt ? prompt : null;
}
