// When the next status read comes (nodes/shared/job/poll.ts): the polling benchmark measures the
// whole loop; these pin the rules it is built from.
import { describe, expect, it } from 'vitest';

import { DEFAULT_SCHEDULE, nextDelay } from '../../nodes/shared/job/poll.ts';

describe('nextDelay', () => {
	it('aims just after the finish two rising progress readings predict', () => {
		// 20% -> 60% in 4 s: 10%/s, 40% left -> 4 s, plus the margin.
		const ms = nextDelay({ previousDelayMs: 4000, previous: { atMs: 2000, progress: 20 }, current: { atMs: 6000, progress: 60 } });
		expect(ms).toBe(4000 + DEFAULT_SCHEDULE.aimAfterMs);
	});

	it('jumps to 95% of a learned run time when the job reports no progress', () => {
		expect(nextDelay({ previousDelayMs: 2000, current: { atMs: 2000 }, typicalMs: 60_000 })).toBe(55_000);
	});

	it('a single progress reading keeps a short job from waiting for a long learned run time', () => {
		// Learned 60 s (earlier jobs of this type); this one is at 40% after 2 s: about 3 s left.
		const ms = nextDelay({ previousDelayMs: 2000, current: { atMs: 2000, progress: 40 }, typicalMs: 60_000 });
		expect(ms).toBe(3000 + DEFAULT_SCHEDULE.aimAfterMs);
	});

	it('a progress reading that predicts a later finish than the learned one does not delay the read', () => {
		// Learned 10 s; 5% after 2 s would predict 38 s more: the learned aim (9.5 s) wins.
		expect(nextDelay({ previousDelayMs: 2000, current: { atMs: 2000, progress: 5 }, typicalMs: 10_000 })).toBe(7500);
	});

	it('progress 0 (still queued) from a provider that reports progress: the usual pace, not the learned jump', () => {
		expect(nextDelay({ previousDelayMs: 2000, current: { atMs: 2000, progress: 0 }, typicalMs: 60_000 })).toBe(DEFAULT_SCHEDULE.maxDelayMs);
		expect(nextDelay({ previousDelayMs: 2000, current: { atMs: 2000, progress: 0 }, typicalMs: 8000 })).toBe(5600);
	});

	it('without progress or a learned run time the interval grows 1.6x up to the maximum', () => {
		expect(nextDelay({ previousDelayMs: 2000, current: { atMs: 2000 } })).toBe(3200);
		expect(nextDelay({ previousDelayMs: 14_000, current: { atMs: 40_000 } })).toBe(DEFAULT_SCHEDULE.maxDelayMs);
	});
});
