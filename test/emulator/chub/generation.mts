// One generation (a queued job) and where it is on its timeline. The state is derived from the
// clock, so every read is current without timers:
//   queued      first 80% of jobDurationMs; queue_length counts down from its submit value to 1
//   processing  the last 20%; queue_length 0
//   completed | failed   from jobDurationMs on
// The seed only says `queue_length` exists (§4: "presumably the queue position"); the countdown is ours.
import type { MediaSpec } from './kinds.mts';
import type { GenerationEndpoint } from './types.mts';

export const QUEUE_END = 0.8;

export type GenerationState = 'queued' | 'processing' | 'completed' | 'failed';

export interface GenerationPhase {
	state: GenerationState;
	queueLength: number;
}

export interface GenerationInit {
	uuid: string;
	endpoint: GenerationEndpoint;
	requestType: string;
	costKey: string;
	/** The validated request body. */
	request: Record<string, unknown>;
	media: MediaSpec;
	cost: number;
	createdAt: number;
	durationMs: number;
	/** queue_length in the submit answer. */
	queueLength: number;
	seed: number;
	/** Set when the generation is going to fail (fault, `[emulator:fail]`). */
	failure: string | null;
}

const DIRS = { png: 'images', mp4: 'videos', mp3: 'audio', wav: 'audio' } as const;

export class Generation implements GenerationInit {
	uuid!: string;
	endpoint!: GenerationEndpoint;
	requestType!: string;
	costKey!: string;
	request!: Record<string, unknown>;
	media!: MediaSpec;
	cost!: number;
	createdAt!: number;
	durationMs!: number;
	queueLength!: number;
	seed!: number;
	failure!: string | null;
	/** Metadata set through PATCH /imagine/project/{uuid}. */
	project: Record<string, unknown> = {};
	updatedAt: number;
	/** True once a failed generation's credits were refunded. */
	refunded = false;

	constructor(init: GenerationInit) {
		Object.assign(this, init);
		this.updatedAt = init.createdAt;
	}

	get endsAt(): number {
		return this.createdAt + this.durationMs;
	}

	phase(now = Date.now()): GenerationPhase {
		const elapsed = now - this.createdAt;
		if (elapsed >= this.durationMs) return { state: this.failure ? 'failed' : 'completed', queueLength: 0 };
		const f = elapsed / this.durationMs;
		if (f >= QUEUE_END) return { state: 'processing', queueLength: 0 };
		return { state: 'queued', queueLength: Math.max(this.queueLength ? 1 : 0, Math.ceil(this.queueLength * (1 - f / QUEUE_END))) };
	}

	get state(): GenerationState {
		return this.phase().state;
	}

	running(now = Date.now()): boolean {
		return now < this.endsAt;
	}

	/** Path of the result file, relative to the emulator's origin (served once completed). */
	get filePath(): string {
		return `/cdn/${DIRS[this.media.format]}/${this.uuid}.${this.media.format}`;
	}
}
