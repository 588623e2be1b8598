// The 19 content codes (api-docs/thenextleg-imagine.txt, "Note: ... content will also return messages
// ... including:"; v2 notes §5). A finished message carries one of them in `content` instead of its images.
// Which ones are transient is not documented; our choice (README): JOB_QUEUED and APPEAL_ACCEPTED are
// notices shown while the job waits, after which it goes on; the other 17 end the message.

/** Code -> the docs' explanation. */
export const CONTENT_CODES = {
	ALREADY_REQUESTED_UPSCALE: "You've already requested an upscale for this image",
	BOT_TOOK_TOO_LONG_TO_PROCESS_YOUR_COMMAND: 'Bot took too long to process your command',
	APPEAL_ACCEPTED: 'Your appeal has been accepted',
	APPEAL_REJECTED: 'Your appeal has been rejected',
	BANNED_PROMPT: "You can't use this prompt",
	BLOCKED: 'This message has been blocked',
	BUTTON_NOT_FOUND: 'Button not found',
	FAILED_TO_PROCESS_YOUR_COMMAND: 'Failed to process your command',
	FAILED_TO_REQUEST: 'Failed to request',
	IMAGE_BLOCKED: 'This image has been blocked',
	INTERNAL_ERROR: 'Had an internal error',
	INVALID_LINK: 'Invalid link',
	INVALID_PARAMETER: 'Invalid parameter',
	JOB_ACTION_RESTRICTED: 'Job action restricted',
	JOB_QUEUED: 'Job queued',
	MODERATION_OUTAGE: 'There is a content moderator outage',
	NO_FAST_HOURS: "You've ran out of fast hours",
	PLEASE_SUBSCRIBE_TO_MJ_IN_YOUR_DASHBOARD: "You're not subscribed",
	QUEUE_FULL: 'Queue full',
} as const;

export type ContentCode = keyof typeof CONTENT_CODES;

export const ALL_CODES = Object.keys(CONTENT_CODES) as ContentCode[];

/** Shown while the job waits; the message then goes on to its result. */
export const TRANSIENT_CODES: readonly ContentCode[] = ['JOB_QUEUED', 'APPEAL_ACCEPTED'];

export const isContentCode = (v: unknown): v is ContentCode =>
	typeof v === 'string' && Object.prototype.hasOwnProperty.call(CONTENT_CODES, v);

export const isTransient = (code: ContentCode) => TRANSIENT_CODES.includes(code);

/** Test hook in user text: `[[CODE]]` (e.g. `a cat [[BANNED_PROMPT]]`); `[[STALL]]` = the job never finishes. */
const MARKER = /\[\[([A-Z_]+)\]\]/g;
export const STALL_MARKER = '[[STALL]]';

/** Codes named by markers in the given texts, in order of appearance (unknown names are ignored). */
export function markedCodes(texts: string[]): ContentCode[] {
	const out: ContentCode[] = [];
	for (const text of texts) for (const m of text.matchAll(MARKER)) if (isContentCode(m[1])) out.push(m[1]);
	return out;
}

/**
 * What a new message will show: an optional transient notice, then either its result or a final code.
 * Sources are tried in the order given; the first transient and the first terminal code win.
 */
export interface Outcome {
	notice: ContentCode | null;
	final: ContentCode | null;
}

export function combine(codes: (ContentCode | null | undefined)[]): Outcome {
	const outcome: Outcome = { notice: null, final: null };
	for (const code of codes) {
		if (!code) continue;
		if (isTransient(code)) outcome.notice ??= code;
		else outcome.final ??= code;
	}
	return outcome;
}
