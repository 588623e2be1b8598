import type { IDataObject } from 'n8n-workflow';

import type { JobFiles, JobResult } from '../../shared/jobResult';
import type { JobSnapshot } from '../../shared/poll';
import { PROVIDER } from '../transport/constants';

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

export const FINISHED = new Set(['completed', 'failed']);

export function isLegnextJob(value: unknown): value is LegnextJob {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as LegnextJob).job_id === 'string' &&
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

/**
 * Tokens in our callback URLs (and n8n's resume-URL signature) and any webhook secret Legnext
 * echoes back must not end up in workflow data: anyone holding them could forge callbacks.
 */
export function redactJob(job: LegnextJob): LegnextJob {
	const webhook = job.config?.webhook_config;
	if (!webhook) return job;
	return {
		...job,
		config: {
			...job.config,
			webhook_config: {
				...webhook,
				// Our trigger token, and n8n's signature on a resume URL: either lets its holder post results.
				endpoint: webhook.endpoint?.replace(/([?&](?:token|signature)=)[^&#]*/g, '$1***'),
				secret: webhook.secret ? '***' : webhook.secret,
			},
		},
	};
}

export function toJobResult(job: LegnextJob): JobResult {
	const output = job.output ?? {};
	const imageUrls = strings(output.image_urls);
	const failed = job.status === 'failed';
	const errorMessage = job.error?.message || job.error?.raw_message || '';
	const result: JobResult = {
		jobId: job.job_id,
		provider: PROVIDER,
		taskType: job.task_type ?? null,
		prompt: null,
		status: job.status,
		progress:
			typeof job.progress === 'number' ? job.progress : job.status === 'completed' ? 100 : null,
		imageUrl: output.image_url || imageUrls[0] || null,
		imageUrls,
		videoUrls: strings(output.video_urls),
		seed: output.seed ? String(output.seed) : null,
		actions: output.available_actions ?? {},
		usage: job.meta?.usage ?? null,
		error:
			failed || errorMessage
				? { code: job.error?.code ?? null, message: errorMessage || 'The job failed without a message' }
				: null,
		createdAt: time(job.meta?.created_at),
		endedAt: time(job.meta?.ended_at),
		raw: redactJob(job),
	};
	// Describe and Shorten answer with text, not images: surface it as readable fields.
	const prompts = strings(output.prompts);
	if (prompts.length) result.prompts = prompts;
	if (output.description) result.description = output.description;
	return result;
}

export function snapshotOf(job: LegnextJob): JobSnapshot {
	return {
		finished: FINISHED.has(job.status),
		progress: typeof job.progress === 'number' ? job.progress : undefined,
	};
}

/** Files named `<jobId>_<n>` so a batch's downloads never collide. */
export function jobFiles(job: LegnextJob): JobFiles {
	const output = job.output ?? {};
	const videos = strings(output.video_urls);
	const images = strings(output.image_urls);
	const results = (videos.length ? videos : images).map((url, index) => ({
		url,
		baseName: `${job.job_id}_${index}`,
	}));
	const grid =
		output.image_url && images.length > 1
			? { url: output.image_url, baseName: `${job.job_id}_grid` }
			: undefined;
	if (!results.length && output.image_url) {
		results.push({ url: output.image_url, baseName: `${job.job_id}_0` });
	}
	return { grid, results };
}
