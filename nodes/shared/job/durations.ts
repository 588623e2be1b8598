/**
 * Typical run times, learned from the jobs this process has seen finish, per provider and task
 * type: a provider that reports no progress can still be read just after a job's likely finish
 * instead of on a blind schedule. A finished job tells us it finished between the last read that
 * found it running and the read that found it done; the middle of that window is the sample.
 */
interface Learned {
	estimateMs: number;
	samples: number;
}

const learned = new Map<string, Learned>();
const MAX_KEYS = 500;

export function learnDuration(key: string, lastRunningMs: number, finishedSeenMs: number): void {
	if (!(finishedSeenMs > 0) || lastRunningMs < 0 || lastRunningMs > finishedSeenMs) return;
	const sample = (lastRunningMs + finishedSeenMs) / 2;
	const known = learned.get(key);
	if (!known) {
		if (learned.size >= MAX_KEYS) learned.delete(learned.keys().next().value as string);
		learned.set(key, { estimateMs: sample, samples: 1 });
		return;
	}
	// Tight windows (read just before and just after the finish) are worth more than wide ones.
	const weight = Math.min(0.8, Math.max(0.3, 1 - (finishedSeenMs - lastRunningMs) / Math.max(1, sample)));
	known.estimateMs = known.estimateMs * (1 - weight) + sample * weight;
	known.samples++;
}

export function typicalDuration(key: string): number | undefined {
	return learned.get(key)?.estimateMs;
}
