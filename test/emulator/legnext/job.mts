// One emulated job: what was asked (prompt, params, source job) and where it is on its timeline.
// Status is derived from the clock, so a read is always current even between timer ticks.
import type { ModelVersion, ParsedPrompt } from './prompt.mts';
import type { JobStatus, TaskType } from './types.mts';

/** What a finished job yields; decides the output shape and the files served. */
export type ResultKind = 'grid' | 'single' | 'describe' | 'shorten' | 'video';

export interface JobFailure {
	code: number;
	message: string;
	raw_message: string;
}

export interface JobInit {
	id: string;
	taskType: TaskType;
	/** '/v1/diffusion' etc. */
	endpoint: string;
	/** The submitted JSON body. */
	request: Record<string, unknown>;
	/** Effective prompt (own or inherited from the source job); '' when the task has none. */
	prompt: string;
	parsed: ParsedPrompt | null;
	/** Model version of the result (inherited by follow-ups); null for describe/shorten/Topaz. */
	version: ModelVersion | null;
	result: ResultKind;
	/** Images (grid: 4, single: 1) or videos produced. */
	count: number;
	cost: number;
	callbackUrl: string;
	createdAt: number;
	durationMs: number;
	sourceJobId?: string;
	sourceIndex?: number;
	/** Video extensions so far (max 4 per the docs). */
	extensions: number;
	/** Video duration in seconds (5 + 4 per extension). */
	videoSeconds: number;
	/** Video frame size. */
	videoSize: [number, number];
	seed: string;
	/** Set when the job is going to fail (fault, `[emulator:fail]`). */
	failure: JobFailure | null;
}

// Timeline, as fractions of durationMs: pending, then staged, then processing with progress.
export const PENDING_END = 0.1;
export const STAGED_END = 0.15;

export interface JobPhase {
	status: JobStatus;
	progress: number;
}

export class EmulatedJob implements JobInit {
	id!: string;
	taskType!: TaskType;
	endpoint!: string;
	request!: Record<string, unknown>;
	prompt!: string;
	parsed!: ParsedPrompt | null;
	version!: ModelVersion | null;
	result!: ResultKind;
	count!: number;
	cost!: number;
	callbackUrl!: string;
	createdAt!: number;
	durationMs!: number;
	sourceJobId?: string;
	sourceIndex?: number;
	extensions!: number;
	videoSeconds!: number;
	videoSize!: [number, number];
	seed!: string;
	failure!: JobFailure | null;
	/** True once credits were settled and the final callback queued. */
	finalized = false;

	constructor(init: JobInit) {
		Object.assign(this, init);
	}

	get startedAt(): number {
		return this.createdAt + this.durationMs * PENDING_END;
	}

	get endsAt(): number {
		return this.createdAt + this.durationMs;
	}

	/** Status and progress at `now`: linear progress over the processing part of the timeline. */
	phase(now = Date.now()): JobPhase {
		const d = this.durationMs;
		const elapsed = now - this.createdAt;
		if (elapsed >= d) return this.failure ? { status: 'failed', progress: 99 } : { status: 'completed', progress: 100 };
		const f = elapsed / d;
		if (f < PENDING_END) return { status: 'pending', progress: 0 };
		if (f < STAGED_END) return { status: 'staged', progress: 0 };
		const progress = Math.floor(((f - STAGED_END) / (1 - STAGED_END)) * 100);
		return { status: 'processing', progress: Math.min(99, Math.max(0, progress)) };
	}

	/** When processing reaches `progress` percent (for progress callbacks). */
	timeOfProgress(progress: number): number {
		return this.createdAt + this.durationMs * (STAGED_END + ((1 - STAGED_END) * progress) / 100);
	}

	get status(): JobStatus {
		return this.phase().status;
	}

	get progress(): number {
		return this.phase().progress;
	}

	get draft(): boolean {
		return this.parsed?.draft ?? false;
	}

	/**
	 * Follow-ups this job allows, shaped like the Get Task example (which lists only these keys).
	 * v8/v8.1 images have no upscale/inpaint/outpaint/pan ("Not available", "Not needed").
	 */
	availableActions(): Record<string, number[] | boolean> | undefined {
		if (this.result === 'describe' || this.result === 'shorten' || this.result === 'video') return undefined;
		if (this.taskType === 'remove_background' || this.taskType === 'enhance_upscale') return {};
		const idx = [...Array(this.count).keys()];
		const v8 = this.version === '8' || this.version === '8.1';
		const actions: Record<string, number[] | boolean> = {};
		actions.edit = idx;
		if (!v8) actions.inpaint = idx;
		if (!v8) actions.outpaint = idx;
		if (!v8) actions.pan = idx;
		actions.remix = idx;
		actions.reroll = this.result === 'grid';
		if (!v8) actions.upscale = idx;
		actions.variation = idx;
		return actions;
	}
}
