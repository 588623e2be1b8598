/**
 * A small counting semaphore. Downloads of one node run share one, so a batch of 50 jobs
 * streams a few files at a time instead of holding 50 half-read responses in memory.
 */
export class Limiter {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private max: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		// A waiting task is counted as active by whoever hands it the slot (admit).
		if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await task();
		} finally {
			this.active--;
			this.admit();
		}
	}

	/** Changes how many tasks may run at once; tasks already running go on. */
	setMax(max: number): void {
		this.max = max;
		this.admit();
	}

	private admit(): void {
		while (this.active < this.max && this.waiting.length) {
			this.active++;
			this.waiting.shift()!();
		}
	}
}

const shared = new WeakMap<object, Limiter>();

/** One limiter per key (e.g. the node run's execute data), created on first use. */
export function limiterFor(key: object | undefined, max: number): Limiter {
	if (!key) return new Limiter(max);
	let limiter = shared.get(key);
	if (!limiter) {
		limiter = new Limiter(max);
		shared.set(key, limiter);
	}
	return limiter;
}
