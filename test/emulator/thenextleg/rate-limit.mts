// The documented limit (v2 notes §1, citing the getting-started page): "one request per 3 seconds" per
// token. Every authenticated API call counts (submits and reads alike); refused calls do not move the clock.
// Arrival times are compared with sub-millisecond precision. An arrival a little early still passes (the
// slack: 10% of the interval, at most 100 ms), so a client that spaces its sends by exactly the interval
// is not refused because its previous request took longer to arrive (network, scheduling). Retry-After
// (whole seconds, rounded up) and Retry-After-Ms (ms, rounded up) are computed without that slack: a
// client waiting either one from the 429 is never refused again.
import { performance } from 'node:perf_hooks';

export const slackMs = (minIntervalMs: number) => Math.min(100, minIntervalMs / 10);

export const preciseNow = () => performance.timeOrigin + performance.now();

export class RateLimiter {
	private readonly last = new Map<string, number>();

	constructor(public minIntervalMs: number) {}

	/** 0 when accepted (and counted), otherwise the ms still to wait. */
	check(token: string, now = preciseNow()): number {
		if (!(this.minIntervalMs > 0)) return 0;
		const previous = this.last.get(token);
		if (previous !== undefined) {
			const wait = previous + this.minIntervalMs - now;
			if (wait > slackMs(this.minIntervalMs)) return wait;
		}
		this.last.set(token, now);
		return 0;
	}

	reset(): void {
		this.last.clear();
	}
}

/** The 429 headers for a wait of `ms`. */
export function retryHeaders(ms: number): Record<string, string> {
	return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))), 'retry-after-ms': String(Math.ceil(ms)) };
}
