import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { Provider } from '../provider';
import { callbackToken, secretMatches, TOKEN_PARAM } from './callbackToken';
import { credentialsOf } from '../http/credentials';

/** Callbacks carry one job object; anything much larger is not a provider callback. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

export type CallbackCheck =
	| { ok: true; jobId: string; body: IDataObject }
	| { ok: false; status: 400 | 401 | 413; message: string };

function rawBytes(ctx: IWebhookFunctions): Buffer | undefined {
	const raw = (ctx.getRequestObject() as { rawBody?: unknown }).rawBody;
	return Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw) : undefined;
}

/** Where a job may sit in a callback body: at the top level, or wrapped (`{data: job}`). */
const WRAPPERS = ['data', 'job', 'task', 'result', 'payload', 'response'];

/**
 * The job object and its id in a callback body, whatever the shape: the top level, or one level
 * down under a wrapper key; the id under any of the provider's id keys (snake_case or camelCase).
 */
export function readCallbackBody(body: IDataObject, idKeys: string[]): { jobId: string; job: IDataObject } | undefined {
	const candidates = [body, ...WRAPPERS.map((key) => body[key])];
	for (const candidate of candidates) {
		if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate)) continue;
		const job = candidate as IDataObject;
		for (const key of idKeys) {
			const value = job[key];
			if ((typeof value === 'string' && value) || typeof value === 'number') {
				// Wrapped bodies keep the outer fields (e.g. TheNextLeg's `ref`) beside the job's.
				const merged = job === body ? job : { ...body, ...job };
				delete merged[WRAPPERS.find((w) => body[w] === job) ?? ''];
				return { jobId: String(value), job: merged };
			}
		}
	}
	return undefined;
}

/**
 * Size, authenticity and shape of an incoming callback, in that order: an oversized or
 * unauthenticated request is refused before its body is looked at. A callback is authentic when
 * its URL carries our token, or (for providers that send it back) a header holds the webhook
 * secret; both are compared in constant time.
 */
export async function readCallback(ctx: IWebhookFunctions, provider: Provider): Promise<CallbackCheck> {
	const headers = ctx.getHeaderData() as IDataObject;
	const raw = rawBytes(ctx);
	const length = Number(headers['content-length'] ?? raw?.length ?? 0);
	if (length > MAX_CALLBACK_BYTES || (raw?.length ?? 0) > MAX_CALLBACK_BYTES) {
		return { ok: false, status: 413, message: 'Callback body too large' };
	}

	const credentials = await credentialsOf(ctx, provider.credentialType);
	const secret = String(credentials.webhookSecret ?? '');
	const token = (ctx.getQueryData() as IDataObject)[TOKEN_PARAM];
	const header = provider.callback?.secretHeader;
	const authentic =
		!!secret &&
		(secretMatches(token, callbackToken(secret, provider.key)) ||
			(!!header && secretMatches(headers[header.toLowerCase()], secret)));
	if (!authentic) return { ok: false, status: 401, message: 'Missing or wrong token' };

	let body: unknown = ctx.getBodyData();
	if (raw?.length) {
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			return { ok: false, status: 400, message: 'Body is not JSON' };
		}
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { ok: false, status: 400, message: 'Body is not a JSON object' };
	}
	const found = readCallbackBody(body as IDataObject, provider.callback?.idKeys ?? []);
	if (!found) return { ok: false, status: 400, message: 'Body names no job' };
	return { ok: true, jobId: found.jobId, body: found.job };
}
