import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiRequest, Provider } from '../provider';
import { jsonBody } from './answer';
import { providerApiError, transportApiError } from './apiErrors';
import { pacerOf } from './pacing';
import { secretsOf } from './secrets';
import { transportOptions } from './transport';
import { backoffDelay, pause, READ_RETRY } from './backoff';
import { classifyTransportError, retryAfterMs } from './transportErrors';
import { credentialsOf } from './credentials';

/** What talking to a provider's API needs from n8n: satisfied by action nodes and triggers. */
export interface ApiContext {
	getNode(): INode;
	getItemIndex?(): number;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	evaluateExpression?(expression: string, itemIndex?: number): unknown;
	helpers: {
		httpRequestWithAuthentication(
			this: unknown,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
}

export type ReadOutcome<T> =
	| { ok: true; value: T }
	| { ok: false; transient: true; retryAfterMs?: number; error: Error }
	| { ok: false; transient: false; error: Error };

/** Default time one API read may take, unless the user set Request Options > Timeout. */
export const READ_TIMEOUT_MS = 30_000;

/**
 * One read from the provider's API (status reads, read-many, read-back of a callback), paced on
 * the credential, with the node's transport settings. Never throws: the outcome says whether
 * trying again could help (timeouts, resets, 429, 5xx, an unreadable answer).
 */
export async function readFromApi<T>(
	ctx: ApiContext,
	provider: Provider,
	request: ApiRequest,
	parse: (answer: unknown) => T | undefined,
	what: string,
): Promise<ReadOutcome<T>> {
	const credentials = await credentialsOf(ctx, provider.credentialType);
	const pacer = await pacerOf(ctx, provider);
	let slot;
	try {
		slot = await pacer.acquire(ctx.getExecutionCancelSignal?.());
	} catch (error) {
		return { ok: false, transient: false, error: error as Error };
	}
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, provider.credentialType, {
			...transportOptions(ctx, READ_TIMEOUT_MS),
			method: request.method,
			baseURL: provider.baseUrl(credentials),
			url: request.url,
			...(request.body ? { body: request.body } : {}),
			...(request.qs ? { qs: request.qs } : {}),
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		slot.release();
		const kind = classifyTransportError(error);
		return {
			ok: false,
			transient: kind !== 'other' && kind !== 'dns' && kind !== 'tls',
			error: transportApiError(ctx.getNode(), provider.name, error, what, ctx.getItemIndex?.()),
		};
	}
	slot.release();

	const status = response.statusCode;
	const parsed = jsonBody(response.body);
	if (status >= 400) {
		const retryAfter = retryAfterMs(response.headers);
		if (status === 429) pacer.rateLimited(slot, retryAfter);
		const error = providerApiError(ctx.getNode(), {
			provider: provider.name,
			status,
			body: parsed.ok ? parsed.value : parsed.text,
			hints: provider.hints,
			itemIndex: ctx.getItemIndex?.(),
			retryAfterMs: retryAfter,
			secrets: await secretsOf(ctx, provider),
		});
		if (status === 429 || status >= 500) return { ok: false, transient: true, retryAfterMs: retryAfter, error };
		return { ok: false, transient: false, error };
	}
	pacer.succeeded();

	const value = parsed.ok ? parse(parsed.value) : undefined;
	if (value === undefined) {
		// A garbled answer to a read is worth another read, not a failed workflow.
		return {
			ok: false,
			transient: true,
			error: new NodeApiError(
				ctx.getNode(),
				{ message: 'unreadable answer' },
				{ message: `${provider.name} answered ${what.toLowerCase()} with something unreadable`, itemIndex: ctx.getItemIndex?.() },
			),
		};
	}
	return { ok: true, value };
}

/**
 * readFromApi for a one-off read (a price list, the next page of a list): tried again after a
 * transient failure, with backoff and Retry-After, at most READ_RETRY.maxAttempts times.
 */
export async function readWithRetries<T>(
	ctx: ApiContext,
	provider: Provider,
	request: ApiRequest,
	parse: (answer: unknown) => T | undefined,
	what: string,
): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
	for (let attempt = 0; ; attempt++) {
		const outcome = await readFromApi(ctx, provider, request, parse, what);
		if (outcome.ok) return outcome;
		const signal = ctx.getExecutionCancelSignal?.();
		if (!outcome.transient || attempt + 1 >= READ_RETRY.maxAttempts || signal?.aborted) return outcome;
		await pause(backoffDelay(attempt, READ_RETRY, outcome.retryAfterMs), signal);
	}
}
