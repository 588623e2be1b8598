// Everything the emulator remembers (tasks, credits, requests, webhooks, faults) and the task
// lifecycle: credits are taken on submit and given back on failure; timers send webhooks and settle.
import { randomUUID } from 'node:crypto';

import { FaultBook } from '../legnext/faults.mts';
import { seedOf, srefOf, type TaskPlan } from './endpoints.mts';
import { ApiframeError, errorsBody, type Body } from './fields.mts';
import { renderTask, type RenderOptions } from './render.mts';
import { EmulatedTask, PENDING_END, RETRY_WINDOW, STARTING_END } from './task.mts';
import type { DeliveredCallback, LiveOptions, RecordedRequest, TaskStatus } from './types.mts';
import { WebhookSender } from './webhooks.mts';

export interface Settings extends Required<Omit<LiveOptions, 'rateLimitPerSecond'>> {
	apiKey: string;
	rateLimitPerSecond?: number;
	jobDurationMs: number;
	imageSize: number;
	imageBytes?: number;
	credits: number;
	email: string;
	plan: string;
	webhookRetries: number;
	webhookRetryDelayMs: number;
	log?: (line: string) => void;
}

/** Test hooks in the prompt (README "Test hooks"). */
export const FAIL_MARKER = '[emulator:fail]';
export const RETRY_MARKER = '[emulator:retry]';

/** Percentages at which progress webhooks go out (besides `starting` and `retrying`). */
const PROGRESS_STEPS = [25, 50, 75];

export class EmulatorState {
	readonly tasks = new Map<string, EmulatedTask>();
	readonly requests: RecordedRequest[] = [];
	readonly downloads: RecordedRequest[] = [];
	readonly callbacks: DeliveredCallback[] = [];
	readonly faults = new FaultBook();
	readonly webhooks: WebhookSender;
	/** The start options; `live` is what configure() changes. */
	live: Settings;
	credits: number;
	jobDurationMs: number;
	/** GET /account `total_images`: images of finished tasks. */
	totalImages = 0;
	/** Origin of result file URLs; set once the server listens. */
	origin = '';
	private rateHits: number[] = [];
	private timers = new Set<NodeJS.Timeout>();

	constructor(readonly settings: Settings) {
		this.live = { ...settings };
		this.credits = settings.credits;
		this.jobDurationMs = settings.jobDurationMs;
		this.webhooks = new WebhookSender({
			retries: settings.webhookRetries,
			retryDelayMs: settings.webhookRetryDelayMs,
			record: (cb) => this.callbacks.push(cb),
			isLive: (id) => this.tasks.has(id),
			log: settings.log,
		});
	}

	get renderOptions(): RenderOptions {
		const { finalShape, failureShape, videoShape } = this.live;
		return { origin: this.origin, finalShape, failureShape, videoShape };
	}

	lookup(id: string): EmulatedTask | undefined {
		const task = this.tasks.get(id);
		if (task) this.settle(task);
		return task;
	}

	/** A validated plan becomes a task: credits (402, our choice), failure hooks, timers. */
	createTask(
		endpoint: string,
		body: Body,
		plan: TaskPlan,
		mode: 'fast' | 'turbo' | undefined,
		hook: { url: string; secret?: string },
	) {
		const cost = plan.cost * (mode === 'turbo' && plan.turboDoubles ? 2 : 1);
		if (this.credits < cost)
			throw new ApiframeError(
				402,
				errorsBody(`Not enough credits: this task needs ${cost}, the account has ${this.credits}`),
			);
		const id = randomUUID();
		const fault = this.faults.take('POST', endpoint, ['fail-job']);
		let failure: string | null = null;
		if (fault?.kind === 'fail-job') failure = fault.message ?? 'Task failed (emulated failure)';
		else if (plan.prompt.includes(FAIL_MARKER))
			failure = `Task failed (the prompt contains ${FAIL_MARKER})`;
		const request = { ...body };
		if (request.webhook_secret !== undefined) request.webhook_secret = '[redacted]';
		const images =
			plan.result === 'grid'
				? [0, 1, 2, 3].map((n) => `${id}:${n}`)
				: plan.result === 'image'
					? [plan.imageKey ?? `${id}:0`]
					: [];
		const task = new EmulatedTask({
			id,
			endpoint,
			taskType: plan.taskType,
			request,
			prompt: plan.prompt,
			result: plan.result,
			cost,
			processMode: mode,
			webhookUrl: hook.url,
			webhookSecret: hook.secret,
			createdAt: Date.now(),
			durationMs: this.jobDurationMs,
			parentId: plan.parent?.id,
			index: plan.index,
			failure,
			retrying: plan.prompt.includes(RETRY_MARKER),
			seed: plan.seed ?? seedOf(plan.prompt, id),
			sref: plan.result === 'grid' ? srefOf(plan.prompt, id) : undefined,
			imageKeys: images,
			imageScale: plan.imageScale ?? 1,
			videoSeconds: plan.videoSeconds ?? 5,
			imageUrl: plan.imageUrl,
		});
		this.credits -= cost;
		this.tasks.set(id, task);
		this.schedule(task);
		return task;
	}

	private at(time: number, fn: () => void): void {
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				// A timer may fire a little before Date.now() reaches `time`.
				if (Date.now() < time) this.at(time, fn);
				else fn();
			},
			Math.max(0, time - Date.now()),
		);
		timer.unref();
		this.timers.add(timer);
	}

	private schedule(task: EmulatedTask): void {
		if (task.webhookUrl) {
			const d = task.durationMs;
			const moments = [task.createdAt + d * PENDING_END, task.createdAt + d * STARTING_END];
			if (task.retrying) moments.push(task.createdAt + d * RETRY_WINDOW[0]);
			moments.push(...PROGRESS_STEPS.map((p) => task.timeOfPercentage(p)));
			for (const t of moments.sort((a, b) => a - b)) this.at(t, () => this.progressUpdate(task, t));
		}
		this.at(task.endsAt, () => this.settle(task));
	}

	/**
	 * §5 "updates": the task as /fetch showed it at `moment` (a late timer does not skip a step),
	 * unless it has ended meanwhile or progress webhooks are off.
	 */
	private progressUpdate(task: EmulatedTask, moment: number): void {
		if (!this.live.progressWebhooks || !this.tasks.has(task.id) || task.finalized) return;
		if (task.endsAt <= Date.now()) return;
		const body = renderTask(task, this.renderOptions, moment);
		this.webhooks.queue({
			taskId: task.id,
			url: task.webhookUrl,
			body,
			secret: task.webhookSecret,
			event: task.phase(moment).status,
			final: false,
		});
	}

	/** Ends a task whose time is up (from its timer, or earlier from a read): refund, counters, final webhook. */
	settle(task: EmulatedTask): void {
		if (task.finalized || !this.tasks.has(task.id)) return;
		const { status } = task.phase();
		if (status !== 'finished' && status !== 'failed') return;
		task.finalized = true;
		if (status === 'failed')
			this.credits += task.cost; // our choice: refunded on failure
		else this.totalImages += task.imageCount;
		if (task.webhookUrl)
			this.webhooks.queue({
				taskId: task.id,
				url: task.webhookUrl,
				body: this.render(task),
				secret: task.webhookSecret,
				event: status,
				final: true,
			});
	}

	settleAll(): void {
		for (const task of this.tasks.values()) this.settle(task);
	}

	render(task: EmulatedTask, as?: TaskStatus) {
		return renderTask(task, this.renderOptions, Date.now(), as);
	}

	/** GET /account: the v1 SDK's `{email, credits, total_images, plan}` (§3). */
	account() {
		this.settleAll();
		return {
			email: this.live.email,
			credits: this.credits,
			total_images: this.totalImages,
			plan: this.live.plan,
		};
	}

	/** Requests over the last rolling second; returns seconds to wait when over the limit. */
	rateLimited(now = Date.now()): number | undefined {
		const limit = this.live.rateLimitPerSecond;
		if (!limit) return undefined;
		while (this.rateHits.length && now - this.rateHits[0] >= 1000) this.rateHits.shift();
		if (this.rateHits.length < limit) {
			this.rateHits.push(now);
			return undefined;
		}
		return Math.max(1, Math.ceil((this.rateHits[0] + 1000 - now) / 1000));
	}

	private clearTimers(): void {
		this.timers.forEach((t) => clearTimeout(t));
		this.timers.clear();
	}

	reset(): void {
		this.clearTimers();
		this.tasks.clear();
		this.webhooks.forget();
		// In place, so arrays already handed out stay live.
		for (const list of [this.requests, this.downloads, this.callbacks] as unknown[][])
			list.splice(0);
		this.faults.clear();
		this.rateHits = [];
		this.live = { ...this.settings };
		this.credits = this.settings.credits;
		this.totalImages = 0;
		this.jobDurationMs = this.settings.jobDurationMs;
	}

	async close(): Promise<void> {
		this.clearTimers();
		await this.webhooks.close();
	}
}
