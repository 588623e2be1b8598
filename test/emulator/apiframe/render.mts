// The task object as /fetch, /fetch-many and webhooks show it (apiframe-v1.md §3 table and §4).
import { hash32 } from '../legnext/http.mts';
import type { EmulatedTask, TaskPhase } from './task.mts';
import type { FailureShape, FinalShape, TaskStatus, VideoShape } from './types.mts';

export interface RenderOptions {
	/** Where files are served, e.g. http://127.0.0.1:4020 */
	origin: string;
	finalShape: FinalShape;
	failureShape: FailureShape;
	videoShape: VideoShape;
}

/** Result file paths, relative to the emulator's origin (served by files.mts). */
export const filePaths = {
	grid: (id: string) => `/cdn/images/${id}/grid.png`,
	image: (id: string, n: number) => `/cdn/images/${id}/${n}.png`,
	single: (id: string) => `/cdn/images/${id}/image.png`,
	video: (id: string, n: number) => `/cdn/videos/${id}/${n}.mp4`,
};

/**
 * Text tasks never show a percentage: §4 "Some pages show status starting or processing with no
 * percentage (shorten, seed)"; we treat describe the same way.
 */
const NO_PERCENTAGE = new Set(['shorten', 'describe', 'seed']);

export type Rendered = Record<string, unknown>;

/** @param as force a status (resent / out-of-order webhooks); default: the task's own phase. */
export function renderTask(
	task: EmulatedTask,
	opts: RenderOptions,
	now = Date.now(),
	as?: TaskStatus,
): Rendered {
	const phase = as ? forcedPhase(task, as, now) : task.phase(now);
	const head = { task_id: task.id, task_type: task.taskType };
	if (phase.status === 'finished') {
		const done = { ...head, ...finalFields(task, opts) };
		// §4: the Midjourney examples carry no status; the Runway page shows status "finished", percentage 100 (a number).
		return opts.finalShape === 'finished' ? { ...done, status: 'finished', percentage: 100 } : done;
	}
	if (phase.status === 'failed') {
		// §4: the failure body is undocumented; the SDK reads `message` or `error`.
		const message = task.failure ?? 'Task failed';
		const out: Rendered = { ...head, status: 'failed' };
		if (opts.failureShape !== 'error') out.message = message;
		if (opts.failureShape !== 'message') out.error = message;
		return out;
	}
	const out: Rendered = { ...head, status: phase.status };
	// §4: `percentage` is a string ("40") while processing.
	if (phase.percentage !== undefined && !NO_PERCENTAGE.has(task.result))
		out.percentage = String(phase.percentage);
	return out;
}

function forcedPhase(task: EmulatedTask, as: TaskStatus, now: number): TaskPhase {
	if (as === 'finished') return { status: as, percentage: 100 };
	if (as !== 'processing') return { status: as };
	const own = task.phase(now);
	return { status: as, percentage: own.status === 'processing' ? own.percentage : 50 };
}

function finalFields(task: EmulatedTask, opts: RenderOptions): Rendered {
	const at = (path: string) => opts.origin + path;
	switch (task.result) {
		case 'grid':
			return {
				...(task.sref === undefined ? {} : { sref: task.sref }),
				original_image_url: at(filePaths.grid(task.id)),
				image_urls: [1, 2, 3, 4].map((n) => at(filePaths.image(task.id, n))),
			};
		case 'image':
			return { image_url: at(filePaths.single(task.id)) };
		case 'video': {
			const urls = [1, 2, 3, 4].map((n) => at(filePaths.video(task.id, n)));
			return opts.videoShape === 'videoUrl' ? { videoUrl: urls[0] } : { video_urls: urls };
		}
		case 'describe':
			return { image_url: task.imageUrl, content: describeContent(task.imageUrl ?? '') };
		case 'shorten':
			return shortenContent(task.prompt);
		case 'seed':
			return { seed: task.seed };
	}
}

const LOOKS = ['a detailed', 'a minimal', 'a vibrant', 'a moody', 'a dreamy', 'a cinematic'];
const FINISH = [
	'soft daylight',
	'film grain',
	'watercolor wash',
	'studio light',
	'isometric render',
	'ink drawing',
	'pastel tones',
];

/** Four prompts "read" from the image: the file name's words plus deterministic styles. */
function describeContent(imageUrl: string): string[] {
	let name = '';
	try {
		name = decodeURIComponent(new URL(imageUrl).pathname.split('/').pop() ?? '');
	} catch {
		name = '';
	}
	const words = name
		.split(/[^A-Za-z]+/)
		.filter((w) => w.length > 2 && !/^(png|jpe?g|webp|gif|image|img)$/i.test(w));
	const subject = words.join(' ').toLowerCase() || 'a scene';
	const h = hash32(imageUrl);
	return [1, 2, 3, 4].map(
		(i) =>
			`${LOOKS[(h + i) % LOOKS.length]} picture of ${subject}, ${FINISH[(h + 2 * i) % FINISH.length]} --ar 1:1`,
	);
}

/** Five shorter prompts (flags kept) and the markdown `full_content` that lists them. */
function shortenContent(prompt: string): Rendered {
	const cut = prompt.search(/\s--[a-z]/i);
	const text = (cut < 0 ? prompt : prompt.slice(0, cut)).trim();
	const flags = cut < 0 ? '' : prompt.slice(cut).trim();
	const words = text.split(/[\s,]+/).filter(Boolean);
	const content = [0.8, 0.6, 0.45, 0.3, 0.15].map((share) => {
		const keep = Math.max(1, Math.ceil(words.length * share));
		return [words.slice(0, keep).join(' '), flags].filter(Boolean).join(' ');
	});
	const important = words
		.slice(0, 5)
		.map((w) => `**${w}**`)
		.join(', ');
	const full = [
		`IMPORTANT TOKENS: ${important}`,
		'',
		'SHORTENED PROMPTS:',
		...content.map((c, i) => `${i + 1}️⃣ ${c}`),
	].join('\n');
	return { content, full_content: full };
}
