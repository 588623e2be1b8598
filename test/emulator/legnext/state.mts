// Everything the emulator remembers (jobs, credits, requests, callbacks, faults) and the job lifecycle:
// credits are frozen on submit and refunded on failure; timers move jobs along and fire callbacks.
import { randomUUID } from 'node:crypto';

import { CallbackSender } from './callbacks.mts';
import type { JobPlan } from './endpoints.mts';
import { FaultBook } from './faults.mts';
import { ApiError, hash32, isoSeconds } from './http.mts';
import { EmulatedJob, STAGED_END, PENDING_END, type JobFailure } from './job.mts';
import { renderJob } from './render.mts';
import { type CallbackShape, shapeCallback, withoutProgress } from './shapes.mts';
import type { DeliveredCallback, JobStatus, RecordedRequest } from './types.mts';

export interface Settings {
	apiKey: string;
	jobDurationMs: number;
	imageSize: number;
	imageBytes?: number;
	credits: number;
	rateLimitPerSecond?: number;
	callbackRetries: number;
	callbackRetryDelayMs: number;
	callbackTimeoutMs?: number;
	progressCallbacks: boolean;
	callbackShape: CallbackShape;
	reportProgress: boolean;
	log?: (line: string) => void;
}

/** Test hooks in user text (documented in the README). */
export const FAIL_MARKER = '[emulator:fail]';
const FORBIDDEN = /forbidden-content/i;

export class EmulatorState {
	readonly jobs = new Map<string, EmulatedJob>();
	readonly requests: RecordedRequest[] = [];
	readonly downloads: RecordedRequest[] = [];
	readonly callbacks: DeliveredCallback[] = [];
	readonly faults = new FaultBook();
	readonly sender: CallbackSender;
	credits: number;
	creditsUpdatedAt = Date.now();
	jobDurationMs: number;
	rateHits: number[] = [];
	/** Origin of result file URLs; set once the server listens. */
	origin = '';
	private timers = new Set<NodeJS.Timeout>();

	constructor(readonly settings: Settings) {
		this.credits = settings.credits;
		this.jobDurationMs = settings.jobDurationMs;
		this.sender = new CallbackSender({
			retries: settings.callbackRetries,
			retryDelayMs: settings.callbackRetryDelayMs,
			timeoutMs: settings.callbackTimeoutMs,
			record: (cb) => this.callbacks.push(cb),
			isLive: (jobId) => this.jobs.has(jobId),
			log: settings.log,
		});
	}

	/** Turns a validated plan into a job: content policy (403), credits (402), failure hooks. */
	createJob(endpoint: string, request: Record<string, unknown>, plan: JobPlan, callbackUrl: string): EmulatedJob {
		if (plan.texts.some((t) => FORBIDDEN.test(t)))
			throw new ApiError(403, 'Sensitive content detected: the prompt violates the content policy');
		if (this.credits < plan.cost)
			throw new ApiError(
				402,
				`Insufficient credits: this task needs ${plan.cost} credits but ${this.credits} are available. Top up your balance or upgrade your plan`,
			);
		const id = randomUUID();
		const fault = this.faults.take('POST', endpoint, ['fail-job']);
		let failure: JobFailure | null = null;
		if (fault?.kind === 'fail-job') {
			const message = fault.message ?? 'Task failed (emulated failure)';
			failure = { code: fault.code ?? 500, message, raw_message: message };
		} else if (plan.texts.some((t) => t.includes(FAIL_MARKER))) {
			failure = { code: 500, message: 'Task failed (emulated failure)', raw_message: `prompt contains ${FAIL_MARKER}` };
		}
		const noSeed = plan.taskType === 'enhance_upscale' || plan.taskType === 'remove_background';
		const job = new EmulatedJob({
			id,
			taskType: plan.taskType,
			endpoint,
			request,
			prompt: plan.prompt,
			parsed: plan.parsed,
			version: plan.version,
			result: plan.result,
			count: plan.count,
			cost: plan.cost,
			callbackUrl,
			createdAt: Date.now(),
			durationMs: this.jobDurationMs,
			sourceJobId: plan.source?.id,
			sourceIndex: plan.sourceIndex,
			extensions: plan.extensions ?? 0,
			videoSeconds: plan.videoSeconds ?? 5,
			videoSize: plan.videoSize ?? [854, 480],
			seed: noSeed ? '' : (plan.seed ?? plan.parsed?.flags.seed ?? String(hash32(id))),
			failure,
		});
		this.setCredits(this.credits - plan.cost); // frozen on submit
		this.jobs.set(id, job);
		this.schedule(job);
		return job;
	}

	private at(time: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			// Timers may fire a millisecond before Date.now() reaches `time`: wait the rest.
			if (Date.now() < time) this.at(time, fn);
			else fn();
		}, Math.max(0, time - Date.now()));
		timer.unref();
		this.timers.add(timer);
	}

	private schedule(job: EmulatedJob): void {
		if (this.settings.progressCallbacks && job.callbackUrl) {
			const d = job.durationMs;
			const moments = [job.createdAt + d * PENDING_END, job.createdAt + d * STAGED_END, ...[25, 50, 75].map((p) => job.timeOfProgress(p))];
			for (const t of moments) this.at(t, () => this.progressEvent(job));
		}
		this.at(job.endsAt, () => this.settle(job));
	}

	/** Intermediate callback (progressCallbacks): the job as it is now, unless it already ended. */
	private progressEvent(job: EmulatedJob): void {
		if (!this.jobs.has(job.id) || job.finalized) return;
		const phase = job.phase();
		if (phase.status === 'completed' || phase.status === 'failed') return;
		this.sender.enqueue(job.id, job.callbackUrl, this.callbackBody(job), phase.status);
	}

	/** Finishes a job whose time is up (from its timer, or earlier from a read): refund, final callback. */
	settle(job: EmulatedJob): void {
		if (job.finalized || !this.jobs.has(job.id)) return;
		const { status } = job.phase();
		if (status !== 'completed' && status !== 'failed') return;
		job.finalized = true;
		if (status === 'failed') this.setCredits(this.credits + job.cost); // refunded on failure
		if (job.callbackUrl) this.sender.enqueue(job.id, job.callbackUrl, this.callbackBody(job), status);
	}

	settleAll(): void {
		for (const job of this.jobs.values()) this.settle(job);
	}

	render(job: EmulatedJob, as?: JobStatus) {
		const rendered = renderJob(job, this.origin, Date.now(), as);
		return this.settings.reportProgress ? rendered : withoutProgress(rendered);
	}

	/** A callback body in the configured shape (see shapes.mts). */
	callbackBody(job: EmulatedJob, as?: JobStatus): unknown {
		return shapeCallback(this.render(job, as), this.settings.callbackShape);
	}

	setCredits(credits: number): void {
		this.credits = credits;
		this.creditsUpdatedAt = Date.now();
	}

	/** GET /account/balance. 1 credit = $0.001 (docs: 80 points = $0.08); no bonus points here. */
	balance() {
		this.settleAll();
		const balanceUsd = Math.round(this.credits) / 1000;
		return {
			code: 200,
			data: {
				account_id: 1,
				balance_usd: balanceUsd,
				available_credits: this.credits,
				available_points: 0,
				alert_threshold: 10,
				low_balance_alert: balanceUsd < 10,
				updated_at: isoSeconds(this.creditsUpdatedAt),
			},
			message: 'success',
		};
	}

	/** Per-key limit over a rolling second; returns seconds to wait when over it. */
	rateLimited(now = Date.now()): number | undefined {
		const limit = this.settings.rateLimitPerSecond;
		if (!limit) return undefined;
		this.rateHits = this.rateHits.filter((t) => now - t < 1000);
		if (this.rateHits.length >= limit) return Math.max(1, Math.ceil((this.rateHits[0] + 1000 - now) / 1000));
		this.rateHits.push(now);
		return undefined;
	}

	reset(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.jobs.clear();
		this.sender.forget();
		// Cleared in place, so arrays already handed out stay live.
		this.requests.length = 0;
		this.downloads.length = 0;
		this.callbacks.length = 0;
		this.faults.clear();
		this.rateHits = [];
		this.setCredits(this.settings.credits);
		this.jobDurationMs = this.settings.jobDurationMs;
	}

	async close(): Promise<void> {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		await this.sender.close();
	}
}
