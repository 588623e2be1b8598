// One emulated message (what a submit creates) and its timeline. The phase is derived from the clock, so
// a read is always current; timers only fire webhooks.
//
// Timeline over durationMs (our choice, README "Lifecycle"):
//   notice   only when a transient code applies (JOB_QUEUED, APPEAL_ACCEPTED): the first third
//   progress 0..99, linear over the rest; progressImageUrl appears at 25 (image messages only)
//   done     at durationMs: the result, or the final content code
// A stalled message ([[STALL]]) stops at progress 50 and never finishes.
import type { ContentCode } from './content-codes.mts';

/** What the finished message holds. */
export type MessageKind = 'grid' | 'upscale' | 'describe' | 'info' | 'settings' | 'slash' | 'seed' | 'favorite';

/** The `type` field (docs: "imagine", "describe", "info"; the others are our names, README). */
export type MessageType = 'imagine' | 'button' | 'describe' | 'blend' | 'info' | 'settings' | 'slash-commands';

export const NOTICE_FRACTION = 1 / 3;
export const PROGRESS_IMAGE_FROM = 25;
export const STALL_AT = 50;

export type Phase = { kind: 'notice'; code: ContentCode } | { kind: 'progress'; progress: number } | { kind: 'done' };

export interface MessageInit {
	/** The submit answer's `messageId` (= `originatingMessageId`). */
	id: string;
	/** Id to press this message's buttons with; '' for messages without buttons. */
	buttonMessageId: string;
	/** Route that created it, e.g. '/v2/imagine'. */
	endpoint: string;
	type: MessageType;
	kind: MessageKind;
	/** The request's fields (body or query). */
	request: Record<string, unknown>;
	/** The prompt echoed in `content` for image messages ('' for others). */
	prompt: string;
	/** `content` of a text message (describe: string[]; info: object; others: string). */
	text?: string | string[] | Record<string, string>;
	ref: string;
	/** '' = no webhook. */
	webhookUrl: string;
	createdAt: number;
	durationMs: number;
	notice: ContentCode | null;
	final: ContentCode | null;
	stalled: boolean;
	/** Pixel seeds of the images (grid: 4; upscale: the grid quadrant's one). */
	imageSeeds: number[];
	/** Midjourney seed (numeric string): `--seed N` or a hash; an upscale keeps its grid's. */
	seed: string;
	/** Labels listed in `buttons` once finished. */
	buttons: string[];
	/** Job mode when submitted (for "Queued Jobs"). */
	mode: 'Fast' | 'Relaxed';
	/** The message a button was pressed on, and the button. */
	sourceId?: string;
	button?: string;
}

export class EmulatedMessage implements MessageInit {
	id!: string;
	buttonMessageId!: string;
	endpoint!: string;
	type!: MessageType;
	kind!: MessageKind;
	request!: Record<string, unknown>;
	prompt!: string;
	text?: string | string[] | Record<string, string>;
	ref!: string;
	webhookUrl!: string;
	createdAt!: number;
	durationMs!: number;
	notice!: ContentCode | null;
	final!: ContentCode | null;
	stalled!: boolean;
	imageSeeds!: number[];
	seed!: string;
	buttons!: string[];
	mode!: 'Fast' | 'Relaxed';
	sourceId?: string;
	button?: string;
	/** U indexes already requested on this grid (a second request ends ALREADY_REQUESTED_UPSCALE). */
	readonly upscaled = new Set<number>();
	/** True once the done webhook was queued. */
	finalized = false;

	constructor(init: MessageInit) {
		Object.assign(this, init);
	}

	get endsAt(): number {
		return this.createdAt + this.durationMs;
	}

	/** When the notice (if any) gives way to progress. */
	get workStartsAt(): number {
		return this.createdAt + (this.notice ? this.durationMs * NOTICE_FRACTION : 0);
	}

	/** True when the finished message shows images (no final code). */
	get hasImages(): boolean {
		return (this.kind === 'grid' || this.kind === 'upscale') && !this.final;
	}

	phase(now = Date.now()): Phase {
		if (this.notice && now < this.workStartsAt) return { kind: 'notice', code: this.notice };
		if (now >= this.endsAt && !this.stalled) return { kind: 'done' };
		const span = this.endsAt - this.workStartsAt;
		const f = span > 0 ? (now - this.workStartsAt) / span : 1;
		const progress = Math.min(this.stalled ? STALL_AT : 99, Math.max(0, Math.floor(f * 100)));
		return { kind: 'progress', progress };
	}

	isDone(now = Date.now()): boolean {
		return this.phase(now).kind === 'done';
	}

	/** When work reaches `progress` percent (progress webhooks). */
	timeOfProgress(progress: number): number {
		return this.workStartsAt + ((this.endsAt - this.workStartsAt) * progress) / 100;
	}

	/** Has the progress image (a preview) been rendered by `now`? */
	hasProgressImage(now = Date.now()): boolean {
		if (!this.hasImages) return false;
		const p = this.phase(now);
		return p.kind === 'done' || (p.kind === 'progress' && p.progress >= PROGRESS_IMAGE_FROM);
	}
}
