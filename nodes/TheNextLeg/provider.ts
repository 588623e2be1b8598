import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { FilesViaApi } from '../shared/files/viaApi';
import type { JobFiles, JobResult } from '../shared/job/jobResult';
import type { JobSnapshot, JobState, Provider } from '../shared/provider';
import { contentCode } from './contentCodes';
import { THENEXTLEG_HINTS } from './hints';
import type { Asked, TheNextLegJob } from './message';
import { parseCallback, parseRead, parseSubmitted, strings, submittedType } from './message';
import { TASK_TYPES } from './taskTypes';

export type { TheNextLegJob } from './message';

export const CREDENTIAL_TYPE = 'theNextLegApi';

/** The documented limit: one request every 3 seconds per token (thenextleg-v2.md §1). */
export const DOCUMENTED_MIN_INTERVAL_MS = 3000;

/** docs get-message: an unfinished message is declared incomplete after `expireMins`, "Default is 12 minutes". */
export const DEFAULT_EXPIRE_MINS = 12;

export function baseUrl(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
}

/**
 * The API's root, for the routes outside v2 (`/getImage`, thenextleg-v2.md §1 and §6): the SDKs
 * use `https://api.thenextleg.io` beside `https://api.thenextleg.io/v2`, so the root is the Base
 * URL without its trailing `/v2`. A Base URL without `/v2` is taken as the root itself.
 */
export function apiRoot(credentials: ICredentialDataDecryptedObject): string {
	return baseUrl(credentials).replace(/\/v2$/i, '');
}

/** "Get image safely" (docs imagine; Go client): POST <root>/getImage {imgUrl} answers the image's bytes. */
export const GET_IMAGE_PATH = '/getImage';

/**
 * Image URLs may answer 403 to programs; the core then fetches the file through /getImage
 * (shared/files/viaApi.ts), paced with this credential's other requests.
 */
const imagesViaApi: FilesViaApi = {
	// A getter: the adapter it names is defined below.
	get provider() {
		return THENEXTLEG as Provider;
	},
	request: (fileUrl, credentials) => ({ method: 'POST', url: `${apiRoot(credentials)}${GET_IMAGE_PATH}`, body: { imgUrl: fileUrl } }),
};

type Outcome = { state: JobState; status: string; progress?: number; error?: JobSnapshot['error'] };

/**
 * What a message says about its job. Done = progress 100 with a `content` that is not a notice
 * code (JOB_QUEUED, APPEAL_ACCEPTED: the job goes on); one of the other content codes is the
 * job's failure; "incomplete" means the server stopped waiting for it.
 */
function outcome(job: TheNextLegJob): Outcome {
	if (job.progress === 'incomplete') {
		const minutes = job.expireMins ?? DEFAULT_EXPIRE_MINS;
		return {
			state: 'failed',
			status: 'incomplete',
			error: {
				code: 'incomplete',
				message: `the message did not finish within ${minutes} minutes of being created (expireMins)`,
				hint: `TheNextLeg declares an unfinished message "incomplete" after expireMins minutes (default ${DEFAULT_EXPIRE_MINS}). It may still finish: read it with Message > Get, Wait Until Finished and a larger Expire After (Minutes).`,
			},
		};
	}
	if (job.progress < 100) {
		const progress = job.progress;
		return progress > 0 ? { state: 'running', status: 'processing', progress } : { state: 'queued', status: 'pending', progress };
	}
	const code = contentCode(job.content);
	// A notice reads `progress: 100` but the job has not started: 0, so the poller's progress-based
	// aim is not misled.
	if (code?.notice) return { state: 'queued', status: 'queued', progress: 0 };
	if (code) {
		const message = `${code.code}: ${code.meaning}`;
		return { state: 'failed', status: 'failed', progress: 100, error: { code: code.code, message, hint: code.hint } };
	}
	return { state: 'completed', status: 'completed', progress: 100 };
}

function snapshot(job: TheNextLegJob): JobSnapshot {
	const { state, progress, error } = outcome(job);
	return {
		id: job.messageId,
		state,
		progress,
		taskType: job.type,
		error,
	};
}

const IMAGE_TYPES = new Set(['imagine', 'button', 'blend']);

function toResult(job: TheNextLegJob): JobResult {
	const { status, progress, error } = outcome(job);
	const finished = status === 'completed';
	const content = contentCode(job.content) ? undefined : job.content;
	const buttons = strings(job.buttons);
	const result: JobResult = {
		jobId: job.messageId,
		provider: 'TheNextLeg',
		taskType: job.type ?? null,
		// Image messages echo their prompt in `content`.
		prompt: typeof content === 'string' && IMAGE_TYPES.has(job.type ?? '') ? content : null,
		status,
		progress: progress ?? null,
		imageUrl: job.imageUrl || null,
		imageUrls: strings(job.imageUrls),
		videoUrls: [],
		seed: job.seed !== undefined && job.seed !== null && job.seed !== '' ? String(job.seed) : null,
		actions: job.buttonMessageId ? { buttons, buttonMessageId: job.buttonMessageId } : { buttons },
		usage: null,
		error: error ? { code: error.code, message: error.message } : null,
		createdAt: job.createdAt ?? null,
		endedAt: finished || error ? (job.responseAt ?? null) : null,
		raw: job,
		// For chaining: a Button operation reads these from the incoming item.
		buttonMessageId: job.buttonMessageId ?? null,
		buttons,
		ref: job.ref ?? null,
	};
	if (typeof job.progressImageUrl === 'string' && !finished) result.progressImageUrl = job.progressImageUrl;
	// Describe answers with prompts, Info with an object, Settings and slash commands with text.
	if (Array.isArray(content)) result.prompts = strings(content);
	else if (content && typeof content === 'object') result.info = content as IDataObject;
	else if (typeof content === 'string' && !result.prompt) result.content = content;
	return result;
}

/** Files named `<messageId>_<n>` (and `_grid`) so a batch's downloads never collide. */
function files(job: TheNextLegJob): JobFiles {
	const urls = strings(job.imageUrls);
	const main = typeof job.imageUrl === 'string' && job.imageUrl ? job.imageUrl : undefined;
	const results = (urls.length ? urls : main ? [main] : []).map((url, index) => ({
		url,
		baseName: `${job.messageId}_${index}`,
	}));
	const grid = main && urls.length > 1 ? { url: main, baseName: `${job.messageId}_grid` } : undefined;
	return { grid, results, viaApi: imagesViaApi };
}

function minInterval(credentials: ICredentialDataDecryptedObject): number {
	const value = Number(credentials.minIntervalMs ?? DOCUMENTED_MIN_INTERVAL_MS);
	return Number.isFinite(value) && value >= 0 ? value : DOCUMENTED_MIN_INTERVAL_MS;
}

export const THENEXTLEG: Provider<TheNextLegJob> = {
	name: 'TheNextLeg',
	key: 'thenextleg',
	credentialType: CREDENTIAL_TYPE,
	readOperation: 'Message > Get',
	hints: THENEXTLEG_HINTS,
	baseUrl,
	secrets: (credentials) =>
		[credentials.apiToken, credentials.webhookSecret].filter((v): v is string => typeof v === 'string'),
	// Every submit answers only `{success, messageId, createdAt}`: a pending job is built from it.
	submitted: (answer: unknown, sentBody: IDataObject, request?: { url?: string }) =>
		parseSubmitted(answer, submittedType(sentBody, request?.url)),
	parseJob: (answer: unknown, asked?: Asked) => parseRead(answer, asked),
	statusRequest: (jobId, last) => ({
		method: 'GET',
		url: `/message/${encodeURIComponent(jobId)}`,
		...(last?.expireMins !== undefined ? { qs: { expireMins: last.expireMins } } : {}),
	}),
	snapshot,
	toResult,
	files,
	callback: {
		// Every submit takes `webhookOverride` (docs imagine); TheNextLeg sends no secret back.
		attach: (body, url) => {
			body.webhookOverride = url;
		},
		idKeys: ['originatingMessageId', 'messageId'],
		jobFromCallback: parseCallback,
	},
	// Submits, status reads and API downloads of one credential share the one pace.
	pacing: (credentials) => ({ minIntervalMs: minInterval(credentials) }),
	taskTypes: TASK_TYPES,
};
