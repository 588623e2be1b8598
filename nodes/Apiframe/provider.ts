import type { IDataObject } from 'n8n-workflow';

import type { JobFiles, JobResult } from '../shared/job/jobResult';
import type { JobSnapshot, JobState, Provider } from '../shared/provider';
import { APIFRAME_HINTS } from './hints';
import { familyOfEndpoint, TASK_TYPES, taskFamily } from './taskTypes';

/**
 * An APIFRAME task as `/fetch`, `/fetch-many` and webhooks show it (apiframe-v1.md §3, §4): while
 * running `{task_id, task_type, status, percentage:"40"}`; when done, the result fields of its
 * kind (grid, single image, video, text, seed), usually without any `status`.
 */
export interface ApiframeTask extends IDataObject {
	task_id: string;
	task_type?: string;
	status?: string;
	/** A string ("40") while processing; the number 100 on some final answers. */
	percentage?: string | number;
	original_image_url?: string;
	image_urls?: string[];
	image_url?: string;
	video_urls?: string[];
	video_url?: string;
	videoUrl?: string;
	/** Describe: 4 prompts; Shorten: the suggestions. */
	content?: string[] | string;
	full_content?: string;
	seed?: string | number;
	sref?: string;
	message?: string;
	error?: IDataObject | string;
}

export const CREDENTIAL_TYPE = 'apiframeApi';

/** A task object: anything with a task id (older doc pages show numeric ids, so it is kept as text). */
function asTask(value: unknown): ApiframeTask | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const id = (value as IDataObject).task_id;
	if (!((typeof id === 'string' && id) || typeof id === 'number')) return undefined;
	return { ...(value as IDataObject), task_id: String(id) } as ApiframeTask;
}

function strings(value: unknown): string[] {
	if (typeof value === 'string') return value ? [value] : [];
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && !!entry) : [];
}

/** The fields that make an answer without `status` a final result (§4). */
const RESULT_FIELDS = ['image_urls', 'image_url', 'video_url', 'video_urls', 'videoUrl', 'content', 'seed'];

/**
 * Where a task stands: THE place for apiframe-v1.md §4's rule. The Midjourney examples end with no
 * `status` at all (the Runway page ends with status "finished"), so:
 * - completed: status "finished", or no status and any result field present;
 * - failed: status "failed";
 * - queued: "pending" and "staged" (cached, not yet queued), and our own just-submitted task;
 * - running: "starting", "processing", "retry"/"retrying", any other status, and an answer with
 *   neither a status nor a result (nothing says it is done: keep reading).
 */
export function taskState(task: ApiframeTask): JobState {
	const status = typeof task.status === 'string' ? task.status.toLowerCase() : undefined;
	if (status === 'finished') return 'completed';
	if (status === 'failed') return 'failed';
	if (status === undefined) {
		return RESULT_FIELDS.some((field) => task[field] !== undefined && task[field] !== null) ? 'completed' : 'running';
	}
	return status === 'pending' || status === 'staged' ? 'queued' : 'running';
}

/** `percentage` is a string while processing ("40") and may be the number 100 at the end. */
function progressOf(task: ApiframeTask, state: JobState): number | undefined {
	if (state === 'completed') return 100;
	const raw = task.percentage;
	const value = typeof raw === 'string' ? (raw.trim() ? Number(raw.trim().replace(/%$/, '')) : NaN) : raw;
	return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.min(100, value)) : undefined;
}

/** The failure body is undocumented (§4); APIFRAME's SDK reads `message`, then `error`. */
function failureMessage(task: ApiframeTask): string {
	if (typeof task.message === 'string' && task.message.trim()) return task.message.trim();
	const error = task.error;
	if (typeof error === 'string' && error.trim()) return error.trim();
	if (error && typeof error === 'object') {
		const nested = (error as IDataObject).message ?? (error as IDataObject).msg;
		if (typeof nested === 'string' && nested.trim()) return nested.trim();
	}
	return '';
}

/** Describe and Shorten answer with text: their `image_url` (Describe) is the input, not a result. */
function isTextResult(task: ApiframeTask): boolean {
	return task.content !== undefined && task.content !== null;
}

function snapshot(task: ApiframeTask): JobSnapshot {
	const state = taskState(task);
	return {
		id: task.task_id,
		state,
		progress: progressOf(task, state),
		taskType: taskFamily(task.task_type),
		error: state === 'failed' ? { code: null, message: failureMessage(task) || 'no reason given' } : undefined,
	};
}

/**
 * Follow-ups a finished task allows, from §3's chain rules: a grid takes Upscale 1x, Variations
 * (1-4), Reroll and High-Res (by index); an Upscale 1x image takes Upscale Alt, Vary
 * (Strong/Subtle), Inpaint, Outpaint, Pan and High-Res; a video can be extended. Seed reads grids
 * and Midjourney upscales.
 */
function actionsOf(task: ApiframeTask, family: string | undefined): IDataObject {
	if (taskState(task) !== 'completed') return {};
	const indexes = [1, 2, 3, 4];
	if (strings(task.image_urls).length > 1) {
		return { upscale1x: indexes, variations: indexes, reroll: true, upscaleHighres: indexes, seed: true };
	}
	if (family === 'upscale-1x') {
		return {
			upscaleAlt: ['subtle', 'creative'],
			variations: ['strong', 'subtle'],
			inpaint: true,
			outpaint: true,
			pan: true,
			upscaleHighres: true,
			seed: true,
		};
	}
	if (family === 'upscale-alt') return { upscaleHighres: true, seed: true };
	if (family === 'imagine-video' || family === 'imagine-video-extend') return { extendVideo: indexes };
	if (strings(task.image_url).length && !isTextResult(task)) return { upscaleHighres: true };
	return {};
}

/** The provider's word for the state; the final answer has none, and "finished" reads as completed (as APIFRAME's SDK does). */
function statusWord(task: ApiframeTask, state: JobState): string {
	if (state === 'completed') return 'completed';
	if (state === 'failed') return 'failed';
	return typeof task.status === 'string' && task.status ? task.status : 'processing';
}

function videos(task: ApiframeTask): string[] {
	return [...strings(task.video_urls), ...strings(task.video_url), ...strings(task.videoUrl)];
}

function singleImage(task: ApiframeTask): string[] {
	return isTextResult(task) ? [] : strings(task.image_url);
}

function toResult(task: ApiframeTask): JobResult {
	const state = taskState(task);
	const family = taskFamily(task.task_type);
	const grid = strings(task.image_urls);
	const imageUrls = grid.length ? grid : singleImage(task);
	const message = failureMessage(task);
	const result: JobResult = {
		jobId: task.task_id,
		provider: 'APIFRAME',
		taskType: task.task_type ?? null,
		prompt: null,
		status: statusWord(task, state),
		progress: progressOf(task, state) ?? null,
		imageUrl: task.original_image_url || imageUrls[0] || null,
		imageUrls,
		videoUrls: videos(task),
		seed: task.seed !== undefined && task.seed !== null && task.seed !== '' ? String(task.seed) : null,
		actions: actionsOf(task, family),
		usage: null,
		error: state === 'failed' ? { code: null, message: message || 'The task failed without a message' } : null,
		createdAt: null,
		endedAt: null,
		raw: task,
	};
	// Describe and Shorten answer with text: surface it as readable fields.
	const prompts = strings(task.content);
	if (prompts.length) result.prompts = prompts;
	if (typeof task.full_content === 'string' && task.full_content) result.description = task.full_content;
	if (task.sref !== undefined && task.sref !== null) result.sref = String(task.sref);
	return result;
}

/** Files named `<taskId>_<n>` so a batch's downloads never collide; the grid is `original_image_url`. */
function files(task: ApiframeTask): JobFiles {
	const list = videos(task).length ? videos(task) : strings(task.image_urls).length ? strings(task.image_urls) : singleImage(task);
	const results = list.map((url, index) => ({ url, baseName: `${task.task_id}_${index}` }));
	const grid = task.original_image_url ? { url: task.original_image_url, baseName: `${task.task_id}_grid` } : undefined;
	return { grid, results };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A webhook carries what `/fetch` returns (§5); the core unwraps `{data: task}` and similar.
 * camelCase keys (taskId, imageUrls) are read as APIFRAME's snake_case, except `videoUrl`, which
 * the SDK's type spells that way and RESULT_FIELDS knows.
 */
function jobFromCallback(body: IDataObject): ApiframeTask | undefined {
	const direct = asTask(body);
	if (direct) return direct;
	const renamed = Object.fromEntries(Object.entries(body).map(([key, value]) => [key === 'videoUrl' ? key : snake(key), value]));
	return asTask(renamed);
}

/** The pending task a submit answer names: APIFRAME answers `{task_id}` only (§2); its kind is the endpoint's. */
function submitted(answer: unknown, _body: IDataObject, request?: { url: string }): ApiframeTask | undefined {
	const task = asTask(answer);
	if (!task) return undefined;
	// Until the first read brings APIFRAME's own task_type and status, the kind the endpoint
	// creates and "pending" (APIFRAME's word for queued) stand in for them.
	return { task_type: familyOfEndpoint(request?.url), status: 'pending', ...task };
}

export const APIFRAME: Provider<ApiframeTask> = {
	name: 'APIFRAME',
	key: 'apiframe',
	credentialType: CREDENTIAL_TYPE,
	readOperation: 'Task > Get',
	hints: APIFRAME_HINTS,
	baseUrl: (credentials) => String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
	secrets: (credentials) =>
		[credentials.apiKey, credentials.webhookSecret].filter((v): v is string => typeof v === 'string'),
	submitted,
	parseJob: asTask,
	statusRequest: (taskId) => ({ method: 'POST', url: '/fetch', body: { task_id: taskId } }),
	// §3: POST /fetch-many takes 2-20 ids and answers {tasks:[...]}: a batch of 50 is 3 reads per round.
	readMany: {
		max: 20,
		min: 2,
		request: (taskIds) => ({ method: 'POST', url: '/fetch-many', body: { task_ids: taskIds } }),
		parse: (answer) => {
			const list = Array.isArray(answer) ? answer : (answer as IDataObject | null)?.tasks;
			if (!Array.isArray(list)) return undefined;
			return list.map(asTask).filter((task): task is ApiframeTask => !!task);
		},
	},
	snapshot,
	toResult,
	files,
	callback: {
		// §2, §5: every submit takes webhook_url (progress updates and the final result go there)
		// and webhook_secret, which comes back verbatim in the x-webhook-secret header.
		attach: (body, url, webhookSecret) => {
			body.webhook_url = url;
			if (webhookSecret) body.webhook_secret = webhookSecret;
		},
		secretHeader: 'x-webhook-secret',
		idKeys: ['task_id', 'taskId'],
		jobFromCallback,
	},
	taskTypes: TASK_TYPES,
};
