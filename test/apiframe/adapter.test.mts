// APIFRAME's adapter on its own: the §4 done rule over every answer shape the docs show or leave
// open, progress from the string percentage, the one output shape per result kind, the files,
// webhook bodies, and task kinds. (The engine tests run the same adapter through n8n.)
import { describe, expect, it } from 'vitest';

import { APIFRAME, taskState, type ApiframeTask } from '../../nodes/Apiframe/provider.ts';
import { familyOfEndpoint, taskFamily, TASK_TYPES } from '../../nodes/Apiframe/taskTypes.ts';

const task = (fields: Record<string, unknown>) => ({ task_id: 't-1', task_type: 'imagine', ...fields }) as ApiframeTask;
const GRID = { original_image_url: 'https://cdn.example/grid.png', image_urls: [1, 2, 3, 4].map((n) => `https://cdn.example/${n}.png`) };

describe('the §4 rule: done, failed or still running', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['queued: pending', { status: 'pending' }, 'queued'],
		['queued: staged (cached, not yet queued)', { status: 'staged' }, 'queued'],
		['running: starting', { status: 'starting' }, 'running'],
		['running: processing with a string percentage', { status: 'processing', percentage: '40' }, 'running'],
		['running: retrying', { status: 'retrying' }, 'running'],
		['running: retry', { status: 'retry' }, 'running'],
		['running: a status nobody documented', { status: 'warming-up' }, 'running'],
		['running: processing even with result fields', { status: 'processing', image_urls: GRID.image_urls }, 'running'],
		['running: no status and no result', {}, 'running'],
		['completed: no status, a grid', GRID, 'completed'],
		['completed: no status, one image', { image_url: 'https://cdn.example/u.png' }, 'completed'],
		['completed: no status, videos', { video_urls: ['https://cdn.example/1.mp4'] }, 'completed'],
		['completed: no status, videoUrl (the SDK type)', { videoUrl: 'https://cdn.example/1.mp4' }, 'completed'],
		['completed: no status, video_url', { video_url: 'https://cdn.example/1.mp4' }, 'completed'],
		['completed: no status, text (describe/shorten)', { content: ['a', 'b'] }, 'completed'],
		['completed: no status, a seed', { seed: '1234' }, 'completed'],
		['completed: status finished, percentage the number 100', { status: 'finished', percentage: 100, ...GRID }, 'completed'],
		['failed: status failed', { status: 'failed', message: 'banned' }, 'failed'],
	];
	it.each(cases)('%s', (_label, fields, state) => {
		expect(taskState(task(fields))).toBe(state);
		expect(APIFRAME.snapshot(task(fields)).state).toBe(state);
	});
});

describe('snapshot and output shape', () => {
	it('progress: the string percentage as a number; 100 when done; none when not said', () => {
		expect(APIFRAME.snapshot(task({ status: 'processing', percentage: '40' })).progress).toBe(40);
		expect(APIFRAME.snapshot(task({ status: 'processing', percentage: 55 })).progress).toBe(55);
		expect(APIFRAME.snapshot(task({ status: 'processing', percentage: '' })).progress).toBeUndefined();
		expect(APIFRAME.snapshot(task({ status: 'starting' })).progress).toBeUndefined();
		expect(APIFRAME.snapshot(task(GRID)).progress).toBe(100);
	});

	it('a failure says why from `message`, else `error` (text or object), else "no reason given"', () => {
		const reason = (fields: Record<string, unknown>) => APIFRAME.snapshot(task({ status: 'failed', ...fields })).error?.message;
		expect(reason({ message: 'banned prompt', error: 'other' })).toBe('banned prompt');
		expect(reason({ error: 'timed out' })).toBe('timed out');
		expect(reason({ error: { message: 'nested' } })).toBe('nested');
		expect(reason({})).toBe('no reason given');
		expect(APIFRAME.toResult(task({ status: 'failed', error: 'timed out' })).error).toEqual({ code: null, message: 'timed out' });
	});

	it('a grid: grid URL, four images, follow-ups, the kind for filters; APIFRAME\'s own task_type in the output', () => {
		const result = APIFRAME.toResult(task({ ...GRID, sref: '778899' }));
		expect(result).toMatchObject({
			jobId: 't-1',
			provider: 'APIFRAME',
			taskType: 'imagine',
			status: 'completed',
			progress: 100,
			imageUrl: GRID.original_image_url,
			imageUrls: GRID.image_urls,
			videoUrls: [],
			sref: '778899',
			actions: { upscale1x: [1, 2, 3, 4], variations: [1, 2, 3, 4], reroll: true },
		});
		expect(APIFRAME.files(task(GRID))).toEqual({
			grid: { url: GRID.original_image_url, baseName: 't-1_grid' },
			results: GRID.image_urls.map((url, i) => ({ url, baseName: `t-1_${i}` })),
		});
	});

	it('an Upscale 1x: one image; Describe: prompts, and its input image is not a result', () => {
		const upscale = task({ task_type: 'upscale#3', image_url: 'https://cdn.example/u.png' });
		expect(APIFRAME.toResult(upscale)).toMatchObject({ imageUrl: 'https://cdn.example/u.png', imageUrls: ['https://cdn.example/u.png'] });
		expect(APIFRAME.snapshot(upscale).taskType).toBe('upscale-1x');
		const describe = task({ task_type: 'describe', image_url: 'https://me.example/in.png', content: ['p1', 'p2', 'p3', 'p4'] });
		expect(APIFRAME.toResult(describe)).toMatchObject({ imageUrl: null, imageUrls: [], prompts: ['p1', 'p2', 'p3', 'p4'] });
		expect(APIFRAME.files(describe).results).toEqual([]);
	});

	it('videos in either shape; a seed as text', () => {
		expect(APIFRAME.toResult(task({ task_type: 'imagine-video', videoUrl: 'https://cdn.example/v.mp4' })).videoUrls).toEqual(['https://cdn.example/v.mp4']);
		expect(APIFRAME.files(task({ video_urls: ['https://cdn.example/1.mp4', 'https://cdn.example/2.mp4'] })).results).toHaveLength(2);
		expect(APIFRAME.toResult(task({ task_type: 'seed', seed: 4021 })).seed).toBe('4021');
	});
});

describe('submits, reads and webhooks', () => {
	it('a submit answer {task_id} becomes a pending task of the kind its endpoint makes', () => {
		expect(APIFRAME.submitted({ task_id: 'abc' }, {}, { url: '/upscale-1x', body: {} })).toEqual({ task_id: 'abc', task_type: 'upscale-1x', status: 'pending' });
		expect(APIFRAME.submitted({ task_id: 42 }, {}, { url: '/imagine', body: {} })).toMatchObject({ task_id: '42', task_type: 'imagine' });
		expect(APIFRAME.submitted({ errors: [{ msg: 'x' }] }, {}, { url: '/imagine', body: {} })).toBeUndefined();
	});

	it('status reads: POST /fetch one id; POST /fetch-many 2-20 ids, {tasks: [...]} read back', () => {
		expect(APIFRAME.statusRequest('abc')).toEqual({ method: 'POST', url: '/fetch', body: { task_id: 'abc' } });
		const many = APIFRAME.readMany!;
		expect([many.min, many.max]).toEqual([2, 20]);
		expect(many.request(['a', 'b'])).toEqual({ method: 'POST', url: '/fetch-many', body: { task_ids: ['a', 'b'] } });
		expect(many.parse({ tasks: [{ task_id: 'a' }, { task_id: 'b', status: 'processing' }] })?.map((t) => t.task_id)).toEqual(['a', 'b']);
		expect(many.parse({ errors: [] })).toBeUndefined();
	});

	it('webhook bodies: as /fetch shows the task, or in camelCase; the secret goes back in x-webhook-secret', () => {
		const callback = APIFRAME.callback!;
		expect(callback.secretHeader).toBe('x-webhook-secret');
		expect(callback.jobFromCallback({ task_id: 'a', ...GRID })).toMatchObject({ task_id: 'a', image_urls: GRID.image_urls });
		expect(callback.jobFromCallback({ taskId: 'b', taskType: 'imagine', imageUrls: GRID.image_urls, videoUrl: 'v' })).toMatchObject({
			task_id: 'b',
			task_type: 'imagine',
			image_urls: GRID.image_urls,
			videoUrl: 'v',
		});
		expect(callback.jobFromCallback({ status: 'finished' })).toBeUndefined();
		const body: Record<string, unknown> = { prompt: 'x' };
		callback.attach(body, 'https://n8n.example/webhook/a/apiframe?token=t', 'secret');
		expect(body).toEqual({ prompt: 'x', webhook_url: 'https://n8n.example/webhook/a/apiframe?token=t', webhook_secret: 'secret' });
		const noSecret: Record<string, unknown> = {};
		callback.attach(noSecret, 'https://hooks.example/x', '');
		expect(noSecret).toEqual({ webhook_url: 'https://hooks.example/x' });
	});
});

describe('task kinds', () => {
	it('APIFRAME\'s task_type values map to the kind a user filters on', () => {
		const map: Record<string, string> = {
			imagine: 'imagine',
			reroll: 'reroll',
			'upscale#1': 'upscale-1x',
			'upscale#4': 'upscale-1x',
			'upscale-creative': 'upscale-alt',
			'upscale-subtle': 'upscale-alt',
			'upscale-2x': 'upscale-highres',
			'upscale-4x': 'upscale-highres',
			'variation-1': 'variations',
			'variation-strong': 'variations',
			inpaint: 'inpaint',
			'outpaint-2': 'outpaint',
			'outpaint-1.5': 'outpaint',
			'pan-up': 'pan',
			shorten: 'shorten',
			describe: 'describe',
			blend: 'blend',
			seed: 'seed',
			faceswap: 'faceswap',
			'imagine-video': 'imagine-video',
			'imagine-video-extend': 'imagine-video-extend',
			'something-new': 'something-new',
		};
		for (const [type, kind] of Object.entries(map)) expect(taskFamily(type), type).toBe(kind);
		expect(taskFamily(undefined)).toBeUndefined();
	});

	it('every endpoint is a kind, and every kind an option of the trigger\'s filter', () => {
		const endpoints = ['/imagine', '/reroll', '/upscale-1x', '/upscale-alt', '/upscale-highres', '/variations', '/inpaint', '/outpaint', '/pan', '/shorten', '/describe', '/blend', '/seed', '/faceswap', '/imagine-video', '/imagine-video-extend'];
		expect(endpoints.map(familyOfEndpoint).sort()).toEqual(TASK_TYPES.map((t) => t.value).sort());
		expect(familyOfEndpoint('/fetch')).toBeUndefined();
		expect(familyOfEndpoint('https://api.apiframe.pro/pan?x=1')).toBe('pan');
	});
});
