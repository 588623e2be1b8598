import { sleep } from 'n8n-workflow';

export interface RetryPolicy {
	/** Attempts in all, the first one included. */
	maxAttempts: number;
	baseMs: number;
	maxMs: number;
}

/** Submitting costs credits: a few patient attempts, never an endless loop. */
export const SUBMIT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 1000, maxMs: 30_000 };

/**
 * A 429 means the request was not processed, so sending it again is safe; the credential's pacer
 * spaces the retries, so more of them are allowed than for other failures.
 */
export const RATE_LIMIT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 1000, maxMs: 30_000 };

/** Reading status is free and idempotent, but a flaky network still must not spin forever. */
export const READ_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 500, maxMs: 15_000 };

/** The longest Retry-After we are willing to sit out inside one execution. */
export const MAX_RETRY_AFTER_MS = 120_000;

/**
 * Exponential backoff with jitter; a server-sent Retry-After wins when it is longer, because
 * asking again sooner only earns another 429.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfter?: number): number {
	const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
	const jittered = exponential / 2 + Math.random() * (exponential / 2);
	return Math.round(retryAfter !== undefined ? Math.max(retryAfter, jittered) : jittered);
}

/**
 * Sleeps in short slices so a cancelled execution stops waiting within a second instead of
 * finishing a long poll interval.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	let left = ms;
	while (left > 0) {
		if (signal?.aborted) return;
		const slice = Math.min(left, 1000);
		await sleep(slice);
		left -= slice;
	}
}
