import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ApiContext, ReadOutcome } from '../http/apiRequest';
import { readFromApi } from '../http/apiRequest';
import { backoffDelay, READ_RETRY } from '../http/backoff';
import { batchFailure } from '../operation/batchLedger';
import type { Provider } from '../provider';
import { FINISHED_STATES } from '../provider';
import { learnDuration, typicalDuration } from './durations';
import type { ProgressSample } from './poll';
import { DEFAULT_SCHEDULE, nextDelay, PollCancelledError, PollTimeoutError } from './poll';

/**
 * Waits for all jobs of one node run together. Each job keeps its own schedule (poll.ts), but
 * one loop does the reading: jobs that are due at about the same time are read together, with
 * the provider's read-many endpoint where it has one (APIFRAME's fetch-many: 50 jobs in 3
 * requests), else one read each through the credential's pacer.
 */
interface Watched<Job> {
	ctx: IExecuteSingleFunctions;
	jobId: string;
	last: Job;
	/** Our clock when the job was handed to us (right after its submit, for submits). */
	since: number;
	deadline: number;
	/** Learn the run time from this job (it was submitted just now, not read later). */
	learn: boolean;
	learnKey: string;
	delayMs: number;
	nextReadAt: number;
	previous?: ProgressSample;
	failuresInARow: number;
	resolve(job: Job): void;
	reject(error: Error): void;
}

/** A job counts as due when its read is at most this share of its own wait away. */
const COALESCE_SHARE = 0.25;
const COALESCE_MIN_MS = 250;

export class JobWatcher<Job extends IDataObject> {
	private readonly watched = new Map<string, Watched<Job>>();
	private running = false;
	/** Status reads made, for tests and benchmarks. */
	reads = 0;

	constructor(private readonly provider: Provider<Job>) {}

	async wait(
		ctx: IExecuteSingleFunctions,
		job: Job,
		{ timeoutMs, learn }: { timeoutMs: number; learn: boolean },
	): Promise<Job> {
		const snapshot = this.provider.snapshot(job);
		const now = Date.now();
		return await new Promise<Job>((resolve, reject) => {
			// The same job twice in one run (two items reading one job) shares one schedule.
			const key = `${snapshot.id}:${ctx.getItemIndex()}`;
			this.watched.set(key, {
				ctx,
				jobId: snapshot.id,
				last: job,
				since: now,
				deadline: now + timeoutMs,
				learn,
				learnKey: `${this.provider.key}:${snapshot.taskType ?? ''}`,
				delayMs: DEFAULT_SCHEDULE.firstDelayMs,
				nextReadAt: now + DEFAULT_SCHEDULE.firstDelayMs,
				failuresInARow: 0,
				resolve,
				reject,
			});
			void this.loop();
		});
	}

	private async loop(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			while (this.watched.size) {
				this.stopWhereNeeded();
				if (!this.watched.size) break;
				const now = Date.now();
				const due = [...this.watched.values()].filter(
					(w) => w.nextReadAt - now <= Math.max(COALESCE_MIN_MS, w.delayMs * COALESCE_SHARE) || now >= w.deadline,
				);
				if (!due.length) {
					const earliest = Math.min(...[...this.watched.values()].map((w) => w.nextReadAt));
					await sleep(Math.max(10, Math.min(earliest - now, 1000)));
					continue;
				}
				await this.readAll(due);
			}
		} finally {
			this.running = false;
		}
	}

	/** Cancelled executions, jobs past their timeout, and runs another item already failed. */
	private stopWhereNeeded(): void {
		const now = Date.now();
		for (const [key, w] of this.watched) {
			const cancelled = w.ctx.getExecutionCancelSignal()?.aborted;
			const failed = batchFailure(w.ctx, this.provider);
			let error: Error | undefined;
			if (cancelled) error = new PollCancelledError();
			else if (failed) error = failed;
			else if (now >= w.deadline) error = new PollTimeoutError(w.last, now - w.since);
			if (error) {
				this.watched.delete(key);
				w.reject(error);
			}
		}
	}

	private async readAll(due: Array<Watched<Job>>): Promise<void> {
		const many = this.provider.readMany;
		const ids = [...new Set(due.map((w) => w.jobId))];
		if (many && ids.length >= many.min) {
			const chunks: string[][] = [];
			for (let i = 0; i < ids.length; i += many.max) chunks.push(ids.slice(i, i + many.max));
			// A last chunk below the endpoint's minimum borrows ids from the one before it.
			const last = chunks[chunks.length - 1];
			if (chunks.length > 1 && last.length < many.min) {
				const previous = chunks[chunks.length - 2];
				last.unshift(...previous.splice(previous.length - (many.min - last.length)));
			}
			await Promise.all(chunks.map(async (chunk) => await this.readChunk(due, chunk)));
			return;
		}
		await Promise.all(ids.map(async (id) => await this.readOne(due, id)));
	}

	private reader(due: Array<Watched<Job>>, ids: string[]): ApiContext {
		return due.find((w) => ids.includes(w.jobId))!.ctx as unknown as ApiContext;
	}

	private async readChunk(due: Array<Watched<Job>>, ids: string[]): Promise<void> {
		const many = this.provider.readMany!;
		this.reads++;
		const outcome = await readFromApi<Job[]>(
			this.reader(due, ids),
			this.provider,
			many.request(ids, ids.map((id) => due.find((w) => w.jobId === id)!.last)),
			(answer) => many.parse(answer),
			`Reading ${ids.length} jobs`,
		);
		if (!outcome.ok) {
			for (const id of ids) this.apply(due, id, outcome);
			return;
		}
		const byId = new Map(outcome.value.map((job) => [this.provider.snapshot(job).id, job]));
		for (const id of ids) {
			const job = byId.get(id);
			// A job missing from a read-many answer is read on its own next time round.
			if (job) this.apply(due, id, { ok: true, value: job });
			else await this.readOne(due, id);
		}
	}

	private async readOne(due: Array<Watched<Job>>, id: string): Promise<void> {
		this.reads++;
		const last = due.find((w) => w.jobId === id)?.last;
		const outcome = await readFromApi<Job>(
			this.reader(due, [id]),
			this.provider,
			this.provider.statusRequest(id, last),
			(answer) => this.provider.parseJob(answer, { jobId: id, last }),
			`Reading job ${id}`,
		);
		this.apply(due, id, outcome);
	}

	private apply(due: Array<Watched<Job>>, id: string, outcome: ReadOutcome<Job>): void {
		const now = Date.now();
		for (const w of due.filter((entry) => entry.jobId === id)) {
			const key = `${w.jobId}:${w.ctx.getItemIndex()}`;
			if (!this.watched.has(key)) continue;
			if (!outcome.ok) {
				if (!outcome.transient || ++w.failuresInARow >= READ_RETRY.maxAttempts) {
					this.watched.delete(key);
					w.reject(outcome.error);
					continue;
				}
				w.delayMs = backoffDelay(w.failuresInARow - 1, READ_RETRY, outcome.retryAfterMs);
				w.nextReadAt = now + w.delayMs;
				continue;
			}
			w.failuresInARow = 0;
			w.last = outcome.value;
			const snapshot = this.provider.snapshot(outcome.value);
			if (FINISHED_STATES.has(snapshot.state)) {
				if (w.learn) learnDuration(w.learnKey, (w.previous?.atMs ?? 0), now - w.since);
				this.watched.delete(key);
				w.resolve(outcome.value);
				continue;
			}
			const current: ProgressSample = { atMs: now - w.since, progress: snapshot.progress };
			w.delayMs = nextDelay({
				previousDelayMs: w.delayMs,
				previous: w.previous,
				current,
				typicalMs: typicalDuration(w.learnKey),
			});
			w.previous = current;
			w.nextReadAt = now + w.delayMs;
		}
	}
}
