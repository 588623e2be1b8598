// Auth and the happy path of every documented endpoint: task_type, frozen cost, result kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { call, post, run, submit, type Json } from './helpers.mts';
import { startLegnextEmulator, type LegnextEmulator } from './legnext/index.mts';

let emu: LegnextEmulator;
let grid: Json; // a completed v7 diffusion
let draft: Json; // a completed --v 7 --draft diffusion
let video: Json; // a completed video job
const IMG = 'https://example.com/photos/red-fox.png';

beforeAll(async () => {
	emu = await startLegnextEmulator({ jobDurationMs: 80 });
	[grid, draft] = await Promise.all([
		run(emu, '/v1/diffusion', { text: 'A beautiful sunset over the snow mountains --ar 16:9' }),
		run(emu, '/v1/diffusion', { text: 'A beautiful sunset over the snow mountains --v 7 --draft' }),
	]);
	video = await run(emu, '/v1/video-diffusion', { jobId: grid.job_id, imageNo: 0, prompt: 'gentle motion --bs 2' });
});
afterAll(() => emu.close());

describe('auth', () => {
	const documented = { code: 401, message: 'Failed to verify api key', raw_message: '', detail: null };

	it.each([
		['missing key', null],
		['wrong key', 'nope'],
	])('answers 401 with the documented body (%s)', async (_name, key) => {
		for (const [method, path] of [
			['POST', '/v1/diffusion'],
			['GET', `/v1/job/${grid.job_id}`],
			['GET', '/account/balance'],
		]) {
			const r = await call(emu, method, path, method === 'POST' ? { text: 'x' } : undefined, key);
			expect(r.status).toBe(401);
			expect(r.json).toEqual(documented);
		}
	});

	it('never records the api key', () => {
		const leaked = emu.requests.filter((r) => JSON.stringify(r).includes(emu.apiKey));
		expect(leaked).toEqual([]);
		expect(emu.requests.some((r) => r.headers['x-api-key'] === '[redacted]')).toBe(true);
	});
});

describe('submit answer', () => {
	it('is the documented pending Job object', async () => {
		const job = await submit(emu, '/v1/diffusion', { text: 'a cat', callback: 'https://example.com/hook' });
		expect(job).toMatchObject({
			model: 'midjourney',
			task_type: 'diffusion',
			status: 'pending',
			progress: 0,
			config: { service_mode: 'public', webhook_config: { endpoint: 'https://example.com/hook', secret: '' } },
			input: null,
			output: { image_url: '', image_urls: null, seed: '' },
			meta: {
				started_at: '0001-01-01T00:00:00Z',
				ended_at: '0001-01-01T00:00:00Z',
				usage: { type: 'point', frozen: 80, consume: 0 },
			},
			detail: null,
			logs: [],
			error: { code: 0, raw_message: '', message: '', detail: null },
		});
		expect(job.job_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(job.meta.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	});
});

describe('image grid results', () => {
	it('diffusion: grid, 4 images, numeric seed, available_actions like the Get Task example', () => {
		expect(grid.status).toBe('completed');
		expect(grid.progress).toBe(100);
		expect(grid.output.image_url).toBe(`${emu.url}/cdn/temp/${grid.job_id}_grid.png`);
		expect(grid.output.image_urls).toEqual([0, 1, 2, 3].map((n) => `${emu.url}/cdn/mj/${grid.job_id}_${n}.png`));
		expect(grid.output.seed).toMatch(/^\d+$/);
		expect(grid.output.available_actions).toEqual({
			edit: [0, 1, 2, 3],
			inpaint: [0, 1, 2, 3],
			outpaint: [0, 1, 2, 3],
			pan: [0, 1, 2, 3],
			remix: [0, 1, 2, 3],
			reroll: true,
			upscale: [0, 1, 2, 3],
			variation: [0, 1, 2, 3],
		});
		expect(grid.meta.usage).toEqual({ type: 'point', frozen: 80, consume: 80 });
	});

	const polygon = { width: 500, height: 500, points: [10, 10, 10, 100, 100, 100, 100, 10] };
	const followUps: [string, string, number, () => Json][] = [
		['/v1/variation', 'variation', 120, () => ({ jobId: grid.job_id, imageNo: 0, type: 1 })],
		['/v1/reroll', 'reroll', 80, () => ({ jobId: grid.job_id })],
		['/v1/pan', 'pan', 80, () => ({ jobId: grid.job_id, imageNo: 1, direction: 1, scale: 1.5, remixPrompt: 'a lake' })],
		['/v1/outpaint', 'outpaint', 80, () => ({ jobId: grid.job_id, imageNo: 2, scale: 1.5 })],
		['/v1/inpaint', 'inpaint', 120, () => ({ jobId: grid.job_id, imageNo: 0, mask: { areas: [polygon] }, remixPrompt: 'a tree' })],
		['/v1/remix', 'remix', 120, () => ({ jobId: grid.job_id, imageNo: 3, remixPrompt: 'watercolor', mode: 1 })],
		[
			'/v1/edit',
			'edit',
			120,
			() => ({
				jobId: grid.job_id,
				imageNo: 1,
				canvas: { width: 1024, height: 1024 },
				imgPos: { width: 512, height: 512, x: 256, y: 256 },
				remixPrompt: 'mountains',
			}),
		],
		['/v1/enhance', 'enhance', 80, () => ({ jobId: draft.job_id, imageNo: 0 })],
		['/v1/blend', 'blend', 80, () => ({ imgUrls: [IMG, 'https://example.com/b.png'], aspect_ratio: '1:1' })],
		[
			'/v1/upload-paint',
			'upload_paint',
			120,
			() => ({
				imgUrl: IMG,
				canvas: { width: 1024, height: 1024 },
				imgPos: { width: 512, height: 512, x: 256, y: 256 },
				mask: { url: 'https://example.com/mask.png' },
				remixPrompt: 'a mountain scene',
			}),
		],
		['/v1/retexture', 'retexture', 120, () => ({ imgUrl: IMG, remixPrompt: 'oil painting' })],
	];

	it.each(followUps)('%s gives a 4-image grid (task_type %s, frozen %i)', async (path, taskType, cost, body) => {
		const pending = await submit(emu, path, body());
		expect(pending).toMatchObject({ task_type: taskType, meta: { usage: { frozen: cost } } });
		const done = await run(emu, path, body());
		expect(done.status).toBe('completed');
		expect(done.output.image_url).toMatch(/_grid\.png$/);
		expect(done.output.image_urls).toHaveLength(4);
		expect(done.output.seed).toMatch(/^\d+$/);
		expect(done.output.available_actions.variation).toEqual([0, 1, 2, 3]);
		expect(done.meta.usage.consume).toBe(cost);
	});
});

describe('single-image results', () => {
	it('upscale: one image, follow-ups on image 0', async () => {
		const done = await run(emu, '/v1/upscale', { jobId: grid.job_id, imageNo: 2, type: 0 });
		expect(done).toMatchObject({ task_type: 'upscale', meta: { usage: { frozen: 120, consume: 120 } } });
		expect(done.output.image_urls).toEqual([`${emu.url}/cdn/mj/${done.job_id}_0.png`]);
		expect(done.output.image_url).toBe(done.output.image_urls[0]);
		expect(done.output.seed).toBe(grid.output.seed); // the upscaled image keeps its grid's seed
		expect(done.output.available_actions).toMatchObject({ variation: [0], reroll: false });
	});

	it('remove-background: one image, no seed', async () => {
		const done = await run(emu, '/v1/remove-background', { imgUrl: IMG });
		expect(done).toMatchObject({ task_type: 'remove_background', meta: { usage: { frozen: 80 } } });
		expect(done.output.image_urls).toHaveLength(1);
		expect(done.output.seed).toBe('');
	});

	it.each([
		[{ image_url: IMG, target_resolution: '4K', content_type: 'photo' }, 160],
		[() => ({ jobId: grid.job_id, imageNo: 0, target_resolution: '8K', content_type: 'illustration' }), 300],
		[{ image_url: IMG }, 120],
		[{ image_url: IMG, target_resolution: '12K' }, 540],
	])('enhance-upscale (Topaz) %#: one image, cost by resolution table', async (body, cost) => {
		const done = await run(emu, '/v1/enhance-upscale', typeof body === 'function' ? body() : body);
		expect(done).toMatchObject({ task_type: 'enhance_upscale', status: 'completed', meta: { usage: { frozen: cost } } });
		expect(done.output.image_urls).toHaveLength(1);
		expect(done.output.seed).toBe('');
	});
});

describe('text results', () => {
	it('describe: four prompts derived from the image URL', async () => {
		const pending = await submit(emu, '/v1/describe', { imgUrl: IMG });
		expect(pending).toMatchObject({
			task_type: 'describe',
			output: { promptEn: '', description: '', finalPrompt: '', prompts: [] },
			meta: { usage: { frozen: 20 } },
		});
		const done = await run(emu, '/v1/describe', { imgUrl: IMG });
		expect(done.output.prompts).toHaveLength(4);
		for (const p of done.output.prompts) expect(p).toContain('red fox');
		expect(done.output.finalPrompt).toBe(done.output.prompts[0]);
		expect(done.output.description).toContain('red fox');
	});

	it('shorten: five shorter prompts that keep the flags', async () => {
		const prompt =
			'A cyberpunk hacker workspace filled with holographic screens, glowing code streams, mechanical keyboards, neon reflections, cables and circuit boards everywhere, volumetric lighting, ultra-detailed sci-fi aesthetic, cinematic atmosphere --ar 21:9 --v 7 --style raw --q 2';
		const done = await run(emu, '/v1/shorten', { prompt });
		expect(done).toMatchObject({ task_type: 'shorten', meta: { usage: { frozen: 20, consume: 20 } } });
		expect(done.output.prompts).toHaveLength(5);
		for (const p of done.output.prompts) {
			expect(p.length).toBeLessThan(prompt.length);
			expect(p.endsWith('--ar 21:9 --v 7 --style raw --q 2')).toBe(true);
		}
		expect(done.output.promptEn).toMatch(/^A cyberpunk hacker workspace/);
	});
});

describe('video results', () => {
	it('video-diffusion from a job: --bs sets the number of videos and the cost', () => {
		expect(video).toMatchObject({ task_type: 'video_diffusion', meta: { usage: { frozen: 240, consume: 240 } } });
		expect(video.output.video_urls).toEqual([0, 1].map((n) => `${emu.url}/cdn/video/${video.job_id}_${n}.mp4`));
		expect(video.output.seed).toMatch(/^\d+$/);
		expect(video.output).not.toHaveProperty('image_url');
	});

	it('video-diffusion from text only (the SDK docs\' third input): 4 videos', async () => {
		const done = await run(emu, '/v1/video-diffusion', { prompt: 'a flowing river through mountains' });
		expect(done.status).toBe('completed');
		expect(done.output.video_urls).toHaveLength(4);
	});

	it('video-diffusion from an image URL prompt: 4 videos by default (480 frozen, as documented)', async () => {
		const pending = await submit(emu, '/v1/video-diffusion', {
			prompt: 'https://example.com/image.jpg A cinematic shot of ocean waves --motion high',
			videoType: 1,
		});
		expect(pending).toMatchObject({ task_type: 'video_diffusion', output: { video_urls: null, seed: '' }, meta: { usage: { frozen: 480 } } });
		const done = await run(emu, '/v1/video-diffusion', { prompt: 'https://example.com/image.jpg waves' });
		expect(done.output.video_urls).toHaveLength(4);
	});

	it('extend-video and video-upscale', async () => {
		const ext = await run(emu, '/v1/extend-video', { jobId: video.job_id, videoNo: 1, prompt: 'more motion' });
		expect(ext).toMatchObject({ task_type: 'extend_video', status: 'completed', meta: { usage: { frozen: 240 } } });
		expect(ext.output.video_urls).toHaveLength(2);
		const up = await run(emu, '/v1/video-upscale', { jobId: video.job_id, videoNo: 0 });
		expect(up).toMatchObject({ task_type: 'video_upscale', status: 'completed', meta: { usage: { frozen: 480 } } });
		expect(up.output.video_urls).toHaveLength(1);
	});
});

describe('reads', () => {
	it('balance has exactly the documented shape', async () => {
		const r = await call(emu, 'GET', '/account/balance');
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual(['code', 'data', 'message']);
		expect(Object.keys(r.json.data).sort()).toEqual(
			['account_id', 'alert_threshold', 'available_credits', 'available_points', 'balance_usd', 'low_balance_alert', 'updated_at'].sort(),
		);
		expect(r.json).toMatchObject({ code: 200, message: 'success', data: { account_id: 1, low_balance_alert: false } });
		expect(r.json.data.balance_usd).toBeCloseTo(r.json.data.available_credits / 1000);
	});

	it('unknown routes are 404 and wrong methods 405, in the error shape', async () => {
		const r404 = await call(emu, 'GET', '/v1/nothing');
		expect(r404.status).toBe(404);
		expect(r404.json).toMatchObject({ code: 404, raw_message: '', detail: null });
		const r405 = await call(emu, 'GET', '/v1/diffusion');
		expect(r405.status).toBe(405);
		expect(r405.headers.allow).toBe('POST');
	});

	it('statusReads counts GET /v1/job/{id}', async () => {
		const job = await submit(emu, '/v1/diffusion', { text: 'count me' });
		await call(emu, 'GET', `/v1/job/${job.job_id}`);
		await call(emu, 'GET', `/v1/job/${job.job_id}`);
		expect(emu.statusReads(job.job_id)).toBe(2);
	});

	it('every endpoint of the docs is served', async () => {
		const paths = [
			'diffusion', 'variation', 'upscale', 'reroll', 'blend', 'describe', 'shorten', 'pan', 'outpaint', 'inpaint',
			'remix', 'edit', 'upload-paint', 'retexture', 'remove-background', 'enhance', 'video-diffusion',
			'extend-video', 'video-upscale', 'enhance-upscale',
		];
		for (const p of paths) {
			const r = await post(emu, `/v1/${p}`, {});
			expect([400, 422], `${p}: ${r.text}`).toContain(r.status);
		}
	});
});
