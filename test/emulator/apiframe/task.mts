// One emulated task: what was asked and where it is on its timeline. Status is derived from the
// clock, so a read is always current even between timer ticks.
import type { TaskStatus } from './types.mts';

/** What a finished task yields; decides the final object (render.mts) and the files (files.mts). */
export type ResultKind = 'grid' | 'image' | 'video' | 'describe' | 'shorten' | 'seed';

export interface TaskInit {
	id: string;
	/** '/imagine' etc. */
	endpoint: string;
	/** The §3 `task_type`, e.g. 'imagine', 'upscale#2', 'variation-1', 'outpaint-1.5', 'pan-up'. */
	taskType: string;
	/** The submitted JSON body (webhook_secret removed). */
	request: Record<string, unknown>;
	/** Own or inherited prompt; '' when the task has none. */
	prompt: string;
	result: ResultKind;
	/** Credits charged on submit. */
	cost: number;
	/** `process_mode` as sent (fast|turbo), undefined when absent. */
	processMode?: 'fast' | 'turbo';
	webhookUrl: string;
	webhookSecret?: string;
	createdAt: number;
	durationMs: number;
	parentId?: string;
	/** 1-based index into the parent, when the endpoint takes one. */
	index?: number;
	/** Message of the coming failure (fail-job fault, `[emulator:fail]`); null = it will finish. */
	failure: string | null;
	/** `[emulator:retry]`: the task shows `retrying` for a while mid-way. */
	retrying: boolean;
	/** Digits: `--seed N` of the prompt, the parent's seed for upscales, else a hash. */
	seed: string;
	/** Only set when the prompt used `--sref` (§2). */
	sref?: string;
	/** Seed texts of the images (grid: 4, image: 1); an upscale reuses its parent's image key. */
	imageKeys: string[];
	/** Image side multiplier (upscale-highres 2x/4x). */
	imageScale: number;
	/** Seconds of each video (5, +4 per extension). */
	videoSeconds: number;
	/** describe: the described image URL. */
	imageUrl?: string;
}

// Timeline as fractions of durationMs: staged, pending, starting, then processing with a percentage.
export const STAGED_END = 0.05;
export const PENDING_END = 0.1;
export const STARTING_END = 0.15;
/** `[emulator:retry]` tasks are `retrying` over this part of the timeline. */
export const RETRY_WINDOW = [0.4, 0.55] as const;

export interface TaskPhase {
	status: TaskStatus;
	/** 0-99 while processing, 100 when finished; undefined in the other states. */
	percentage?: number;
}

export class EmulatedTask implements TaskInit {
	id!: string;
	endpoint!: string;
	taskType!: string;
	request!: Record<string, unknown>;
	prompt!: string;
	result!: ResultKind;
	cost!: number;
	processMode?: 'fast' | 'turbo';
	webhookUrl!: string;
	webhookSecret?: string;
	createdAt!: number;
	durationMs!: number;
	parentId?: string;
	index?: number;
	failure!: string | null;
	retrying!: boolean;
	seed!: string;
	sref?: string;
	imageKeys!: string[];
	imageScale!: number;
	videoSeconds!: number;
	imageUrl?: string;
	/** True once credits were settled and the final webhook queued. */
	finalized = false;

	constructor(init: TaskInit) {
		Object.assign(this, init);
	}

	get endsAt(): number {
		return this.createdAt + this.durationMs;
	}

	phase(now = Date.now()): TaskPhase {
		const f = this.durationMs > 0 ? (now - this.createdAt) / this.durationMs : 1;
		if (f >= 1)
			return this.failure === null ? { status: 'finished', percentage: 100 } : { status: 'failed' };
		if (f < STAGED_END) return { status: 'staged' };
		if (f < PENDING_END) return { status: 'pending' };
		if (f < STARTING_END) return { status: 'starting' };
		if (this.retrying && f >= RETRY_WINDOW[0] && f < RETRY_WINDOW[1]) return { status: 'retrying' };
		const percentage = Math.floor(((f - STARTING_END) / (1 - STARTING_END)) * 100 + 1e-9); // 1e-9: float noise at exact steps
		return { status: 'processing', percentage: Math.min(99, Math.max(0, percentage)) };
	}

	/** When processing reaches `percentage` (for progress webhooks). */
	timeOfPercentage(percentage: number): number {
		return (
			this.createdAt + this.durationMs * (STARTING_END + ((1 - STARTING_END) * percentage) / 100)
		);
	}

	get status(): TaskStatus {
		return this.phase().status;
	}

	/** Files exist and the final object is shown once this is true. */
	get finished(): boolean {
		return this.status === 'finished';
	}

	/** Images counted in GET /account `total_images` once finished. */
	get imageCount(): number {
		return this.imageKeys.length;
	}
}
