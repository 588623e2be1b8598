import { backoffDelay, pause, READ_RETRY } from './backoff';

/**
 * Waiting for a job: few status reads, little lag.
 *
 * Without progress information the interval grows from `firstDelayMs` by 1.6x up to
 * `maxDelayMs`. Once two reads report rising progress, the rate between them (timed on our
 * own clock, so server clock skew does not matter) predicts the finish, and the next read is
 * aimed just after it (never longer than `maxDelayMs`, never shorter than `minDelayMs`).
 * Reads that fail for transient reasons are retried with backoff; `Retry-After` is honoured.
 */

export interface JobSnapshot {
	finished: boolean;
	/** 0-100 when the provider says. */
	progress?: number;
}

/** A successful read: when (our clock) and how far along. */
export interface ProgressSample {
	atMs: number;
	progress?: number;
}

export type ReadOutcome<T> =
	| { ok: true; job: T; snapshot: JobSnapshot }
	| { ok: false; transient: true; retryAfterMs?: number; error: Error }
	| { ok: false; transient: false; error: Error };

export interface PollSchedule {
	firstDelayMs: number;
	minDelayMs: number;
	maxDelayMs: number;
	/** Margin added to a progress-based estimate so the read lands just after the finish. */
	aimAfterMs: number;
}

export const DEFAULT_SCHEDULE: PollSchedule = {
	firstDelayMs: 2000,
	minDelayMs: 1000,
	maxDelayMs: 15_000,
	aimAfterMs: 400,
};

export interface PollOptions {
	timeoutMs: number;
	schedule?: PollSchedule;
	signal?: AbortSignal;
	now?: () => number;
	onProgress?: (snapshot: JobSnapshot) => void;
}

export class PollTimeoutError<T> extends Error {
	constructor(
		readonly lastJob: T | undefined,
		readonly waitedMs: number,
	) {
		super(`still not finished after ${Math.round(waitedMs / 1000)} s`);
	}
}

export class PollCancelledError extends Error {
	constructor() {
		super('the execution was cancelled while waiting');
	}
}

export function nextDelay(
	previousDelayMs: number,
	previous: ProgressSample | undefined,
	current: ProgressSample,
	schedule: PollSchedule,
): number {
	const clamp = (ms: number) =>
		Math.round(Math.min(schedule.maxDelayMs, Math.max(schedule.minDelayMs, ms)));
	const p0 = previous?.progress;
	const p1 = current.progress;
	if (previous && p0 !== undefined && p1 !== undefined && p1 > p0 && p1 < 100) {
		const ratePerMs = (p1 - p0) / Math.max(1, current.atMs - previous.atMs);
		return clamp((100 - p1) / ratePerMs + schedule.aimAfterMs);
	}
	return clamp(previousDelayMs * 1.6);
}

export async function pollUntilFinished<T>(
	read: () => Promise<ReadOutcome<T>>,
	options: PollOptions,
): Promise<{ job: T; reads: number }> {
	const schedule = options.schedule ?? DEFAULT_SCHEDULE;
	const now = options.now ?? Date.now;
	const started = now();
	const deadline = started + options.timeoutMs;
	let waitMs = schedule.firstDelayMs;
	let previous: ProgressSample | undefined;
	let lastJob: T | undefined;
	let failuresInARow = 0;
	let reads = 0;

	for (;;) {
		await pause(Math.min(waitMs, Math.max(0, deadline - now())), options.signal);
		if (options.signal?.aborted) throw new PollCancelledError();

		reads++;
		const outcome = await read();
		if (outcome.ok) {
			failuresInARow = 0;
			lastJob = outcome.job;
			options.onProgress?.(outcome.snapshot);
			if (outcome.snapshot.finished) return { job: outcome.job, reads };
			const sample = { atMs: now(), progress: outcome.snapshot.progress };
			waitMs = nextDelay(waitMs, previous, sample, schedule);
			previous = sample;
		} else if (!outcome.transient || ++failuresInARow >= READ_RETRY.maxAttempts) {
			throw outcome.error;
		} else {
			waitMs = backoffDelay(failuresInARow - 1, READ_RETRY, outcome.retryAfterMs);
		}
		if (now() >= deadline) throw new PollTimeoutError(lastJob, now() - started);
	}
}
