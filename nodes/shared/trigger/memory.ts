import type { IDataObject } from 'n8n-workflow';

/**
 * What a trigger already emitted, so a callback delivered twice (retries, duplicates, late or
 * out-of-order deliveries) starts one execution, not two.
 *
 * n8n loads the workflow's static data afresh for every webhook request and saves it after,
 * so concurrent requests each save their own copy and the last one wins: a plain
 * check-then-record on static data loses entries under load and lets concurrent duplicates
 * through. So the memory lives in this process (one per workflow and trigger node), with:
 * - a claim per (job, status) while a callback is being processed: a duplicate that arrives
 *   meanwhile waits for the outcome instead of racing it;
 * - the remembered lists merged with whatever static data each request loaded (another
 *   process's entries, or the saved lists after a restart), and handed to static data as the
 *   very same arrays, so whichever request n8n saves last saves everything known by then.
 * Across several n8n processes (queue mode with several webhook processors) the in-process
 * claim does not reach the other processes; the README says what holds there.
 */
export const MAX_REMEMBERED = 5000;

interface Remembered {
	list: string[];
	set: Set<string>;
}

interface ProcessMemory {
	seen: Remembered;
	finished: Remembered;
	claims: Map<string, Promise<boolean>>;
}

const memories = new Map<string, ProcessMemory>();

function remembered(): Remembered {
	return { list: [], set: new Set() };
}

function add(target: Remembered, value: string): void {
	if (target.set.has(value)) return;
	target.list.push(value);
	target.set.add(value);
	// Bounded: oldest out, in place (the array is shared with static data).
	while (target.list.length > MAX_REMEMBERED) target.set.delete(target.list.shift() as string);
}

function merge(target: Remembered, saved: unknown): void {
	if (!Array.isArray(saved) || saved === target.list) return;
	for (const value of saved) if (typeof value === 'string') add(target, value);
}

export class TriggerMemory {
	private constructor(
		private readonly memory: ProcessMemory,
		private readonly staticData: IDataObject,
		private readonly prefix: string,
	) {}

	/**
	 * The memory of one trigger node (`scope`: provider, workflow and node), merged with what
	 * this request's static data holds, and wired into it so n8n saves it.
	 */
	static open(scope: string, prefix: string, staticData: IDataObject): TriggerMemory {
		let memory = memories.get(scope);
		if (!memory) {
			memory = { seen: remembered(), finished: remembered(), claims: new Map() };
			memories.set(scope, memory);
		}
		merge(memory.seen, staticData[`${prefix}Seen`]);
		merge(memory.finished, staticData[`${prefix}Finished`]);
		const opened = new TriggerMemory(memory, staticData, prefix);
		opened.save();
		return opened;
	}

	/** Assigning marks n8n's static data as changed, so it is saved after this request. */
	private save(): void {
		this.staticData[`${this.prefix}Seen`] = this.memory.seen.list;
		this.staticData[`${this.prefix}Finished`] = this.memory.finished.list;
	}

	emitted(jobId: string, status: string): boolean {
		return this.memory.seen.set.has(`${jobId}:${status}`);
	}

	/** A job that finished is done: later progress callbacks for it are stale. */
	finished(jobId: string): boolean {
		return this.memory.finished.set.has(jobId);
	}

	/**
	 * Runs `work` for (job, status) unless another request is already doing so; then waits for
	 * that one. `work` resolves true when it emitted (or deliberately dropped) the callback, and
	 * false (or throws) when it could not process it, so a later delivery tries again.
	 * Resolves whether this request did the work.
	 */
	async claim(jobId: string, status: string, work: () => Promise<boolean>): Promise<'done' | 'duplicate'> {
		const key = `${jobId}:${status}`;
		for (;;) {
			if (this.emitted(jobId, status)) return 'duplicate';
			const pending = this.memory.claims.get(key);
			if (!pending) break;
			const handled = await pending.catch(() => false);
			if (handled) return 'duplicate';
		}
		const running = work();
		this.memory.claims.set(key, running);
		try {
			await running;
			return 'done';
		} finally {
			this.memory.claims.delete(key);
		}
	}

	/** Records an emitted callback (call only once it is emitted). */
	record(jobId: string, status: string, finished: boolean): void {
		add(this.memory.seen, `${jobId}:${status}`);
		if (finished) add(this.memory.finished, jobId);
		this.save();
	}
}
