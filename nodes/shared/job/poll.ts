/**
 * When to read a job's status next: few status reads, little lag.
 *
 * 1. Progress known: once two reads report rising progress, the rate between them (timed on our
 *    own clock, so server clock skew does not matter) predicts the finish, and the next read is
 *    aimed just after it.
 * 2. No progress, but jobs of this kind were seen finishing before (`typicalMs`): one early read
 *    (to notice a quick failure), then the next read is aimed at 95% of the typical run time, and
 *    from there reads come every 5% of it, growing if the job runs long. A single progress
 *    reading caps that jump (the rate since submit predicts the finish; progress 0 caps it at
 *    `maxDelayMs`): one task type can run 5 s or 60 s (fast and relax, short and long videos),
 *    and what was learned from the long ones must not make a short one wait for their time.
 * 3. Neither: the interval grows from `firstDelayMs` by 1.6x up to `maxDelayMs`.
 * Never longer than `maxDelayMs` between reads, except the jump to a learned finish (at most
 * `maxJumpMs`), never shorter than `minDelayMs`.
 */

export interface PollSchedule {
	firstDelayMs: number;
	minDelayMs: number;
	maxDelayMs: number;
	/** Longest single wait when aiming at a learned finish. */
	maxJumpMs: number;
	/** Margin added to a progress-based estimate so the read lands just after the finish. */
	aimAfterMs: number;
}

export const DEFAULT_SCHEDULE: PollSchedule = {
	firstDelayMs: 2000,
	minDelayMs: 1000,
	maxDelayMs: 15_000,
	maxJumpMs: 60_000,
	aimAfterMs: 400,
};

/** A read that found the job unfinished: when (our clock, ms since the job was submitted) and how far. */
export interface ProgressSample {
	atMs: number;
	progress?: number;
}

export interface PlanInput {
	previousDelayMs: number;
	previous?: ProgressSample;
	current: ProgressSample;
	/** Typical run time of this kind of job (ms from submit to finish), when learned. */
	typicalMs?: number;
}

export function nextDelay(input: PlanInput, schedule: PollSchedule = DEFAULT_SCHEDULE): number {
	const { previousDelayMs, previous, current, typicalMs } = input;
	const clamp = (ms: number, max = schedule.maxDelayMs) => Math.round(Math.min(max, Math.max(schedule.minDelayMs, ms)));
	const p0 = previous?.progress;
	const p1 = current.progress;
	if (previous && p0 !== undefined && p1 !== undefined && p1 > p0 && p1 < 100) {
		const ratePerMs = (p1 - p0) / Math.max(1, current.atMs - previous.atMs);
		return clamp((100 - p1) / ratePerMs + schedule.aimAfterMs);
	}
	if (typicalMs !== undefined && typicalMs > 0) {
		const aim = typicalMs * 0.95;
		const step = Math.max(schedule.minDelayMs, typicalMs * 0.05);
		if (current.atMs < aim - step / 2) {
			const jump = aim - current.atMs;
			// Progress 0 from a provider that reports it: still queued. Its readings will soon
			// say more than the learned time, so read at the usual pace until they do.
			if (p1 === 0) return clamp(jump);
			if (p1 === undefined || !(p1 > 0) || p1 >= 100) return clamp(jump, schedule.maxJumpMs);
			// Rate since submit (queue time included, so this errs late, never early).
			const byProgress = (current.atMs * (100 - p1)) / p1 + schedule.aimAfterMs;
			return clamp(Math.min(jump, byProgress), schedule.maxJumpMs);
		}
		// Past the typical finish: short steps that slowly grow, as a long job goes on.
		const over = Math.max(0, current.atMs - aim);
		return clamp(step * (1 + over / typicalMs) ** 2);
	}
	return clamp(previousDelayMs * 1.6);
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
