import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { JobFiles, JobResult } from '../shared/job/jobResult';
import type { SentRequest } from '../shared/operation/sentBody';
import type { ApiRequest, JobSnapshot, Provider, StatusAsk } from '../shared/provider';
import { readCheck } from './completion';
import { CHUB_HINTS } from './hints';
import type { Media } from './requestTypes';
import {
	endpointOfOperation,
	endpointOfPath,
	mediaOfRequestType,
	VOICE_CLONE,
} from './requestTypes';

export const CREDENTIAL_TYPE = 'chubImagineApi';
export const PROVIDER_NAME = 'Chub Imagine';

/**
 * A Chub task as this node tracks it: the queued answer of a generation endpoint
 * `{generation_uuid, cost, queue_length}` plus the `request_type` its `/check` needs (both are
 * the `/check` body, chub-imagine.md §4), then whatever `/check` answers; or a voice object from
 * /voice_clone (`uuid`, `is_done`, `is_failed`, examples), marked `request_type: "voice_clone"`.
 */
export interface ChubJob extends IDataObject {
	generation_uuid?: string;
	/** Voices only. */
	uuid?: string;
	request_type?: string;
	cost?: number;
	queue_length?: number;
}

const isObject = (value: unknown): value is IDataObject =>
	!!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

const number = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const isVoice = (job: IDataObject | undefined) => job?.request_type === VOICE_CLONE;

function jobId(job: ChubJob): string {
	return (isVoice(job) ? job.uuid : job.generation_uuid) ?? job.generation_uuid ?? job.uuid ?? '';
}

/** A submit answer: the queued generation, or (voice clone) the voice object. */
function submitted(
	answer: unknown,
	_sentBody: IDataObject,
	request?: SentRequest,
): ChubJob | undefined {
	if (!isObject(answer)) return undefined;
	const endpoint = endpointOfPath(request?.url);
	if (endpoint?.requestType === VOICE_CLONE) {
		return text(answer.uuid) ? { ...answer, request_type: VOICE_CLONE } : undefined;
	}
	if (!text(answer.generation_uuid)) return undefined;
	return { ...answer, request_type: text(answer.request_type) ?? endpoint?.requestType };
}

/** The voice in a GET /voices answer `{voices: [...]}`. */
function voiceIn(answer: IDataObject, uuid: string | undefined): ChubJob | undefined {
	const voices = Array.isArray(answer.voices) ? (answer.voices as unknown[]) : [];
	const voice = voices.find((entry) => isObject(entry) && uuid && entry.uuid === uuid);
	return isObject(voice) ? { ...voice, request_type: VOICE_CLONE } : undefined;
}

/**
 * A `/check` (or /voices) answer. The finished answer may name neither the generation nor its
 * type (the Stages SDK shape is just `{url, seed}`), so what the read asked for fills them in:
 * the job as last seen while waiting, or the /check body a Task > Get sent.
 */
function parseJob(answer: unknown, asked?: StatusAsk<ChubJob>): ChubJob | undefined {
	if (!isObject(answer)) return undefined;
	const sent = asked?.request?.body;
	const known: IDataObject = asked?.last ?? (isObject(sent) ? sent : {});
	if (isVoice(known) || Array.isArray(answer.voices))
		return voiceIn(answer, asked?.jobId ?? text(known.uuid));
	const id = text(answer.generation_uuid) ?? asked?.jobId ?? text(known.generation_uuid);
	if (!id) return undefined;
	const job: ChubJob = { ...answer, generation_uuid: id };
	const requestType = text(answer.request_type) ?? text(known.request_type);
	if (requestType) job.request_type = requestType;
	// The charge of the submit, which the next /check sends back (the answer may drop it).
	if (job.cost === undefined && number(known.cost) !== undefined) job.cost = number(known.cost);
	return job;
}

/** POST /check with the submit answer plus request_type (the seed's body); voices: GET /voices. */
function statusRequest(id: string, last?: ChubJob): ApiRequest {
	if (isVoice(last)) return { method: 'GET', url: '/voices' };
	const body: IDataObject = { generation_uuid: id };
	if (number(last?.cost) !== undefined) body.cost = last!.cost;
	if (number(last?.queue_length) !== undefined) body.queue_length = last!.queue_length;
	if (text(last?.request_type)) body.request_type = last!.request_type;
	return { method: 'POST', url: '/check', body };
}

function snapshot(job: ChubJob): JobSnapshot {
	const reading = readCheck(job);
	return {
		id: jobId(job),
		state: reading.state,
		taskType: text(job.request_type),
		error:
			reading.state === 'failed'
				? { code: null, message: reading.error ?? 'no reason given' }
				: undefined,
	};
}

/** The voice's example readings, the clone's result files. */
const VOICE_EXAMPLES = ['example', 'e2_example', 'f5_example', 'z_example'];

function resultUrls(job: ChubJob): string[] {
	if (isVoice(job))
		return VOICE_EXAMPLES.map((key) => text(job[key])).filter((url): url is string => !!url);
	const url = readCheck(job).url;
	return url ? [url] : [];
}

const EXTENSION_MEDIA: Record<string, Media> = {
	png: 'image',
	jpg: 'image',
	jpeg: 'image',
	webp: 'image',
	gif: 'image',
	mp4: 'video',
	webm: 'video',
	mov: 'video',
	mp3: 'audio',
	wav: 'audio',
	ogg: 'audio',
	m4a: 'audio',
	flac: 'audio',
};

/** What the task makes: by its request type, else by the file's extension. */
function mediaOf(job: ChubJob, url: string | undefined): Media | undefined {
	if (isVoice(job)) return 'audio';
	const extension = /\.([a-z0-9]{2,5})(?:[?#]|$)/i.exec(url ?? '')?.[1]?.toLowerCase();
	return (
		mediaOfRequestType(job.request_type) ?? (extension ? EXTENSION_MEDIA[extension] : undefined)
	);
}

function toResult(job: ChubJob): JobResult {
	const reading = readCheck(job);
	const urls = resultUrls(job);
	const media = mediaOf(job, urls[0]) ?? 'image';
	const failed = reading.state === 'failed';
	const cost = number(job.cost);
	return {
		jobId: jobId(job),
		provider: PROVIDER_NAME,
		taskType: text(job.request_type) ?? null,
		prompt: null,
		status: reading.status,
		progress: reading.state === 'completed' ? 100 : null,
		imageUrl: media === 'image' ? (urls[0] ?? null) : null,
		imageUrls: media === 'image' ? urls : [],
		videoUrls: media === 'video' ? urls : [],
		audioUrls: media === 'audio' ? urls : [],
		seed: job.seed !== undefined && job.seed !== null && job.seed !== '' ? String(job.seed) : null,
		actions: {},
		usage: cost !== undefined ? { cost } : null,
		error: failed ? { code: null, message: reading.error ?? 'no reason given' } : null,
		createdAt: text(job.created_at) ?? null,
		endedAt: null,
		queueLength: number(job.queue_length) ?? null,
		raw: job,
	};
}

/** Files named `<id>_<n>`, so a batch's downloads never collide; only http(s) URLs can be fetched. */
function files(job: ChubJob): JobFiles {
	const id = jobId(job);
	return {
		results: resultUrls(job)
			.filter((url) => /^https?:\/\//i.test(url))
			.map((url, index) => ({ url, baseName: `${id}_${index}` })),
	};
}

/** `{costs: {<price key>: credits}}` (chub-imagine.md §5); numeric strings are read as numbers. */
function parsePrices(answer: unknown): Record<string, number> | undefined {
	if (!isObject(answer) || !isObject(answer.costs)) return undefined;
	const prices: Record<string, number> = {};
	for (const [key, value] of Object.entries(answer.costs)) {
		const credits = typeof value === 'string' && value.trim() ? Number(value) : value;
		if (typeof credits === 'number' && Number.isFinite(credits)) prices[key] = credits;
	}
	return prices;
}

/** One item's cost: the first price key of its endpoint that the list names; reads are free. */
function estimate(ctx: IExecuteSingleFunctions, prices: Record<string, number>) {
	const endpoint = endpointOfOperation(String(ctx.getNodeParameter('operation', '')));
	if (!endpoint) return { credits: 0, price: 'free' };
	const key = endpoint.prices.find((price) => prices[price] !== undefined);
	return key ? { credits: prices[key], price: key } : undefined;
}

export const CHUB: Provider<ChubJob> = {
	name: PROVIDER_NAME,
	key: 'chub',
	credentialType: CREDENTIAL_TYPE,
	readOperation: 'Task > Get',
	hints: CHUB_HINTS,
	baseUrl: (credentials) => String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
	secrets: (credentials) => [credentials.apiKey].filter((v): v is string => typeof v === 'string'),
	submitted,
	parseJob,
	statusRequest,
	snapshot,
	toResult,
	files,
	// chub-imagine.md §3: "concurrent requests on one account get 429". One request at a time per
	// credential; a 429 (e.g. too many generations running) is still retried after Retry-After.
	pacing: () => ({ maxInFlight: 1 }),
	costs: { request: { method: 'GET', url: '/images/costs' }, parse: parsePrices, estimate },
};
