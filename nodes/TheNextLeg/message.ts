import type { IDataObject } from 'n8n-workflow';

/**
 * A TheNextLeg message as the node keeps it: the fields of the message object (thenextleg-v2.md
 * §3; thenextleg-imagine.txt "Completed Response") at the top level, plus `messageId` and
 * `progress`, whatever shape the answer came in.
 */
export interface TheNextLegJob extends IDataObject {
	/** The submit's `messageId`, which the finished message repeats as `originatingMessageId`. */
	messageId: string;
	/** 0-100, or "incomplete" when the server gave up (after `expireMins`). */
	progress: number | 'incomplete';
	progressImageUrl?: string | null;
	createdAt?: string;
	responseAt?: string;
	/** imagine, button, describe, blend, info, settings, slash-commands. */
	type?: string;
	/** The prompt echo, a content code, a list of prompts (describe) or an object (info). */
	content?: string | string[] | IDataObject;
	imageUrl?: string;
	imageUrls?: string[];
	buttons?: string[];
	buttonMessageId?: string;
	originatingMessageId?: string;
	ref?: string;
	seed?: string | number;
	/** Ours: the `expireMins` the reads of this message use (Message > Get sets it). */
	expireMins?: number;
}

/**
 * What a read asked for (the core's StatusAsk): while waiting, the message id and the job as last
 * seen; for Message > Get, its request as sent (`/message/<id>?expireMins=<n>`).
 */
export interface Asked {
	jobId?: string;
	last?: { expireMins?: number };
	request?: { url?: string };
}

/** The message id and `expireMins` of a `/message/<id>?expireMins=<n>` path. */
function fromReadPath(url: string | undefined): { jobId?: string; expireMins?: number } {
	const match = /\/message\/([^/?#]+)(?:\?([^#]*))?/.exec(url ?? '');
	if (!match) return {};
	let jobId: string | undefined;
	try {
		jobId = decodeURIComponent(match[1]);
	} catch {
		jobId = match[1];
	}
	const expireMins = Number(new URLSearchParams(match[2] ?? '').get('expireMins') ?? NaN);
	return { jobId, ...(Number.isFinite(expireMins) && expireMins > 0 ? { expireMins } : {}) };
}

const isObject = (value: unknown): value is IDataObject =>
	!!value && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** `progress` as the docs write it (37, 100, "incomplete"); numeric strings are read as numbers. */
function progressOf(value: unknown): number | 'incomplete' | undefined {
	if (value === 'incomplete') return value;
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
	return Number.isFinite(number) ? Math.max(0, Math.min(100, number)) : undefined;
}

/**
 * The message object in an answer. The docs and the clients disagree here (thenextleg-v2.md §3
 * [?]): the docs' example puts the finished message's fields at the top level, the Node SDK and
 * the Go client type the answer as `{progress, response: {...message}}`. Both are accepted, as
 * the Node SDK does: `response` when it is there, else the top level. The same holds for
 * webhook bodies (the message itself, or `{progress, response}`).
 */
function messageOf(answer: IDataObject): IDataObject {
	return isObject(answer.response) ? { ...answer, ...answer.response, response: undefined } : answer;
}

function build(answer: IDataObject, progress: number | 'incomplete', asked?: Asked): TheNextLegJob | undefined {
	const message = messageOf(answer);
	const path = fromReadPath(asked?.request?.url);
	// The in-progress and incomplete answers name no message: the id is the one the read asked for.
	const messageId = asked?.jobId ?? path.jobId ?? text(message.messageId) ?? text(message.originatingMessageId);
	if (!messageId) return undefined;
	const job: TheNextLegJob = { ...message, messageId, progress };
	delete job.response;
	const expireMins = path.expireMins ?? job.expireMins ?? asked?.last?.expireMins;
	if (expireMins !== undefined) job.expireMins = expireMins;
	else delete job.expireMins;
	return job;
}

/**
 * A GET /message/<id> answer (thenextleg-v2.md §3): `{progress: 37, progressImageUrl}`,
 * `{progress: "incomplete"}` or the finished message with `progress: 100`, in either shape.
 * Every variant carries `progress`; an answer without it is not a message read. A job this
 * module made is read back as itself.
 */
export function parseRead(answer: unknown, asked?: Asked): TheNextLegJob | undefined {
	if (!isObject(answer)) return undefined;
	const progress = progressOf(answer.progress ?? (isObject(answer.response) ? answer.response.progress : undefined));
	return progress === undefined ? undefined : build(answer, progress, asked);
}

/**
 * A webhook body: the message object (docs: the message, without `progress`) or
 * `{progress, response}` (the Go README's reading, also for progress posts). Without
 * `progress` it is a finished message: TheNextLeg posts a message once it has one.
 */
export function parseCallback(body: IDataObject): TheNextLegJob | undefined {
	const progress = progressOf(body.progress ?? (isObject(body.response) ? body.response.progress : undefined));
	return build(body, progress ?? 100, undefined);
}

/** The submit answer `{success: true, messageId, createdAt}` (docs imagine "200 Success"). */
export function parseSubmitted(answer: unknown, type: string | undefined): TheNextLegJob | undefined {
	if (!isObject(answer) || answer.success === false) return undefined;
	const messageId = text(answer.messageId);
	if (!messageId) return undefined;
	const job: TheNextLegJob = { messageId, progress: 0 };
	if (typeof answer.createdAt === 'string') job.createdAt = answer.createdAt;
	if (type) job.type = type;
	return job;
}

/**
 * Which endpoint made a message, for a job that was only just submitted (the submit answer does
 * not say): by the route, else by the body's telling field. The message `type` replaces it once read.
 */
const TYPE_BY_FIELD: Array<[string, string]> = [
	['msg', 'imagine'],
	['button', 'button'],
	['urls', 'blend'],
	['url', 'describe'],
	['cmd', 'slash-commands'],
	['settingsToggle', 'settings'],
];

export function submittedType(body: IDataObject, url?: string): string | undefined {
	const route = url?.split('?')[0].replace(/\/+$/, '').split('/').pop();
	if (route && ['imagine', 'button', 'describe', 'blend', 'slash-commands', 'settings', 'info'].includes(route)) {
		return route;
	}
	return TYPE_BY_FIELD.find(([field]) => body[field] !== undefined)?.[1];
}

export function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && !!entry) : [];
}
