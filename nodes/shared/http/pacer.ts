import { sleep } from 'n8n-workflow';

import type { PacingRule } from '../provider';

/**
 * Pacing of one credential's API requests, shared by every item, status read and node run in
 * this process, so a batch slows down together instead of each item hammering the API on its own.
 *
 * - At most `maxInFlight` requests at once; starts are spaced by a gap that never goes below the
 *   provider's documented minimum interval (e.g. TheNextLeg's one request per 3 s).
 * - A 429 pauses every request for its Retry-After and doubles the gap (once per wave: requests
 *   that were already under way when we slowed down do not double it again); each success
 *   shrinks the gap by 5%, and it halves for every 10 s without a 429, toward the minimum. This
 *   finds a rate the API accepts within a few 429s, and forgets it once the API calms down.
 * - Waiters are served first come, first served, so items are submitted in their order.
 */
const DEFAULT_MAX_IN_FLIGHT = 8;
const MIN_BACKOFF_GAP_MS = 100;
const MAX_GAP_MS = 5_000;
const GAP_HALF_LIFE_MS = 10_000;

export interface Slot {
	startedAt: number;
	release(): void;
}

export class Pacer {
	private inFlight = 0;
	private gapMs: number;
	private nextStartAt = 0;
	private slowedAt = 0;
	/** Since when `gapMs` has been decaying. */
	private decayFrom = 0;
	private readonly waiting: Array<{ grant: (slot: Slot) => void; fail: (error: Error) => void; signal?: AbortSignal }> = [];
	private pumping = false;

	constructor(private rule: Required<PacingRule>) {
		this.gapMs = rule.minIntervalMs;
	}

	update(rule: Required<PacingRule>): void {
		this.rule = rule;
		this.gapMs = Math.max(this.gapMs, rule.minIntervalMs);
	}

	async acquire(signal?: AbortSignal): Promise<Slot> {
		return await new Promise<Slot>((grant, fail) => {
			this.waiting.push({ grant, fail, signal });
			void this.pump();
		});
	}

	/** The provider answered 429: everyone waits `retryAfterMs`, and the pace halves. */
	rateLimited(slot: Slot, retryAfterMs?: number): void {
		const now = Date.now();
		if (slot.startedAt >= this.slowedAt) {
			const slower = Math.max(this.gap(now) * 2, MIN_BACKOFF_GAP_MS);
			this.gapMs = Math.max(this.rule.minIntervalMs, Math.min(MAX_GAP_MS, slower));
			this.slowedAt = now;
			this.decayFrom = now;
		}
		this.nextStartAt = Math.max(this.nextStartAt, now + Math.max(retryAfterMs ?? 0, this.gapMs));
	}

	succeeded(): void {
		const now = Date.now();
		this.gapMs = Math.max(this.rule.minIntervalMs, this.gap(now) * 0.95);
		this.decayFrom = now;
	}

	/** The spacing between request starts now: the learned gap, decayed by the calm since the last 429. */
	private gap(now: number): number {
		const calm = Math.max(0, now - this.decayFrom);
		return Math.max(this.rule.minIntervalMs, this.gapMs * 0.5 ** (calm / GAP_HALF_LIFE_MS));
	}

	/** Current spacing between request starts, for benchmarks and tests. */
	get currentGapMs(): number {
		return this.gap(Date.now());
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.waiting.length) {
				const head = this.waiting[0];
				if (head.signal?.aborted) {
					this.waiting.shift();
					head.fail(new Error('cancelled'));
					continue;
				}
				const now = Date.now();
				if (this.inFlight >= this.rule.maxInFlight || now < this.nextStartAt) {
					// Short naps while at the concurrency limit; otherwise until the next start is due.
					await sleep(this.inFlight >= this.rule.maxInFlight ? 10 : Math.min(this.nextStartAt - now, 1000));
					continue;
				}
				this.waiting.shift();
				this.inFlight++;
				this.nextStartAt = now + this.gap(now);
				let released = false;
				head.grant({
					startedAt: now,
					release: () => {
						if (released) return;
						released = true;
						this.inFlight--;
					},
				});
			}
		} finally {
			this.pumping = false;
		}
	}
}

const pacers = new Map<string, Pacer>();

export function pacerFor(key: string, rule: PacingRule = {}): Pacer {
	const full: Required<PacingRule> = {
		minIntervalMs: rule.minIntervalMs ?? 0,
		maxInFlight: rule.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
	};
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer(full);
		pacers.set(key, pacer);
	} else {
		pacer.update(full);
	}
	return pacer;
}
