// Validation: each documented error code, the model/flag rules, and follow-up checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { call, post, run, submit, type Json } from './helpers.mts';
import { startLegnextEmulator, type LegnextEmulator } from './legnext/index.mts';

let emu: LegnextEmulator;
let v7: Json;
let v8: Json;
let upscaled: Json;
const URL_ = 'https://example.com/a.png';

beforeAll(async () => {
	emu = await startLegnextEmulator({ jobDurationMs: 120 });
	[v7, v8] = await Promise.all([run(emu, '/v1/diffusion', { text: 'a fox' }), run(emu, '/v1/diffusion', { text: 'a fox --v 8' })]);
	upscaled = await run(emu, '/v1/upscale', { jobId: v7.job_id, imageNo: 0, type: 1 });
});
afterAll(() => emu.close());

async function expectError(path: string, body: unknown, status: number, message?: RegExp) {
	const jobsBefore = emu.jobs.size;
	const r = await post(emu, path, body);
	expect(r.status, r.text).toBe(status);
	expect(Object.keys(r.json)).toEqual(['code', 'message', 'raw_message', 'detail']);
	expect(r.json.code).toBe(status);
	if (message) expect(r.json.message).toMatch(message);
	expect(emu.jobs.size, 'no job is created on an error').toBe(jobsBefore);
	return r;
}

describe('400 bad request', () => {
	it('malformed JSON, empty body, non-object body', async () => {
		await expectError('/v1/diffusion', '{"text": ', 400, /malformed JSON/);
		await expectError('/v1/diffusion', '', 400);
		await expectError('/v1/diffusion', '["a"]', 400);
	});

	it.each([
		['/v1/diffusion', {}, /text/],
		['/v1/diffusion', { text: 42 }, /text must be a string/],
		['/v1/variation', { jobId: 'x', type: 0 }, /imageNo/],
		['/v1/variation', { jobId: 'x', imageNo: '0', type: 0 }, /imageNo must be an integer/],
		['/v1/pan', { jobId: 'x', imageNo: 0, direction: 1, scale: '1.5' }, /scale must be a number/],
		['/v1/blend', { imgUrls: URL_, aspect_ratio: '1:1' }, /imgUrls/],
		['/v1/blend', { imgUrls: [URL_, URL_] }, /aspect_ratio/],
		['/v1/inpaint', { jobId: 'x', imageNo: 0 }, /mask/],
		['/v1/inpaint', { jobId: 'x', imageNo: 0, mask: {} }, /areas or url/],
		['/v1/remix', { jobId: 'x', imageNo: 0 }, /remixPrompt/],
		['/v1/edit', { jobId: 'x', imageNo: 0, remixPrompt: 'x', imgPos: { width: 1, height: 1, x: 0, y: 0 } }, /canvas/],
		['/v1/upload-paint', { imgUrl: URL_, canvas: { width: 9, height: 9 }, imgPos: { width: 1, height: 1, x: 0, y: 0 }, remixPrompt: 'x' }, /mask/],
		['/v1/video-diffusion', {}, /prompt/],
		['/v1/enhance-upscale', {}, /image_url/],
		['/v1/enhance-upscale', { image_url: URL_, jobId: 'x', imageNo: 0 }, /not both/],
	])('%s %j -> 400', async (path, body, message) => {
		await expectError(path, body, 400, message);
	});

	it.each([
		// version rules from "Model Information"
		['a cat --v 8.1 --q 2', /--quality.*v8\.1/],
		['a cat --v 8.1 --cref https://x.y/a.png', /--cref.*v8\.1/],
		['a cat --v 8.1 --cw 50', /--cw/],
		['a cat --v 8.1 --oref https://x.y/a.png', /--oref/],
		['a cat --v 8.1 --ow 100', /--ow/],
		['a cat --v 8.1 --no dogs', /--no.*v8\.1/],
		['a cat --v 8.1 --turbo', /--turbo/],
		['a cat --v 8.1 --sd', /--sd/],
		['a cat --v 8 --turbo', /--turbo.*v8/],
		['a cat --v 8 --cref https://x.y/a.png', /--cref.*v8/],
		['a cat --v 6 --draft', /--draft.*v6/],
		['a cat --v 8 --draft', /--draft/],
		['a cat --v 8 --stop 50', /--stop/],
		['a cat --v 6 --no dogs', /--no.*v6/],
		['a cat --niji 6 --oref https://x.y/a.png', /--oref.*niji 6/],
		['a cat --v 6 --q 4', /--quality 4.*1, 2/],
		['a cat --v 7 --q 0.5', /--quality 0.5/],
		['a cat --v 5', /--v 5/],
		['a cat --niji 5', /--niji 5/],
		// "Current Limitations"
		['a cat --repeat 2', /--repeat/],
		['a cat --personalize', /--personalize/],
		['a {red, blue} cat', /\{\}/],
		['a cat --stealth', /--stealth/],
		['a cat --public', /--public/],
		['a cat --relax', /--relax/],
		['a cat --video', /--video.*video endpoints/],
		['a cat --bs 2', /--bs.*video endpoints/],
		['a cat --motion high', /--motion/],
		// numeric ranges
		['a cat --chaos 101', /--chaos 101/],
		['a cat --c -1', /--chaos -1/],
		['a cat --stylize 1001', /--stylize/],
		['a cat --weird 3001', /--weird/],
		['a cat --seed 4294967296', /--seed/],
		['a cat --seed 1.5', /--seed/],
		['a cat --stop 9', /--stop 9/],
		['a cat --iw 3.5', /--iw/],
		['a cat --ar 1.39:1', /--ar/],
		['a cat --sw 2000', /--sw/],
		['a cat --v 7 --exp 101', /--exp/],
	])('prompt %j -> 400 naming the flag', async (text, message) => {
		await expectError('/v1/diffusion', { text }, 400, message);
	});

	it.each([
		'a cat --v 8.1 --hd --ar 16:9 --s 250 --p --iw 2',
		'a cat --v 8 --hd --oref https://x.y/a.png --q 4',
		'a cat --v7 --draft',
		'a cat --niji --q 0.5 --cref https://x.y/a.png',
		'a cat --v 6.1 --no dogs --q 0.5 --turbo',
		'a cat --chaos 100 --stylize 0 --weird 3000 --seed 4294967295 --stop 10 --iw 3 --tile --raw --fast',
	])('accepts %j', async (text) => {
		expect((await post(emu, '/v1/diffusion', { text })).status).toBe(200);
	});

	it('video prompts reject image-only flags and bad --bs', async () => {
		await expectError('/v1/video-diffusion', { prompt: `${URL_} waves --chaos 10` }, 400, /--chaos.*video model/);
		await expectError('/v1/video-diffusion', { prompt: `${URL_} waves --bs 3` }, 400, /--bs 3/);
		await expectError('/v1/video-diffusion', { prompt: `${URL_} waves --end not-a-url` }, 400, /--end/);
		expect((await post(emu, '/v1/video-diffusion', { prompt: `${URL_} waves --motion low --loop --raw --bs 1 --end ${URL_}` })).status).toBe(200);
	});

	it('follow-ups: a job that is not completed, a model that lacks the action, enhance without draft', async () => {
		const fresh = await submit(emu, '/v1/diffusion', { text: 'still running' });
		await expectError('/v1/upscale', { jobId: fresh.job_id, imageNo: 0, type: 0 }, 400, /not completed yet/);
		await expectError('/v1/pan', { jobId: v8.job_id, imageNo: 0, direction: 0, scale: 1.5 }, 400, /pan is not available.*v8/);
		await expectError('/v1/upscale', { jobId: v8.job_id, imageNo: 0, type: 0 }, 400, /upscale is not available/);
		await expectError('/v1/enhance', { jobId: v7.job_id, imageNo: 0 }, 400, /draft/);
		await expectError('/v1/upscale', { jobId: v7.job_id, imageNo: 0, type: 2 }, 400, /deprecated/);
		await expectError('/v1/variation', { jobId: upscaled.job_id, imageNo: 1, type: 0 }, 400, /image 1/);
		await expectError('/v1/reroll', { jobId: upscaled.job_id }, 400, /reroll is not available/);
		await expectError('/v1/extend-video', { jobId: v7.job_id, videoNo: 0 }, 400, /not a video/);
		await expectError('/v1/describe', { imgUrl: URL_, callback: 42 }, 400, /callback/);
	});

	it('a follow-up may change the model only within its rules (inherits the source version)', async () => {
		await expectError('/v1/variation', { jobId: v8.job_id, imageNo: 0, type: 0, remixPrompt: 'x --turbo' }, 400, /--turbo.*v8/);
		expect((await post(emu, '/v1/variation', { jobId: v7.job_id, imageNo: 0, type: 0, remixPrompt: 'x --turbo' })).status).toBe(200);
	});
});

describe('404 / 402 / 403 / 413 / 422 / 429', () => {
	it('404 for an unknown job, on reads and follow-ups', async () => {
		const id = '00000000-0000-4000-8000-000000000000';
		expect((await call(emu, 'GET', `/v1/job/${id}`)).json).toMatchObject({ code: 404 });
		await expectError('/v1/variation', { jobId: id, imageNo: 0, type: 0 }, 404, /Job not found/);
		await expectError('/v1/video-upscale', { jobId: id, videoNo: 0 }, 404);
	});

	it('402 when credits are short, saying so', async () => {
		const poor = await startLegnextEmulator({ credits: 100, jobDurationMs: 50 });
		try {
			expect((await post(poor, '/v1/diffusion', { text: 'a' })).status).toBe(200);
			const r = await post(poor, '/v1/diffusion', { text: 'b' });
			expect(r.status).toBe(402);
			expect(r.json.message).toMatch(/insufficient credits/i);
			expect(poor.jobs.size).toBe(1);
		} finally {
			await poor.close();
		}
	});

	it('403 for the forbidden-content test hook', async () => {
		await expectError('/v1/diffusion', { text: 'a forbidden-content scene' }, 403, /content policy/);
		await expectError('/v1/remix', { jobId: v7.job_id, imageNo: 0, remixPrompt: 'forbidden-content' }, 403);
	});

	it('413 for a body over 1 MiB', async () => {
		await expectError('/v1/diffusion', { text: 'x'.repeat(1024 * 1024 + 10) }, 413);
	});

	it.each([
		['/v1/diffusion', { text: '' }, /text must be 1-8192/],
		['/v1/diffusion', { text: 'x'.repeat(8193) }, /text/],
		['/v1/shorten', { prompt: '' }, /prompt/],
		['/v1/variation', { jobId: 'x', imageNo: 4, type: 0 }, /imageNo must be between 0 and 3/],
		['/v1/variation', { jobId: 'x', imageNo: 0, type: 2 }, /type must be one of 0, 1/],
		['/v1/variation', { jobId: 'x', imageNo: 0, type: 0, remixPrompt: '' }, /remixPrompt/],
		['/v1/upscale', { jobId: 'x', imageNo: 0, type: 4 }, /type must be between 0 and 3/],
		['/v1/pan', { jobId: 'x', imageNo: 0, direction: 4, scale: 1.5 }, /direction/],
		['/v1/pan', { jobId: 'x', imageNo: 0, direction: 0, scale: 3.1 }, /scale must be between 1.1 and 3/],
		['/v1/outpaint', { jobId: 'x', imageNo: 0, scale: 2.1 }, /scale must be between 1.1 and 2/],
		['/v1/outpaint', { jobId: 'x', imageNo: 0, scale: 1.0 }, /scale/],
		['/v1/blend', { imgUrls: [URL_], aspect_ratio: '1:1' }, /2-5/],
		['/v1/blend', { imgUrls: Array(6).fill(URL_), aspect_ratio: '1:1' }, /2-5/],
		['/v1/blend', { imgUrls: [URL_, URL_], aspect_ratio: '16:9' }, /aspect_ratio/],
		['/v1/blend', { imgUrls: [URL_, 'not a url'], aspect_ratio: '1:1' }, /imgUrls\[1\]/],
		['/v1/inpaint', { jobId: 'x', imageNo: 0, mask: { areas: [{ width: 499, height: 500, points: [1, 1, 2, 2, 3, 3] }] } }, /width/],
		['/v1/inpaint', { jobId: 'x', imageNo: 0, mask: { areas: [{ width: 500, height: 4097, points: [1, 1, 2, 2, 3, 3] }] } }, /height/],
		['/v1/remix', { jobId: 'x', imageNo: 0, remixPrompt: 'x', mode: 2 }, /mode/],
		['/v1/describe', { imgUrl: 'ftp://example.com/a.png' }, /imgUrl/],
		['/v1/retexture', { imgUrl: `https://example.com/${'a'.repeat(1024)}`, remixPrompt: 'x' }, /1024/],
		['/v1/video-diffusion', { prompt: `${URL_} x`, videoType: 2 }, /videoType/],
		['/v1/extend-video', { jobId: 'x', videoNo: 4 }, /videoNo/],
		['/v1/video-upscale', { jobId: 'x', videoNo: -1 }, /videoNo/],
		['/v1/enhance-upscale', { image_url: URL_, target_resolution: '3K' }, /target_resolution/],
		['/v1/enhance-upscale', { image_url: URL_, content_type: 'anime' }, /content_type/],
		['/v1/enhance-upscale', { image_url: URL_, aspect_ratio: '7:3' }, /aspect_ratio/],
		['/v1/enhance-upscale', { image_url: URL_, crop_mode: 'zoom' }, /crop_mode/],
		['/v1/enhance-upscale', { image_url: URL_, output_format: 'gif' }, /output_format/],
		['/v1/enhance-upscale', { image_url: URL_, face_enhancement_level: 'max' }, /face_enhancement_level/],
		['/v1/diffusion', { text: 'a', callback: 'not a url' }, /callback/],
	])('%s %j -> 422', async (path, body, message) => {
		await expectError(path, body, 422, message);
	});

	it('429 with Retry-After over rateLimitPerSecond', async () => {
		const limited = await startLegnextEmulator({ rateLimitPerSecond: 3 });
		try {
			const answers = await Promise.all([...Array(5)].map(() => call(limited, 'GET', '/account/balance')));
			const statuses = answers.map((a) => a.status).sort();
			expect(statuses).toEqual([200, 200, 200, 429, 429]);
			const tooMany = answers.find((a) => a.status === 429) as Json;
			expect(Number(tooMany.headers['retry-after'])).toBeGreaterThanOrEqual(1);
			expect(tooMany.json).toMatchObject({ code: 429, raw_message: '', detail: null });
		} finally {
			await limited.close();
		}
	});
});
