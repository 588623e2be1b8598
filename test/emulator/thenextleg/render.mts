// The JSON the API shows for a message: GET /v2/message answers (in progress, incomplete, done in either
// shape) and webhook bodies. Field order follows the docs' example.
import type { ContentCode } from './content-codes.mts';
import type { EmulatedMessage } from './message.mts';
import type { MessageShape } from './types.mts';

/** Image paths, relative to the emulator's origin (Midjourney CDN style: <id>/grid_0, <id>/0_<n>). */
export const imagePaths = {
	grid: (id: string) => `/cdn/${id}/grid_0.png`,
	image: (id: string, n: number) => `/cdn/${id}/0_${n}.png`,
	progress: (id: string) => `/cdn/${id}/progress.png`,
};

/** ISO with milliseconds, as the docs' "2023-04-04T13:07:01.927Z". */
export const iso = (ms: number) => new Date(ms).toISOString();

export interface RenderContext {
	origin: string;
	now: number;
}

export type MessageObject = Record<string, unknown>;

/** The message fields (docs "Completed Response"), as finished or as a transient notice. */
export function messageObject(msg: EmulatedMessage, ctx: RenderContext, notice?: ContentCode): MessageObject {
	const out: MessageObject = { createdAt: iso(msg.createdAt) };
	const images = !notice && msg.hasImages;
	// describe/info: the docs' examples have no buttons; everything else lists its (possibly empty) buttons.
	if (notice || msg.final) out.buttons = [];
	else if (msg.kind !== 'describe' && msg.kind !== 'info') out.buttons = [...msg.buttons];
	out.type = msg.type;
	if (images) {
		const n = msg.kind === 'grid' ? 4 : 1;
		const urls = [...Array(n).keys()].map((i) => ctx.origin + imagePaths.image(msg.id, i));
		out.imageUrl = msg.kind === 'grid' ? ctx.origin + imagePaths.grid(msg.id) : urls[0];
		out.imageUrls = urls;
		out.buttonMessageId = msg.buttonMessageId;
	}
	out.originatingMessageId = msg.id;
	out.content = notice ?? msg.final ?? (msg.text !== undefined ? msg.text : msg.prompt);
	out.ref = msg.ref;
	out.responseAt = iso(notice ? msg.createdAt : Math.min(msg.endsAt, Math.max(msg.createdAt, ctx.now)));
	if (msg.kind === 'seed' && !notice && !msg.final) out.seed = msg.seed;
	return out;
}

const wrap = (obj: MessageObject, shape: MessageShape) =>
	shape === 'response' ? { progress: 100, response: obj } : { progress: 100, ...obj };

export interface ReadOptions extends RenderContext {
	shape: MessageShape;
	/** `expireMins` of the read (default 12, docs get-message). */
	expireMins: number;
	minuteMs: number;
}

/** GET /v2/message/<id> (docs get-message: Success, In Progress, Incomplete). */
export function renderRead(msg: EmulatedMessage, o: ReadOptions): Record<string, unknown> {
	const phase = msg.phase(o.now);
	if (phase.kind !== 'done' && o.now - msg.createdAt > o.expireMins * o.minuteMs) return { progress: 'incomplete' };
	if (phase.kind === 'notice') return wrap(messageObject(msg, o, phase.code), o.shape);
	if (phase.kind === 'progress') return { progress: phase.progress, progressImageUrl: progressImageUrl(msg, o) };
	return wrap(messageObject(msg, o), o.shape);
}

export function progressImageUrl(msg: EmulatedMessage, ctx: RenderContext): string | null {
	return msg.hasProgressImage(ctx.now) ? ctx.origin + imagePaths.progress(msg.id) : null;
}

/**
 * Webhook bodies. Done and notice: "the message that was originally sent to your webhook" (docs
 * get-message), i.e. the bare message object in the 'top-level' shape, `{progress: 100, response}` in the
 * 'response' shape. Progress: always `{progress, response}` (Go README: "*Progress structures").
 */
export function webhookBody(
	msg: EmulatedMessage,
	ctx: RenderContext & { shape: MessageShape },
	event: 'notice' | 'done',
): Record<string, unknown> {
	const obj = event === 'notice' ? messageObject(msg, ctx, msg.notice ?? 'JOB_QUEUED') : messageObject(msg, ctx);
	return ctx.shape === 'response' ? wrap(obj, 'response') : obj;
}

export function progressWebhookBody(msg: EmulatedMessage, ctx: RenderContext, progress: number) {
	return {
		progress,
		response: {
			createdAt: iso(msg.createdAt),
			type: msg.type,
			originatingMessageId: msg.id,
			content: msg.prompt,
			ref: msg.ref,
			progressImageUrl: progress >= 25 && msg.hasImages ? ctx.origin + imagePaths.progress(msg.id) : null,
		},
	};
}
