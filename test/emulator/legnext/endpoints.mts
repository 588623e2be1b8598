// The 20 submit endpoints of legnext.md: request fields, checks and what job each one creates.
// Costs (meta.usage.frozen) are the values of each endpoint's response example.
import * as f from './fields.mts';
import { ApiError } from './http.mts';
import type { EmulatedJob, ResultKind } from './job.mts';
import { label, parsePrompt, type ModelVersion, type ParsedPrompt } from './prompt.mts';
import type { TaskType } from './types.mts';

export interface JobPlan {
	taskType: TaskType;
	result: ResultKind;
	count: number;
	cost: number;
	prompt: string;
	parsed: ParsedPrompt | null;
	version: ModelVersion | null;
	source?: EmulatedJob;
	sourceIndex?: number;
	extensions?: number;
	videoSeconds?: number;
	videoSize?: [number, number];
	/** Fixed seed (an upscale keeps its grid's seed); default: --seed or a hash of the job id. */
	seed?: string;
	/** User texts checked by the content-policy and failure hooks. */
	texts: string[];
}

type Lookup = (jobId: string) => EmulatedJob | undefined;
type Planner = (b: f.Body, lookup: Lookup) => JobPlan;

const IMAGE_NO = [0, 3] as const;
const VIDEO_SD: [number, number] = [854, 480];
const VIDEO_HD: [number, number] = [1280, 720];
/** Per video: the docs' examples freeze 480 for the default batch of 4; "--bs affects the cost accordingly". */
const VIDEO_UNIT_COST = 120;
/** Topaz "Resolution Options" table. */
const TOPAZ_COST: Record<string, number> = { HD: 120, FHD: 120, '2K': 120, '4K': 160, '6K': 200, '8K': 300, '12K': 540 };

/** The source job of a follow-up: 404 when unknown, 400 when not completed. */
function completedJob(lookup: Lookup, jobId: string): EmulatedJob {
	const job = lookup(jobId);
	if (!job) throw new ApiError(404, `Job not found: ${jobId}`);
	const status = job.status;
	if (status === 'failed') throw new ApiError(400, `Job ${jobId} failed; follow-ups need a completed job`);
	if (status !== 'completed') throw new ApiError(400, `Job ${jobId} is not completed yet (status: ${status})`);
	return job;
}

/** The follow-up must be listed in the source's available_actions for that image. */
function withAction(lookup: Lookup, jobId: string, action: string, imageNo?: number): EmulatedJob {
	const job = completedJob(lookup, jobId);
	const allowed = job.availableActions()?.[action];
	const ok = action === 'reroll' ? allowed === true : Array.isArray(allowed) && allowed.includes(imageNo ?? -1);
	if (!ok) {
		const what = action === 'reroll' ? '' : ` for image ${imageNo}`;
		const model = job.version ? ` (${job.taskType}, model ${label(job.version)})` : ` (${job.taskType})`;
		throw new ApiError(400, `${action} is not available${what} of job ${jobId}${model}`);
	}
	return job;
}

function withImage(lookup: Lookup, jobId: string, imageNo: number): EmulatedJob {
	const job = completedJob(lookup, jobId);
	if ((job.result !== 'grid' && job.result !== 'single') || imageNo >= job.count)
		throw new ApiError(400, `Job ${jobId} has no image ${imageNo}`);
	return job;
}

function withVideo(lookup: Lookup, jobId: string, videoNo: number): EmulatedJob {
	const job = completedJob(lookup, jobId);
	if (job.taskType !== 'video_diffusion' && job.taskType !== 'extend_video')
		throw new ApiError(400, `Job ${jobId} is not a video generation task (${job.taskType})`);
	if (videoNo >= job.count) throw new ApiError(400, `Job ${jobId} has no video ${videoNo}`);
	return job;
}

const imageNo = (b: f.Body) => f.inRange('imageNo', f.int(b, 'imageNo', true), ...IMAGE_NO);

/** A grid-producing task whose prompt is its own or inherited from `source`. */
function gridPlan(
	taskType: TaskType,
	cost: number,
	prompt: string,
	source?: EmulatedJob,
	extra: Partial<JobPlan> = {},
	premium = false,
): JobPlan {
	const parsed = prompt ? parsePrompt(prompt, { mode: 'image', defaultVersion: source?.version ?? undefined }) : null;
	const version = parsed?.version ?? source?.version ?? '7';
	return {
		taskType,
		result: 'grid',
		count: 4,
		cost: cost * (premium && parsed ? parsed.costMultiplier : 1),
		prompt,
		parsed,
		version,
		source,
		texts: [prompt],
		...extra,
	};
}

function remixPromptOf(b: f.Body, required: boolean): string | undefined {
	return required ? f.text(b, 'remixPrompt', true) : f.text(b, 'remixPrompt', false);
}

export const ENDPOINTS: Record<string, Planner> = {
	'/v1/diffusion': (b) => gridPlan('diffusion', 80, f.text(b, 'text', true), undefined, {}, true),

	'/v1/variation': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		f.inList('type', f.int(b, 'type', true), [0, 1]);
		const remix = remixPromptOf(b, false);
		const src = withAction(lookup, id, 'variation', n);
		return gridPlan('variation', 120, remix ?? src.prompt, src, { sourceIndex: n }, true);
	},

	'/v1/upscale': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		const type = f.inRange('type', f.int(b, 'type', true), 0, 3);
		const src = withAction(lookup, id, 'upscale', n);
		if (type >= 2)
			throw new ApiError(400, `Upscale type ${type} is deprecated and only supported for v5/niji5 jobs, not ${label(src.version ?? '7')}`);
		return { ...gridPlan('upscale', 120, src.prompt, src, { sourceIndex: n, seed: src.seed }), result: 'single', count: 1 };
	},

	'/v1/reroll': (b, lookup) => {
		const src = withAction(lookup, f.str(b, 'jobId', true), 'reroll');
		return gridPlan('reroll', 80, src.prompt, src, {}, true);
	},

	'/v1/blend': (b) => {
		const urls = f.stringArray(b, 'imgUrls');
		if (urls.length < 2 || urls.length > 5) throw new ApiError(422, 'Field imgUrls must hold 2-5 image URLs');
		urls.forEach((u, i) => f.httpUrl(`imgUrls[${i}]`, u));
		f.inList('aspect_ratio', f.str(b, 'aspect_ratio', true), ['2:3', '1:1', '3:2']);
		return gridPlan('blend', 80, '');
	},

	'/v1/describe': (b) => {
		f.httpUrl('imgUrl', f.str(b, 'imgUrl', true));
		return { taskType: 'describe', result: 'describe', count: 0, cost: 20, prompt: '', parsed: null, version: null, texts: [] };
	},

	'/v1/shorten': (b) => {
		const prompt = f.text(b, 'prompt', true);
		return { taskType: 'shorten', result: 'shorten', count: 0, cost: 20, prompt, parsed: null, version: null, texts: [prompt] };
	},

	'/v1/pan': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		f.inRange('direction', f.int(b, 'direction', true), 0, 3);
		f.inRange('scale', f.number(b, 'scale'), 1.1, 3.0);
		const remix = remixPromptOf(b, false);
		const src = withAction(lookup, id, 'pan', n);
		return gridPlan('pan', 80, remix ?? src.prompt, src, { sourceIndex: n });
	},

	'/v1/outpaint': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		f.inRange('scale', f.number(b, 'scale'), 1.1, 2.0);
		const remix = remixPromptOf(b, false);
		const src = withAction(lookup, id, 'outpaint', n);
		return gridPlan('outpaint', 80, remix ?? src.prompt, src, { sourceIndex: n });
	},

	'/v1/inpaint': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		// `area` is the deprecated single-polygon form; accepted in place of `mask`.
		if (!f.area(b) || b.mask !== undefined) f.mask(b, 'mask', true);
		const remix = remixPromptOf(b, false);
		const src = withAction(lookup, id, 'inpaint', n);
		return gridPlan('inpaint', 120, remix ?? src.prompt, src, { sourceIndex: n });
	},

	'/v1/remix': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		const remix = remixPromptOf(b, true) as string;
		const mode = f.int(b, 'mode', false);
		if (mode !== undefined) f.inList('mode', mode, [0, 1]);
		const src = withAction(lookup, id, 'remix', n);
		return gridPlan('remix', 120, remix, src, { sourceIndex: n }, true);
	},

	'/v1/edit': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		f.box(b, 'canvas', false);
		f.box(b, 'imgPos', true);
		const remix = remixPromptOf(b, true) as string;
		f.mask(b, 'mask', false);
		const src = withAction(lookup, id, 'edit', n);
		return gridPlan('edit', 120, remix, src, { sourceIndex: n });
	},

	'/v1/upload-paint': (b) => {
		f.httpUrl('imgUrl', f.str(b, 'imgUrl', true), 1024);
		f.box(b, 'canvas', false);
		f.box(b, 'imgPos', true);
		const remix = remixPromptOf(b, true) as string;
		f.mask(b, 'mask', true);
		return gridPlan('upload_paint', 120, remix);
	},

	'/v1/retexture': (b) => {
		f.httpUrl('imgUrl', f.str(b, 'imgUrl', true), 1024);
		return gridPlan('retexture', 120, remixPromptOf(b, true) as string);
	},

	'/v1/remove-background': (b) => {
		f.httpUrl('imgUrl', f.str(b, 'imgUrl', true), 1024);
		return { ...gridPlan('remove_background', 80, ''), result: 'single', count: 1, version: null };
	},

	'/v1/enhance': (b, lookup) => {
		const [id, n] = [f.str(b, 'jobId', true), imageNo(b)];
		const src = withImage(lookup, id, n);
		if (!src.draft || src.result !== 'grid')
			throw new ApiError(400, `Enhance needs a job created in draft mode (--v 7 --draft); job ${id} was not`);
		return gridPlan('enhance', 80, src.prompt, src, { sourceIndex: n });
	},

	'/v1/video-diffusion': (b, lookup) => {
		const jobId = f.str(b, 'jobId', false);
		const prompt = jobId ? f.text(b, 'prompt', false) : f.text(b, 'prompt', true);
		const n = jobId ? imageNo(b) : undefined;
		const videoType = f.int(b, 'videoType', false);
		if (videoType !== undefined) f.inList('videoType', videoType, [0, 1]);
		// The REST page shows two inputs (job image, or "[image_url] prompt"); the SDK pages add
		// "Generate from text only" (legnext.md, Python SDK > Video Generation), so text is accepted.
		const parsed = prompt ? parsePrompt(prompt, { mode: 'video' }) : null;
		const source = jobId ? withImage(lookup, jobId, n as number) : undefined;
		const count = parsed?.batchSize ?? 4;
		return {
			taskType: 'video_diffusion',
			result: 'video',
			count,
			cost: VIDEO_UNIT_COST * count,
			prompt: prompt ?? '',
			parsed,
			version: null,
			source,
			sourceIndex: n,
			videoSeconds: 5,
			videoSize: videoType === 1 ? VIDEO_HD : VIDEO_SD,
			texts: [prompt ?? ''],
		};
	},

	'/v1/extend-video': (b, lookup) => {
		const id = f.str(b, 'jobId', true);
		const videoNo = f.inRange('videoNo', f.int(b, 'videoNo', true), 0, 3);
		const prompt = f.text(b, 'prompt', false);
		const parsed = prompt ? parsePrompt(prompt, { mode: 'video' }) : null;
		const src = withVideo(lookup, id, videoNo);
		if (src.extensions >= 4) throw new ApiError(400, `Job ${id} was already extended 4 times (the maximum)`);
		const count = parsed?.batchSize ?? src.count;
		return {
			taskType: 'extend_video',
			result: 'video',
			count,
			cost: VIDEO_UNIT_COST * count,
			prompt: prompt ?? src.prompt,
			parsed,
			version: null,
			source: src,
			sourceIndex: videoNo,
			extensions: src.extensions + 1,
			videoSeconds: src.videoSeconds + 4,
			videoSize: src.videoSize,
			texts: [prompt ?? ''],
		};
	},

	'/v1/video-upscale': (b, lookup) => {
		const id = f.str(b, 'jobId', true);
		const videoNo = f.inRange('videoNo', f.int(b, 'videoNo', true), 0, 3);
		const src = withVideo(lookup, id, videoNo);
		return {
			taskType: 'video_upscale',
			result: 'video',
			count: 1,
			cost: 480,
			prompt: src.prompt,
			parsed: null,
			version: null,
			source: src,
			sourceIndex: videoNo,
			extensions: src.extensions,
			videoSeconds: src.videoSeconds,
			videoSize: src.videoSize[1] >= 720 ? [1920, 1080] : VIDEO_HD, // docs give no sizes: one step up
			texts: [],
		};
	},

	'/v1/enhance-upscale': (b, lookup) => {
		const imageUrl = f.str(b, 'image_url', false);
		const jobId = f.str(b, 'jobId', false);
		if (imageUrl !== undefined && jobId !== undefined)
			throw new ApiError(400, 'Give either image_url or jobId + imageNo, not both');
		if (imageUrl === undefined && jobId === undefined) throw new ApiError(400, 'Missing required field: image_url (or jobId + imageNo)');
		const enumField = (name: string, allowed: string[], dflt: string) => {
			const v = f.str(b, name, false);
			return v === undefined ? dflt : f.inList(name, v, allowed);
		};
		const resolution = enumField('target_resolution', Object.keys(TOPAZ_COST), '2K');
		enumField('content_type', ['standard', 'photo', 'illustration', 'text', 'low_res'], 'standard');
		enumField('aspect_ratio', ['keep', '1:1', '16:9', '9:16', '4:5', '5:4', '3:2', '2:3', '4:3', '3:4'], 'keep');
		enumField('crop_mode', ['letterbox', 'crop', 'stretch'], 'letterbox');
		enumField('output_format', ['jpeg', 'jpg', 'png', 'tiff', 'tif'], 'jpeg');
		enumField('face_enhancement_level', ['off', 'none', 'subtle', 'moderate', 'strong'], 'moderate');
		let source: EmulatedJob | undefined;
		let n: number | undefined;
		if (jobId !== undefined) {
			n = imageNo(b);
			source = withImage(lookup, jobId, n);
		} else {
			f.httpUrl('image_url', imageUrl as string);
		}
		return {
			taskType: 'enhance_upscale',
			result: 'single',
			count: 1,
			cost: TOPAZ_COST[resolution],
			prompt: '',
			parsed: null,
			version: null,
			source,
			sourceIndex: n,
			texts: [],
		};
	},
};
