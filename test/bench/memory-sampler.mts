// The memory sampler of the memory benchmark's child processes (node --expose-gc).
//
// Three views of this process's memory, as growth over a baseline taken after warm-up:
//  - held:     heapUsed + external and RSS as they are at each 5 ms tick, garbage included;
//  - retained: heapUsed + external right after ONE forced full GC (every 5th tick). This is
//              what the benchmark reported until now, and it over-counts: V8 frees the backing
//              stores of dead ArrayBuffers (Buffers: every chunk a socket reads) on a background
//              sweeper and takes their bytes off `external` only when that sweep is finalised,
//              i.e. at the NEXT GC. So right after a GC `external` still holds every Buffer that
//              died since the previous one (`arrayBuffers`, counted by Node's allocator, is
//              already down). With a full GC taking 0.1-0.6 s on this machine and files coming
//              in at tens of MB/s, that is ~10-15 MB of freed chunks, whatever the file size.
//  - settled:  heapUsed + external after a SECOND back-to-back GC (nothing runs in between, so
//              it only finalises the first one's sweep): the memory that is really still
//              referenced. Reported as heap and external parts.
// See memory.mts for the measurements behind this.
import v8 from 'node:v8';

const gc = (globalThis as { gc?: () => void }).gc;

interface Reading {
	heap: number;
	ext: number;
	ab: number;
	rss: number;
}

const spaces = (): Record<string, number> =>
	Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));

const read = (): Reading => {
	const m = process.memoryUsage();
	return { heap: m.heapUsed, ext: m.external, ab: m.arrayBuffers, rss: m.rss };
};

export interface MemoryFigures {
	files: number;
	fileBytes: number;
	totalBytes: number;
	/** Peak heapUsed + external at a 5 ms tick, garbage included. */
	jsGrowth: number;
	/** Peak heapUsed + external after one forced GC (the old "retained"). */
	liveGrowth: number;
	/** Peak heapUsed + external after two back-to-back forced GCs: really referenced. */
	settledGrowth: number;
	/** Its heap and external parts, at that peak. */
	settledHeap: number;
	settledExternal: number;
	/** Largest external part alone (after two GCs): Buffers really held, apart from heap drift. */
	settledExternalPeak: number;
	/** V8 heap spaces that grew or shrank by >= 0.25 MB at the settled peak (e.g. large_object_space: big strings/arrays). */
	peakSpaces: Record<string, number>;
	/** Largest (one-GC minus two-GC) external seen: freed Buffers still counted. */
	freedButCounted: number;
	/** Settled growth once the run is over (what the output items keep). */
	afterGrowth: number;
	rssGrowth: number;
	/** Forced-GC sampling points and their mean pause (ms): the sampling rhythm actually achieved. */
	samples: number;
	gcMs: number;
	wall: number;
}

export class Sampler {
	private base: Reading = read();
	private peakHeld = 0;
	private peakRss = 0;
	private peakLive = 0;
	private peakSettled = { total: 0, heap: 0, ext: 0 };
	private peakExternal = 0;
	private baseSpaces: Record<string, number> = {};
	private peakSpaces: Record<string, number> = {};
	private freedButCounted = 0;
	private ticks = 0;
	private samples = 0;
	private gcTotal = 0;
	private timer?: ReturnType<typeof setInterval>;
	private started = 0;

	/** Forced-GC samples every this many 5 ms ticks (default 5: every 25 ms). */
	private readonly gcEveryTicks: number;

	// (No parameter properties: n8n's Node 24 loads this file in a queue-mode worker by stripping
	// the types, which supports only erasable TypeScript.)
	constructor(gcEveryTicks = 5) {
		if (!gc) throw new Error('run with node --expose-gc');
		this.gcEveryTicks = gcEveryTicks;
	}

	private settle(): Reading {
		gc!();
		gc!();
		return read();
	}

	/** Baseline now (after two GCs and a pause), then sample until stop(). */
	async start(): Promise<void> {
		gc!();
		await new Promise((resolve) => setTimeout(resolve, 200));
		this.base = this.settle();
		this.baseSpaces = spaces();
		const b = this.base;
		this.started = Date.now();
		this.timer = setInterval(() => {
			const now = read();
			this.peakHeld = Math.max(this.peakHeld, now.heap + now.ext - b.heap - b.ext);
			this.peakRss = Math.max(this.peakRss, now.rss - b.rss);
			if (++this.ticks % this.gcEveryTicks !== 0) return;
			const t0 = performance.now();
			gc!();
			this.gcTotal += performance.now() - t0;
			const once = read();
			gc!();
			const twice = read();
			this.samples++;
			this.peakLive = Math.max(this.peakLive, once.heap + once.ext - b.heap - b.ext);
			this.freedButCounted = Math.max(this.freedButCounted, once.ext - twice.ext);
			const settled = twice.heap + twice.ext - b.heap - b.ext;
			this.peakExternal = Math.max(this.peakExternal, twice.ext - b.ext);
			if (settled > this.peakSettled.total) {
				this.peakSettled = { total: settled, heap: twice.heap - b.heap, ext: twice.ext - b.ext };
				const now = spaces();
				this.peakSpaces = Object.fromEntries(
					Object.entries(now)
						.map(([name, used]) => [name, used - (this.baseSpaces[name] ?? 0)] as const)
						.filter(([, delta]) => Math.abs(delta) >= 256 * 1024),
				);
			}
		}, 5);
	}

	stop(sizes: number[]): MemoryFigures {
		const wall = Date.now() - this.started;
		clearInterval(this.timer);
		const after = this.settle();
		return {
			files: sizes.length,
			fileBytes: Math.max(...sizes),
			totalBytes: sizes.reduce((a, b) => a + b, 0),
			jsGrowth: this.peakHeld,
			liveGrowth: this.peakLive,
			settledGrowth: this.peakSettled.total,
			settledHeap: this.peakSettled.heap,
			settledExternal: this.peakSettled.ext,
			settledExternalPeak: this.peakExternal,
			peakSpaces: this.peakSpaces,
			freedButCounted: this.freedButCounted,
			afterGrowth: after.heap + after.ext - this.base.heap - this.base.ext,
			rssGrowth: this.peakRss,
			samples: this.samples,
			gcMs: this.samples ? this.gcTotal / this.samples : 0,
			wall,
		};
	}
}
