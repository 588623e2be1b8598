// The Job object as the API returns it (Get Task, submit answers and callbacks share this shape).
import { hash32, isoSeconds } from './http.mts';
import type { EmulatedJob, JobPhase } from './job.mts';
import { splitPrompt } from './prompt.mts';
import type { JobStatus } from './types.mts';

const ZERO_TIME = '0001-01-01T00:00:00Z'; // the docs' value for "not started / not ended"

/** Result file paths, relative to the emulator's origin. */
export const filePaths = {
	grid: (id: string) => `/cdn/temp/${id}_grid.png`,
	image: (id: string, n: number) => `/cdn/mj/${id}_${n}.png`,
	video: (id: string, n: number) => `/cdn/video/${id}_${n}.mp4`,
};

/**
 * @param origin where files are served, e.g. http://127.0.0.1:4010
 * @param as     force a status (resent / out-of-order callbacks); default: the job's own phase
 */
export function renderJob(job: EmulatedJob, origin: string, now = Date.now(), as?: JobStatus) {
	const phase: JobPhase = as ? forcedPhase(job, as, now) : job.phase(now);
	const { status } = phase;
	const completed = status === 'completed';
	const ended = completed || status === 'failed';
	const failure = job.failure ?? { code: 500, message: 'Task failed', raw_message: 'emulator: forced failed status' };
	return {
		job_id: job.id,
		model: 'midjourney',
		task_type: job.taskType,
		status,
		// Not in the REST examples, but every SDK section reads `task.progress`.
		progress: phase.progress,
		config: { service_mode: 'public', webhook_config: { endpoint: job.callbackUrl, secret: '' } },
		input: null,
		output: completed ? resultOutput(job, origin) : emptyOutput(job),
		meta: {
			created_at: isoSeconds(job.createdAt),
			started_at: status === 'pending' ? ZERO_TIME : isoSeconds(Math.min(job.startedAt, now)),
			ended_at: ended ? isoSeconds(Math.min(job.endsAt, now)) : ZERO_TIME,
			usage: { type: 'point', frozen: job.cost, consume: completed ? job.cost : 0 },
		},
		detail: null,
		logs: [],
		error:
			status === 'failed'
				? { code: failure.code, raw_message: failure.raw_message, message: failure.message, detail: null }
				: { code: 0, raw_message: '', message: '', detail: null },
	};
}

export type RenderedJob = ReturnType<typeof renderJob>;

function forcedPhase(job: EmulatedJob, as: JobStatus, now: number): JobPhase {
	if (as === 'completed') return { status: as, progress: 100 };
	if (as === 'failed') return { status: as, progress: 99 };
	if (as === 'processing') return { status: as, progress: Math.min(99, Math.max(1, job.phase(now).progress || 50)) };
	return { status: as, progress: 0 };
}

/** Pending / failed outputs exactly as the submit examples show them. */
function emptyOutput(job: EmulatedJob) {
	switch (job.result) {
		case 'describe':
		case 'shorten':
			return { promptEn: '', description: '', finalPrompt: '', prompts: [] as string[] };
		case 'video':
			return { video_urls: null, seed: '' };
		default:
			return { image_url: '', image_urls: null, seed: '' };
	}
}

function resultOutput(job: EmulatedJob, origin: string) {
	const n = [...Array(job.count).keys()];
	switch (job.result) {
		case 'describe':
			return describeOutput(String(job.request.imgUrl));
		case 'shorten':
			return shortenOutput(job.prompt);
		case 'video':
			return { video_urls: n.map((i) => origin + filePaths.video(job.id, i)), seed: job.seed };
		default: {
			const images = n.map((i) => origin + filePaths.image(job.id, i));
			return {
				image_url: job.result === 'grid' ? origin + filePaths.grid(job.id) : images[0],
				image_urls: images,
				seed: job.seed,
				available_actions: job.availableActions(),
			};
		}
	}
}

const ADJECTIVES = ['a detailed', 'a minimal', 'a vibrant', 'a moody', 'a whimsical', 'an atmospheric'];
const STYLES = [
	'cinematic lighting',
	'soft watercolor texture',
	'sharp digital illustration',
	'35mm film photography',
	'muted pastel palette',
	'dramatic shadows',
	'isometric 3d render',
	'studio lighting',
];

/** Four prompts "derived from the image": words of the file name plus deterministic styles. */
function describeOutput(imgUrl: string) {
	let host = 'the web';
	let stem = '';
	try {
		const u = new URL(imgUrl);
		host = u.hostname;
		stem = decodeURIComponent(u.pathname.split('/').pop() ?? '');
	} catch {
		/* validated on submit; keep defaults */
	}
	const words = stem
		.split(/[^a-zA-Z]+/)
		.filter((w) => w.length > 2 && !/^(png|jpe?g|webp|tiff?|image|img)$/i.test(w));
	const subject = words.join(' ').toLowerCase() || 'a scene';
	const h = hash32(imgUrl);
	const prompts = [0, 1, 2, 3].map(
		(i) =>
			`${ADJECTIVES[(h + i) % ADJECTIVES.length]} image of ${subject}, ${STYLES[(h + i) % STYLES.length]}, ${STYLES[(h + i + 3) % STYLES.length]} --ar 1:1`,
	);
	return {
		promptEn: prompts.join('\n\n'),
		description: `An image of ${subject} (from ${host}).`,
		finalPrompt: prompts[0],
		prompts,
	};
}

/** Five shorter versions of the prompt (its flags kept), longest first. */
function shortenOutput(prompt: string) {
	const { text, flagsText } = splitPrompt(prompt);
	const phrases = text.split(/\s*,\s*/).filter(Boolean);
	const units = phrases.length >= 5 ? phrases : text.split(/\s+/).filter(Boolean);
	const sep = units === phrases ? ', ' : ' ';
	const prompts = [0.8, 0.65, 0.5, 0.35, 0.2].map((f) => {
		const keep = Math.max(1, Math.min(units.length - 1, Math.ceil(units.length * f)));
		return units.slice(0, keep).join(sep) + (flagsText ? ' ' + flagsText : '');
	});
	return {
		promptEn: text,
		description: `Important tokens: ${units.slice(0, 5).join(', ')}`,
		finalPrompt: prompts[0],
		prompts,
	};
}
