// The submit endpoints of apiframe-v1.md §3: body checks, parent-task rules, credits (§6) and what
// task each one creates. Field checks come before the parent lookup.
import { hash32 } from '../legnext/http.mts';
import * as f from './fields.mts';
import type { EmulatedTask, ResultKind } from './task.mts';

export interface TaskPlan {
	taskType: string;
	result: ResultKind;
	/** §6 credits in fast mode. */
	cost: number;
	/** Our choice: process_mode "turbo" doubles the cost of the tasks §6 prices "in fast mode" and their peers. */
	turboDoubles?: boolean;
	/** Own or inherited prompt ('' when none); read by the `[emulator:fail]` hook and for --seed/--sref. */
	prompt: string;
	parent?: EmulatedTask;
	index?: number;
	/** Inherited seed (upscales, seed reads); default: --seed of the prompt or a hash. */
	seed?: string;
	/** An image that is the parent's picture (upscale-1x, highres): reuse its image key. */
	imageKey?: string;
	imageScale?: number;
	videoSeconds?: number;
	imageUrl?: string;
}

export type Lookup = (taskId: string) => EmulatedTask | undefined;
type Planner = (b: f.Body, lookup: Lookup) => TaskPlan;

/** §3 "Grid" results; the tasks variations, reroll and upscale-1x act on. */
const isGrid = (t: EmulatedTask) => t.result === 'grid';
/** §3 note: upscale-alt, inpaint, outpaint and pan need an upscale-1x parent. */
const isUpscale1x = (t: EmulatedTask) => t.endpoint === '/upscale-1x';
const isVideo = (t: EmulatedTask) => t.result === 'video';
/** A Midjourney generation with a seed: grids and Midjourney upscales (not highres, faceswap, text). */
const hasSeed = (t: EmulatedTask) =>
	isGrid(t) || t.endpoint === '/upscale-1x' || t.endpoint === '/upscale-alt';
const hasImages = (t: EmulatedTask) => t.result === 'grid' || t.result === 'image';

/** Unknown parent -> 400, wrong kind -> 400, failed or unfinished -> 400 (§3 notes; the codes are our choice). */
function parentTask(
	lookup: Lookup,
	b: f.Body,
	field: string,
	accepts: (t: EmulatedTask) => boolean,
	what: string,
): EmulatedTask {
	const id = f.asString(b, field, true);
	const task = lookup(id);
	if (!task) throw f.invalid(`${field}: no task with id ${id}`);
	if (!accepts(task)) throw f.invalid(`${field} must be ${what}; task ${id} is "${task.taskType}"`);
	const status = task.status;
	if (status === 'failed') throw f.invalid(`${field}: task ${id} failed`);
	if (status !== 'finished')
		throw f.invalid(`${field}: task ${id} is not finished yet (status: ${status})`);
	return task;
}

/** Index 1-4 must exist in the parent (4 images for grids, 4 videos for video tasks). */
function existing(parent: EmulatedTask, n: number, field = 'index'): number {
	const count = isVideo(parent) ? 4 : parent.imageKeys.length;
	if (n > count) throw f.invalid(`${field}: task ${parent.id} has no item ${n}`);
	return n;
}

const grid = (taskType: string, prompt: string, extra: Partial<TaskPlan> = {}): TaskPlan => ({
	taskType,
	result: 'grid',
	cost: 4,
	turboDoubles: true,
	prompt,
	...extra,
});

const GRID_PARENT =
	'a finished grid task (imagine, reroll, variations, blend, inpaint, outpaint or pan)';
const UPSCALE_PARENT = 'an upscale-1x task';
const VIDEO_SECONDS = 5;
/** Our choice: each extension adds 4 s. */
const EXTEND_SECONDS = 4;
/** §6 prices no video task; our choice. */
const VIDEO_COST = 8;

export const ENDPOINTS: Record<string, Planner> = {
	'/imagine': (b) => {
		const prompt = f.asString(b, 'prompt', true);
		f.aspectRatio(b);
		return grid('imagine', prompt);
	},

	'/imagine-video': (b) => {
		const prompt = f.asString(b, 'prompt', true);
		f.url(b, 'image_url', true);
		f.oneOf(b, 'motion', ['low', 'high'] as const, false);
		return {
			taskType: 'imagine-video',
			result: 'video',
			cost: VIDEO_COST,
			prompt,
			videoSeconds: VIDEO_SECONDS,
		};
	},

	'/imagine-video-extend': (b, lookup) => {
		const n = f.index(b) as number;
		const prompt = f.asString(b, 'prompt', true);
		f.url(b, 'image_url', false);
		f.oneOf(b, 'motion', ['low', 'high'] as const, false);
		const parent = parentTask(
			lookup,
			b,
			'parent_task_id',
			isVideo,
			'a video task (imagine-video or imagine-video-extend)',
		);
		existing(parent, n);
		const videoSeconds = parent.videoSeconds + EXTEND_SECONDS;
		return {
			taskType: 'imagine-video-extend',
			result: 'video',
			cost: VIDEO_COST,
			prompt,
			parent,
			index: n,
			videoSeconds,
		};
	},

	'/reroll': (b, lookup) => {
		const own = f.asString(b, 'prompt', false);
		f.aspectRatio(b);
		const parent = parentTask(lookup, b, 'parent_task_id', isGrid, GRID_PARENT);
		return grid('reroll', own?.trim() ? own : parent.prompt, { parent });
	},

	'/upscale-1x': (b, lookup) => {
		const n = f.index(b) as number;
		const parent = parentTask(lookup, b, 'parent_task_id', isGrid, GRID_PARENT);
		existing(parent, n);
		return {
			taskType: `upscale#${n}`,
			result: 'image',
			cost: 2,
			prompt: parent.prompt,
			parent,
			index: n,
			seed: parent.seed,
			imageKey: parent.imageKeys[n - 1],
		};
	},

	'/upscale-alt': (b, lookup) => {
		const type = f.oneOf(b, 'type', ['subtle', 'creative'] as const, true);
		const parent = parentTask(lookup, b, 'parent_task_id', isUpscale1x, UPSCALE_PARENT);
		return {
			taskType: `upscale-${type}`,
			result: 'image',
			cost: 4,
			prompt: parent.prompt,
			parent,
			seed: parent.seed,
			imageScale: 2,
		};
	},

	'/upscale-highres': (b, lookup) => {
		const type = f.oneOf(b, 'type', ['2x', '4x'] as const, true) as '2x' | '4x';
		const imageUrl = f.url(b, 'image_url', false);
		const hasParent = b.parent_task_id !== undefined && b.parent_task_id !== null;
		if (hasParent === (imageUrl !== undefined))
			throw f.invalid('Send exactly one of parent_task_id or image_url');
		const plan: TaskPlan = {
			taskType: `upscale-${type}`,
			result: 'image',
			cost: type === '2x' ? 1 : 2,
			prompt: '',
			imageScale: type === '2x' ? 2 : 4,
		};
		if (!hasParent) return plan;
		const hasIndex = b.index !== undefined && b.index !== null;
		const n = hasIndex ? (f.index(b) as number) : undefined;
		const parent = parentTask(lookup, b, 'parent_task_id', hasImages, 'a finished image task');
		// §3: `index` only when the parent is a 4-image task; we require it there and refuse it elsewhere.
		if (isGrid(parent) && n === undefined)
			throw f.invalid('index is required when the parent task has 4 images');
		if (!isGrid(parent) && n !== undefined)
			throw f.invalid('index is only allowed when the parent task has 4 images');
		const key = parent.imageKeys[(n ?? 1) - 1];
		return { ...plan, prompt: parent.prompt, parent, index: n, imageKey: key };
	},

	'/variations': (b, lookup) => {
		const which = f.index(b, 'index', ['strong', 'subtle']);
		const own = f.asString(b, 'prompt', false);
		f.aspectRatio(b);
		// Our reading of §3: numeric index = a grid image; strong/subtle = Vary (Strong/Subtle) of an upscaled image.
		const parent =
			typeof which === 'number'
				? parentTask(lookup, b, 'parent_task_id', isGrid, GRID_PARENT)
				: parentTask(
						lookup,
						b,
						'parent_task_id',
						isUpscale1x,
						`${UPSCALE_PARENT} for index "${which}"`,
					);
		if (typeof which === 'number') existing(parent, which);
		const extra = typeof which === 'number' ? { parent, index: which } : { parent };
		return grid(`variation-${which}`, own?.trim() ? own : parent.prompt, extra);
	},

	'/inpaint': (b, lookup) => {
		f.mask(b);
		const own = f.asString(b, 'prompt', false);
		const parent = parentTask(lookup, b, 'parent_task_id', isUpscale1x, UPSCALE_PARENT);
		return grid('inpaint', own?.trim() ? own : parent.prompt, { parent });
	},

	'/outpaint': (b, lookup) => {
		const zoom = f.zoomRatio(b);
		f.aspectRatio(b);
		const own = f.asString(b, 'prompt', false);
		const parent = parentTask(lookup, b, 'parent_task_id', isUpscale1x, UPSCALE_PARENT);
		return grid(`outpaint-${zoom}`, own?.trim() ? own : parent.prompt, { parent });
	},

	'/pan': (b, lookup) => {
		const direction = f.oneOf(b, 'direction', ['up', 'down', 'left', 'right'] as const, true);
		const own = f.asString(b, 'prompt', false);
		const parent = parentTask(lookup, b, 'parent_task_id', isUpscale1x, UPSCALE_PARENT);
		return grid(`pan-${direction}`, own?.trim() ? own : parent.prompt, { parent });
	},

	'/shorten': (b) => ({
		taskType: 'shorten',
		result: 'shorten',
		cost: 2,
		prompt: f.asString(b, 'prompt', true),
	}),

	'/describe': (b) => {
		const imageUrl = f.url(b, 'image_url', true);
		return { taskType: 'describe', result: 'describe', cost: 2, prompt: '', imageUrl };
	},

	'/blend': (b) => {
		const urls = f.stringList(b, 'image_urls', 2, 5);
		urls.forEach((u, i) => {
			if (!f.isHttpUrl(u)) throw f.invalid(`image_urls[${i}] must be a valid http(s) URL`);
		});
		f.oneOf(b, 'dimension', ['square', 'portrait', 'landscape'] as const, false);
		return grid('blend', '');
	},

	'/seed': (b, lookup) => {
		const parent = parentTask(lookup, b, 'task_id', hasSeed, 'a finished Midjourney image task');
		return {
			taskType: 'seed',
			result: 'seed',
			cost: 2,
			prompt: parent.prompt,
			parent,
			seed: parent.seed,
		};
	},

	'/faceswap': (b) => {
		f.url(b, 'target_image_url', true);
		f.url(b, 'swap_image_url', true);
		return { taskType: 'faceswap', result: 'image', cost: 2, prompt: '' };
	},
};

/** `--name value` of a prompt (last one wins). */
export function flag(prompt: string, name: string): string | undefined {
	const all = [...prompt.matchAll(new RegExp(`(?:^|\\s)--${name}(?:\\s+([^\\s-][^\\s]*))?`, 'g'))];
	const last = all.at(-1);
	return last ? (last[1] ?? '') : undefined;
}

/** Digits for `seed`: --seed N when valid, else a hash of `fallback`. */
export function seedOf(prompt: string, fallback: string): string {
	const given = flag(prompt, 'seed');
	return given && /^\d{1,10}$/.test(given) && Number(given) <= 4294967295
		? given
		: String(hash32(fallback));
}

/** §2 / §3: `sref` only when the prompt used --sref: the numeric code given, else a generated one. */
export function srefOf(prompt: string, taskId: string): string | undefined {
	const given = flag(prompt, 'sref');
	if (given === undefined) return undefined;
	return given && /^\d+$/.test(given)
		? given
		: `${hash32(`sref:${taskId}`)}${hash32(`sref2:${taskId}`) % 1000}`;
}
