import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError } from './asNodeError';
import { transportApiError } from './apiErrors';
import { backoffDelay, MAX_RETRY_AFTER_MS, pause, SUBMIT_RETRY } from './backoff';
import { classifyTransportError } from './transportErrors';

/**
 * The request loop of every declarative operation, hooked in through RoutingNode's
 * `routing.operations.pagination` (the one declarative hook that owns the request call, so it
 * is the only place a refused connection can be caught and retried). There is no paging here.
 *
 * Never double-charge: a request is sent again only when it surely was not processed: the
 * provider answered 429 (flagged by the postReceive step via `markNotProcessed`) or the
 * connection was refused. A timeout or a broken connection after sending is reported, not
 * retried, unless the request is a GET (reading is free and idempotent).
 */

const notProcessed = new WeakMap<object, number | undefined>();
const answered = new WeakSet<object>();

/** The provider answered and did not act on the request (429): it may be sent again. */
export function markNotProcessed<T extends object>(error: T, retryAfterMs?: number): T {
	notProcessed.set(error, retryAfterMs);
	return error;
}

/** The provider answered; whatever failed after that must not cause a resend. */
export function markAnswered<T extends object>(error: T): T {
	answered.add(error);
	return error;
}

export function sendWithRetries(provider: string) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const idempotent = (requestData.options.method ?? 'GET').toUpperCase() === 'GET';
		const signal = this.getExecutionCancelSignal();
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.makeRoutingRequest(requestData);
			} catch (error) {
				const canRetry = attempt + 1 < SUBMIT_RETRY.maxAttempts && !signal?.aborted;
				const failure = asNodeError(this.getNode(), error, this.getItemIndex());
				if (notProcessed.has(error as object)) {
					const retryAfter = notProcessed.get(error as object);
					if (!canRetry || (retryAfter ?? 0) > MAX_RETRY_AFTER_MS) throw failure;
					await pause(backoffDelay(attempt, SUBMIT_RETRY, retryAfter), signal);
					continue;
				}
				if (answered.has(error as object)) throw failure;

				const kind = classifyTransportError(error);
				const safe = kind === 'not-sent' || (idempotent && (kind === 'timeout' || kind === 'broken'));
				if (safe && canRetry) {
					await pause(backoffDelay(attempt, SUBMIT_RETRY), signal);
					continue;
				}
				throw transportApiError(
					this.getNode(),
					provider,
					error,
					idempotent ? 'Reading from the API' : 'Submitting the request',
					this.getItemIndex(),
				);
			}
		}
	};
}
