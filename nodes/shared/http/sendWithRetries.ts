import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { batchFailure, recordFailure } from '../operation/batchLedger';
import { untilAllItemsStarted } from '../operation/validationGate';
import type { Provider } from '../provider';
import { asNodeError } from './asNodeError';
import { transportApiError } from './apiErrors';
import { backoffDelay, MAX_RETRY_AFTER_MS, pause, RATE_LIMIT_RETRY, SUBMIT_RETRY } from './backoff';
import { pacerOf, holdSlot, releaseSlot } from './pacing';
import { classifyTransportError } from './transportErrors';

/**
 * The request loop of every declarative operation, hooked in through RoutingNode's
 * `routing.operations.pagination` (the one declarative hook that owns the request call, so it
 * is the only place a refused connection can be caught and retried). There is no paging here.
 *
 * Every request waits for its turn in the credential's pacer (rate limit, requests in flight).
 * Never double-charge: a request is sent again only when it surely was not processed: the
 * provider answered 429 (flagged by the answer handling via `markNotProcessed`) or the
 * connection was refused. A timeout or a broken connection after sending is reported, not
 * retried, unless the request is a GET (reading is free and idempotent).
 */

const notProcessed = new WeakMap<object, { retryAfterMs?: number; rateLimited: boolean }>();
const answered = new WeakSet<object>();

/** The provider answered and did not act on the request (429; a 5xx on a read): it may be sent again. */
export function markNotProcessed<T extends object>(error: T, retryAfterMs?: number, rateLimited = false): T {
	notProcessed.set(error, { retryAfterMs, rateLimited });
	return error;
}

/** The provider answered; whatever failed after that must not cause a resend. */
export function markAnswered<T extends object>(error: T): T {
	answered.add(error);
	return error;
}

export function sendWithRetries(provider: Provider) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const idempotent = (requestData.options.method ?? 'GET').toUpperCase() === 'GET';
		const signal = this.getExecutionCancelSignal();
		const pacer = await pacerOf(this, provider);
		let rateLimits = 0;
		try {
			for (let attempt = 0; ; attempt++) {
				const slot = await pacer.acquire(signal);
				// Another item failed and the node will fail: do not buy results nobody will see.
				const stop = batchFailure(this, provider);
				if (stop) {
					slot.release();
					throw stop;
				}
				holdSlot(this, pacer, slot);
				try {
					return await this.makeRoutingRequest(requestData);
				} catch (error) {
					const again = notProcessed.get(error as object);
					releaseSlot(this, again?.rateLimited ? 'rateLimited' : 'other', again?.retryAfterMs);
					const failure = asNodeError(this.getNode(), error, this.getItemIndex());
					if (again) {
						const policy = again.rateLimited ? RATE_LIMIT_RETRY : SUBMIT_RETRY;
						const tries = again.rateLimited ? ++rateLimits : attempt + 1;
						if (tries >= policy.maxAttempts || signal?.aborted) throw failure;
						if ((again.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) throw failure;
						// The pacer already holds everyone back for Retry-After; this only spreads the retries.
						if (!again.rateLimited) await pause(backoffDelay(attempt, SUBMIT_RETRY, again.retryAfterMs), signal);
						continue;
					}
					if (answered.has(error as object)) throw failure;

					const kind = classifyTransportError(error);
					const safe = kind === 'not-sent' || (idempotent && (kind === 'timeout' || kind === 'broken'));
					if (safe && attempt + 1 < SUBMIT_RETRY.maxAttempts && !signal?.aborted) {
						await pause(backoffDelay(attempt, SUBMIT_RETRY), signal);
						continue;
					}
					throw transportApiError(
						this.getNode(),
						provider.name,
						error,
						idempotent ? 'Reading from the API' : 'Submitting the request',
						this.getItemIndex(),
					);
				} finally {
					releaseSlot(this, 'other');
				}
			}
		} catch (error) {
			// Recorded first, so the items not yet started see the failure and are not sent.
			const failure = recordFailure(this, provider, asNodeError(this.getNode(), error, this.getItemIndex()));
			// Under Batching, RoutingNode awaits the items only once all are started (see the gate).
			await untilAllItemsStarted(this);
			throw failure;
		}
	};
}
