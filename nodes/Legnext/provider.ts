import type { IDataObject } from 'n8n-workflow';

import type { JobFiles, JobResult } from '../shared/job/jobResult';
import type { JobSnapshot, JobState, Provider } from '../shared/provider';
import { LEGNEXT_HINTS } from './hints';
import { TASK_TYPES } from './taskTypes';

/** The Job object every Legnext endpoint returns (legnext.md, "Get Task" and each endpoint). */
export interface LegnextJob extends IDataObject {
	job_id: string;
	model?: string;
	task_type?: string;
	status: 'pending' | 'staged' | 'processing' | 'completed' | 'failed' | string;
	/** Not in the REST example, but the SDK docs read `task.progress`; used when present. */
	progress?: number;
	config?: { service_mode?: string; webhook_config?: { endpoint?: string; secret?: string } };
	output?: {
		image_url?: string;
		image_urls?: string[] | null;
		video_urls?: string[] | null;
		seed?: string;
		available_actions?: IDataObject;
		promptEn?: string;
		description?: string;
		finalPrompt?: string;
		prompts?: string[];
	} & IDataObject;
	meta?: {
		created_at?: string;
		started_at?: string;
		ended_at?: string;
		usage?: IDataObject;
	};
	error?: { code?: number; message?: string; raw_message?: string; detail?: unknown };
}

export const CREDENTIAL_TYPE = 'legnextApi';

function isLegnextJob(value: unknown): value is LegnextJob {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as LegnextJob).job_id === 'string' &&
		!!(value as LegnextJob).job_id &&
		typeof (value as LegnextJob).status === 'string'
	);
}

/** Legnext writes "0001-01-01T00:00:00Z" for a time that has not happened yet. */
function time(value: unknown): string | null {
	return typeof value === 'string' && value && !value.startsWith('0001-') ? value : null;
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && !!entry) : [];
}

// legnext.md "Get Task": pending, staged, processing, completed, failed.
const STATES: Record<string, JobState> = {
	pending: 'queued',
	staged: 'queued',
	processing: 'running',
	completed: 'completed',
	failed: 'failed',
};

function errorMessage(job: LegnextJob): string {
	return job.error?.message || job.error?.raw_message || '';
}

function snapshot(job: LegnextJob): JobSnapshot {
	const state = STATES[job.status] ?? 'running';
	return {
		id: job.job_id,
		state,
		progress: typeof job.progress === 'number' ? job.progress : undefined,
		taskType: job.task_type,
		error:
			state === 'failed'
				? { code: job.error?.code ?? null, message: errorMessage(job) || 'no reason given' }
				: undefined,
	};
}

function toResult(job: LegnextJob): JobResult {
	const output = job.output ?? {};
	const imageUrls = strings(output.image_urls);
	const failed = job.status === 'failed';
	const message = errorMessage(job);
	const result: JobResult = {
		jobId: job.job_id,
		provider: 'Legnext',
		taskType: job.task_type ?? null,
		prompt: null,
		status: job.status,
		progress: typeof job.progress === 'number' ? job.progress : job.status === 'completed' ? 100 : null,
		imageUrl: output.image_url || imageUrls[0] || null,
		imageUrls,
		videoUrls: strings(output.video_urls),
		seed: output.seed ? String(output.seed) : null,
		actions: output.available_actions ?? {},
		usage: job.meta?.usage ?? null,
		error:
			failed || message
				? { code: job.error?.code ?? null, message: message || 'The job failed without a message' }
				: null,
		createdAt: time(job.meta?.created_at),
		endedAt: time(job.meta?.ended_at),
		raw: job,
	};
	// Describe and Shorten answer with text, not images: surface it as readable fields.
	const prompts = strings(output.prompts);
	if (prompts.length) result.prompts = prompts;
	if (output.description) result.description = output.description;
	return result;
}

/** Files named `<jobId>_<n>` so a batch's downloads never collide. */
function files(job: LegnextJob): JobFiles {
	const output = job.output ?? {};
	const videos = strings(output.video_urls);
	const images = strings(output.image_urls);
	const results = (videos.length ? videos : images).map((url, index) => ({
		url,
		baseName: `${job.job_id}_${index}`,
	}));
	const grid =
		output.image_url && images.length > 1 ? { url: output.image_url, baseName: `${job.job_id}_grid` } : undefined;
	if (!results.length && output.image_url) {
		results.push({ url: output.image_url, baseName: `${job.job_id}_0` });
	}
	return { grid, results };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Legnext's REST answers are snake_case; a camelCase body is read as the same job. */
function snakeKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(snakeKeys);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).map(([key, entry]) => [snake(key), snakeKeys(entry)]));
}

/**
 * Legnext does not document its callback body. We take the job object as Get Task shows it,
 * and also the shapes a careful reader expects (the core unwraps `{data: job}`; camelCase keys
 * are read as snake_case): the trigger reads the API's own job by default anyway ("Verify with
 * API"), so this matters only with verification off.
 */
function jobFromCallback(body: IDataObject): LegnextJob | undefined {
	const job = (isLegnextJob(body) ? body : snakeKeys(body)) as IDataObject;
	const jobId = job.job_id ?? job.task_id ?? job.id;
	const status = job.status ?? job.state;
	if (typeof jobId !== 'string' || !jobId || typeof status !== 'string') return undefined;
	return { ...job, job_id: jobId, status } as LegnextJob;
}

export const LEGNEXT: Provider<LegnextJob> = {
	name: 'Legnext',
	key: 'legnext',
	credentialType: CREDENTIAL_TYPE,
	readOperation: 'Job > Get',
	hints: LEGNEXT_HINTS,
	baseUrl: (credentials) => String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
	secrets: (credentials) => [credentials.apiKey, credentials.webhookSecret].filter((v): v is string => typeof v === 'string'),
	// Every Legnext endpoint answers with the Job object itself.
	submitted: (answer) => (isLegnextJob(answer) ? answer : undefined),
	parseJob: (answer) => (isLegnextJob(answer) ? answer : undefined),
	statusRequest: (jobId) => ({ method: 'GET', url: `/v1/job/${encodeURIComponent(jobId)}` }),
	snapshot,
	toResult,
	files,
	callback: {
		// legnext.md: every submit takes a `callback` URL; Legnext sends no secret.
		attach: (body, url) => {
			body.callback = url;
		},
		idKeys: ['job_id', 'jobId', 'task_id', 'taskId', 'id'],
		jobFromCallback,
	},
	taskTypes: TASK_TYPES,
};
