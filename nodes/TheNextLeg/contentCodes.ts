/**
 * The content codes a finished message can carry in `content` instead of its result
 * (thenextleg-imagine.txt "Completed Response" note; thenextleg-v2.md §5): all 19, in ONE place.
 *
 * The docs give each code a meaning and nothing else. Which codes end a job is our reading
 * (thenextleg-v2.md §5 "Our classification"): JOB_QUEUED and APPEAL_ACCEPTED are notices, so the
 * wait goes on; the other 17, APPEAL_REJECTED included, are the job's outcome and end the wait as
 * a failed job with the code, its meaning and a hint. `retry`: running the same input again later
 * may work (the service was busy or broken, not the input).
 */
export interface ContentCodeInfo {
	/** The docs' explanation ("(Redacted Name)" read as Midjourney). */
	meaning: string;
	/** A notice shown while the job waits; the job goes on to its real result. */
	notice?: true;
	retry?: true;
	hint: string;
}

const TRY_LATER = 'A temporary problem at TheNextLeg or Midjourney, not your input: run the same item again in a few minutes.';

export const CONTENT_CODES: Record<string, ContentCodeInfo> = {
	ALREADY_REQUESTED_UPSCALE: {
		meaning: "You've already requested an upscale for this image",
		hint: 'This image was upscaled before: use the earlier upscale (its message holds the image), or press another U button.',
	},
	APPEAL_ACCEPTED: {
		meaning: 'Your appeal has been accepted',
		notice: true,
		hint: 'Midjourney accepted an appeal of its moderation; the job goes on.',
	},
	APPEAL_REJECTED: {
		meaning: 'Your appeal has been rejected',
		hint: 'Midjourney kept its moderation decision. Rephrase the prompt (or use another image) and run again.',
	},
	BANNED_PROMPT: {
		meaning: "You can't use this prompt",
		hint: "Midjourney's moderation refused the prompt. Rephrase it (words, image URLs) and run again.",
	},
	BLOCKED: {
		meaning: 'This message has been blocked',
		hint: 'Midjourney blocked the request. Check the prompt and the account at Midjourney, then run again.',
	},
	BOT_TOOK_TOO_LONG_TO_PROCESS_YOUR_COMMAND: {
		meaning: 'Midjourney Bot took too long to process your command',
		retry: true,
		hint: TRY_LATER,
	},
	BUTTON_NOT_FOUND: {
		meaning: 'Button not found',
		hint: 'The message has no such button. Use a label exactly as its `buttons` list shows it (emoji included) with that message\'s Button Message ID, once the message has finished.',
	},
	FAILED_TO_PROCESS_YOUR_COMMAND: {
		meaning: 'Midjourney failed to process your command',
		retry: true,
		hint: TRY_LATER,
	},
	FAILED_TO_REQUEST: {
		meaning: 'Failed to request',
		retry: true,
		hint: TRY_LATER,
	},
	IMAGE_BLOCKED: {
		meaning: 'This image has been blocked',
		hint: 'Midjourney refused an image of the request. Use another image URL (img2img, blend, describe) and run again.',
	},
	INTERNAL_ERROR: {
		meaning: 'Midjourney had an internal error',
		retry: true,
		hint: TRY_LATER,
	},
	INVALID_LINK: {
		meaning: 'Invalid link',
		hint: 'An image URL was refused. Use a public http(s) URL of an image file, not a Midjourney CDN link (the img2img docs warn against those).',
	},
	INVALID_PARAMETER: {
		meaning: 'Invalid parameter',
		hint: 'Midjourney refused a parameter: check the --flags in the prompt (or the zoom and aspect ratio of a button) and run again.',
	},
	JOB_ACTION_RESTRICTED: {
		meaning: 'Job action restricted',
		hint: 'Midjourney does not allow this action on this job (for example an old job or one from another account).',
	},
	JOB_QUEUED: {
		meaning: 'Job queued',
		notice: true,
		hint: 'Midjourney queued the job; it starts when a slot frees up.',
	},
	MODERATION_OUTAGE: {
		meaning: 'There is a content moderator outage',
		retry: true,
		hint: "Midjourney's moderation is down: run the same item again later.",
	},
	NO_FAST_HOURS: {
		meaning: "You've ran out of fast hours",
		hint: 'The Midjourney account has no fast hours left. Switch to relax mode (Account > Switch Mode > Relax) or buy fast hours, then run again.',
	},
	PLEASE_SUBSCRIBE_TO_MJ_IN_YOUR_DASHBOARD: {
		meaning: "You're not subscribed to Midjourney",
		hint: 'The Midjourney account linked to this token has no active subscription. Subscribe, then run again.',
	},
	QUEUE_FULL: {
		meaning: 'Queue full',
		retry: true,
		hint: "Midjourney's queue for this account is full: wait for running jobs to finish (or send fewer at once), then run again.",
	},
};

export function contentCode(content: unknown): (ContentCodeInfo & { code: string }) | undefined {
	if (typeof content !== 'string') return undefined;
	const info = Object.prototype.hasOwnProperty.call(CONTENT_CODES, content) ? CONTENT_CODES[content] : undefined;
	return info ? { code: content, ...info } : undefined;
}
