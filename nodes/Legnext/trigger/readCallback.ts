import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../transport/constants';
import { callbackToken, TOKEN_PARAM, tokenMatches } from '../transport/callbackToken';

/** Callbacks carry one job object; anything much larger is not a Legnext callback. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

export type CallbackCheck =
	| { ok: true; body: IDataObject & { job_id: string; status: string } }
	| { ok: false; status: 400 | 401 | 413; message: string };

function rawBytes(ctx: IWebhookFunctions): Buffer | undefined {
	const raw = (ctx.getRequestObject() as { rawBody?: unknown }).rawBody;
	return Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw) : undefined;
}

/**
 * Size, token and shape of an incoming callback, in that order: an oversized or unauthenticated
 * request is refused before its body is looked at.
 */
export async function readCallback(ctx: IWebhookFunctions): Promise<CallbackCheck> {
	const headers = ctx.getHeaderData();
	const raw = rawBytes(ctx);
	const length = Number(headers['content-length'] ?? raw?.length ?? 0);
	if (length > MAX_CALLBACK_BYTES || (raw?.length ?? 0) > MAX_CALLBACK_BYTES) {
		return { ok: false, status: 413, message: 'Callback body too large' };
	}

	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const secret = String(credentials.webhookSecret ?? '');
	const given = (ctx.getQueryData() as IDataObject)[TOKEN_PARAM];
	if (!secret || !tokenMatches(given, callbackToken(secret))) {
		return { ok: false, status: 401, message: 'Missing or wrong token' };
	}

	let body: unknown = ctx.getBodyData();
	if (raw?.length) {
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			return { ok: false, status: 400, message: 'Body is not JSON' };
		}
	}
	const job = body as IDataObject | undefined;
	if (!job || typeof job !== 'object' || Array.isArray(job)) {
		return { ok: false, status: 400, message: 'Body is not a JSON object' };
	}
	if (typeof job.job_id !== 'string' || !job.job_id || typeof job.status !== 'string') {
		return { ok: false, status: 400, message: 'Body has no job_id and status' };
	}
	return { ok: true, body: job as IDataObject & { job_id: string; status: string } };
}
