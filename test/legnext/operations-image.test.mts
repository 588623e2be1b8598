// The image follow-ups and image tools through n8n's engine against the emulator: for each one
// the request body as legnext.md gives it, the result shape, and the Job ID taken from the
// incoming item (the previous node's output) without any expression.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { bodyFor, chain, finishedJob, gridJob, op, posted } from './operations-support.mts';
import { imagine, legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
let grid: IDataObject;
let draft: IDataObject;

beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 300 });
	[grid, draft] = await Promise.all([
		gridJob(emu, 'a lighthouse at dawn'),
		finishedJob(emu, imagine('a paper boat --v 7 --draft')),
	]);
});
afterAll(async () => emu?.close());

const image = (operation: string, params: IDataObject = {}) => op('image', operation, params as never);
const PICTURE = 'https://images.example.com/photos/red-bicycle.png';
const SQUARE = { width: 1024, height: 1024, points: [10, 10, 10, 300, 300, 300, 300, 10] };

/** Runs one operation on the grid job's item and returns the output job and the body sent. */
async function onGrid(operation: string, params: IDataObject, apiPath: string, source = grid) {
	const { items, error } = await legnext(emu, image(operation, params), [source]);
	expect(error?.message).toBeUndefined();
	expect(items).toHaveLength(1);
	const job = items[0].json;
	expect(job.status).toBe('completed');
	return { job, body: bodyFor(emu, apiPath, job.jobId) };
}

function expectGrid(job: IDataObject, taskType: string, frozen: number) {
	expect(job).toMatchObject({ taskType, provider: 'Legnext', error: null, videoUrls: [] });
	expect(job.imageUrls).toHaveLength(4);
	expect(job.imageUrl).toMatch(/_grid\.png$/);
	expect(job.usage).toMatchObject({ frozen });
}

function expectSingle(job: IDataObject, taskType: string) {
	expect(job).toMatchObject({ taskType, error: null, videoUrls: [] });
	expect(job.imageUrls).toHaveLength(1);
	expect(job.imageUrl).toBe((job.imageUrls as string[])[0]);
}

describe.concurrent('follow-ups of a finished grid, Job ID from the incoming item', () => {
	it('Variation sends jobId, imageNo, type and the remix prompt', async () => {
		const { job, body } = await onGrid(
			'variation',
			{ imageNo: 2, variationType: 1, remixPrompt: 'more clouds' },
			'/v1/variation',
		);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 2, type: 1, remixPrompt: 'more clouds' });
		expectGrid(job, 'variation', 120);
	});

	it('Upscale sends jobId, imageNo and type, and gives one image', async () => {
		const { job, body } = await onGrid('upscale', { imageNo: 3, upscaleType: 1 }, '/v1/upscale');
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 3, type: 1 });
		expectSingle(job, 'upscale');
	});

	it('Reroll sends only the job ID', async () => {
		const { job, body } = await onGrid('reroll', {}, '/v1/reroll');
		expect(body).toEqual({ jobId: grid.jobId });
		expectGrid(job, 'reroll', 80);
	});

	it('Pan sends direction and scale as numbers, without an empty remix prompt', async () => {
		const { job, body } = await onGrid(
			'pan',
			{ imageNo: 1, panDirection: 3, panScale: '={{ "1.25" }}' },
			'/v1/pan',
		);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 1, direction: 3, scale: 1.25 });
		expectGrid(job, 'pan', 80);
	});

	it('Outpaint sends scale and the remix prompt', async () => {
		const { job, body } = await onGrid(
			'outpaint',
			{ outpaintScale: 2, remixPrompt: 'clouds over the sky' },
			'/v1/outpaint',
		);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 0, scale: 2, remixPrompt: 'clouds over the sky' });
		expectGrid(job, 'outpaint', 80);
	});

	it('Inpaint sends polygon areas as mask.areas with integer points', async () => {
		const { job, body } = await onGrid(
			'inpaint',
			{
				maskSource: 'areas',
				maskAreas: { area: [{ width: 1024, height: 1024, points: '10,10, 10,300 300,300;300,10' }] },
				remixPrompt: 'a tree in the middle',
			},
			'/v1/inpaint',
		);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 0, mask: { areas: [SQUARE] }, remixPrompt: 'a tree in the middle' });
		expectGrid(job, 'inpaint', 120);
	});

	it('Inpaint sends a mask image as mask.url', async () => {
		const { body } = await onGrid(
			'inpaint',
			{ imageNo: 1, maskSource: 'url', maskUrl: 'https://images.example.com/mask.png' },
			'/v1/inpaint',
		);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 1, mask: { url: 'https://images.example.com/mask.png' } });
	});

	it('Remix sends the remix prompt and mode', async () => {
		const { job, body } = await onGrid(
			'remix',
			{ imageNo: 1, remixPrompt: 'as a watercolor', remixMode: 1 },
			'/v1/remix',
		);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 1, remixPrompt: 'as a watercolor', mode: 1 });
		expectGrid(job, 'remix', 120);
	});

	it('Edit sends canvas, imgPos and the mask', async () => {
		const { job, body } = await onGrid(
			'edit',
			{
				remixPrompt: 'mountains behind',
				canvasWidth: 1024,
				canvasHeight: 768,
				imageWidth: 512,
				imageHeight: 384,
				imageX: 256,
				imageY: '={{ 192 }}',
				maskSource: 'areas',
				maskAreas: { area: [SQUARE] },
			},
			'/v1/edit',
		);
		expect(body).toEqual({
			jobId: grid.jobId,
			imageNo: 0,
			remixPrompt: 'mountains behind',
			canvas: { width: 1024, height: 768 },
			imgPos: { width: 512, height: 384, x: 256, y: 192 },
			mask: { areas: [SQUARE] },
		});
		expectGrid(job, 'edit', 120);
	});

	it('Edit sends no mask when No Mask is chosen (the default)', async () => {
		const plain = await onGrid('edit', { imageNo: 2, remixPrompt: 'snow' }, '/v1/edit');
		expect(plain.body).toEqual({
			jobId: grid.jobId,
			imageNo: 2,
			remixPrompt: 'snow',
			canvas: { width: 1024, height: 1024 },
			imgPos: { width: 512, height: 512, x: 256, y: 256 },
		});
	});

	it('Enhance sends jobId and imageNo of a --v 7 --draft job', async () => {
		const { job, body } = await onGrid('enhance', { imageNo: 1 }, '/v1/enhance', draft);
		expect(body).toEqual({ jobId: draft.jobId, imageNo: 1 });
		expectGrid(job, 'enhance', 80);
	});

	it('Topaz Upscale from a job image sends jobId, imageNo and the documented defaults', async () => {
		const { job, body } = await onGrid('topazUpscale', { topazSource: 'job', imageNo: 2 }, '/v1/enhance-upscale');
		expect(body).toEqual({
			jobId: grid.jobId,
			imageNo: 2,
			target_resolution: '2K',
			content_type: 'standard',
			aspect_ratio: 'keep',
			crop_mode: 'letterbox',
			output_format: 'jpeg',
			face_enhancement_level: 'moderate',
		});
		expectSingle(job, 'enhance_upscale');
		expect(job.usage).toMatchObject({ frozen: 120 });
	});
});

describe.concurrent('image tools that take URLs or text', () => {
	it('Blend sends 2-5 imgUrls and aspect_ratio', async () => {
		const urls = ['https://a.example.com/1.png', 'https://a.example.com/2.png', 'https://a.example.com/3.png'];
		const { job, body } = await onGrid(
			'blend',
			// An entry may hold several URLs (e.g. mapped from a sheet column).
			{ imageUrls: [urls[0], `${urls[1]}\n${urls[2]}`], aspectRatio: '3:2' },
			'/v1/blend',
		);
		expect(body).toEqual({ imgUrls: urls, aspect_ratio: '3:2' });
		expectGrid(job, 'blend', 80);
	});

	it('Describe sends imgUrl and outputs prompts and a description', async () => {
		const { job, body } = await onGrid('describe', { imageUrl: PICTURE }, '/v1/describe');
		expect(body).toEqual({ imgUrl: PICTURE });
		expect(job.prompts).toHaveLength(4);
		expect((job.prompts as string[]).every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
		expect(job.description).toMatch(/bicycle/);
		expect(job).toMatchObject({ taskType: 'describe', imageUrls: [], imageUrl: null, usage: { frozen: 20 } });
	});

	it('Shorten sends the prompt and outputs the suggestions as prompts', async () => {
		const long =
			'a cyberpunk hacker workspace, holographic screens, glowing code, neon reflections, cables everywhere, volumetric light --ar 21:9';
		const { job, body } = await onGrid('shorten', { prompt: long }, '/v1/shorten');
		expect(body).toEqual({ prompt: long });
		const suggestions = job.prompts as string[];
		expect(suggestions.length).toBeGreaterThan(1);
		for (const s of suggestions) expect(s.length).toBeLessThan(long.length);
		expect(job).toMatchObject({ taskType: 'shorten', imageUrls: [], usage: { frozen: 20 } });
	});

	it('Upload Paint sends imgUrl, canvas, imgPos, remixPrompt and mask', async () => {
		const { job, body } = await onGrid(
			'uploadPaint',
			{ imageUrl: PICTURE, remixPrompt: 'a magical glow', maskSource: 'url', maskUrl: 'https://a.example.com/m.png' },
			'/v1/upload-paint',
		);
		expect(body).toEqual({
			imgUrl: PICTURE,
			remixPrompt: 'a magical glow',
			canvas: { width: 1024, height: 1024 },
			imgPos: { width: 512, height: 512, x: 256, y: 256 },
			mask: { url: 'https://a.example.com/m.png' },
		});
		expectGrid(job, 'upload_paint', 120);
	});

	it('Retexture sends imgUrl and remixPrompt', async () => {
		const { job, body } = await onGrid(
			'retexture',
			{ imageUrl: ` ${PICTURE} `, remixPrompt: 'brushed metal' },
			'/v1/retexture',
		);
		expect(body).toEqual({ imgUrl: PICTURE, remixPrompt: 'brushed metal' });
		expectGrid(job, 'retexture', 120);
	});

	it('Remove Background sends imgUrl and gives one image', async () => {
		const { job, body } = await onGrid('removeBackground', { imageUrl: PICTURE }, '/v1/remove-background');
		expect(body).toEqual({ imgUrl: PICTURE });
		expectSingle(job, 'remove_background');
		expect(job.usage).toMatchObject({ frozen: 80 });
	});

	it('Topaz Upscale from a URL sends image_url and the chosen settings', async () => {
		const { job, body } = await onGrid(
			'topazUpscale',
			{
				imageUrl: PICTURE,
				topazResolution: '8K',
				topazContentType: 'photo',
				topazAspectRatio: '16:9',
				topazCropMode: 'crop',
				topazOutputFormat: 'png',
				topazFaceEnhancement: 'off',
			},
			'/v1/enhance-upscale',
		);
		expect(body).toEqual({
			image_url: PICTURE,
			target_resolution: '8K',
			content_type: 'photo',
			aspect_ratio: '16:9',
			crop_mode: 'crop',
			output_format: 'png',
			face_enhancement_level: 'off',
		});
		expectSingle(job, 'enhance_upscale');
		expect(job.usage).toMatchObject({ frozen: 300 });
	});
});

describe.concurrent('chaining without expressions', () => {
	it('Imagine -> Upscale: Upscale takes the job of the node before it', async () => {
		const { first, second, error } = await chain(emu, imagine('a red kite'), image('upscale', { imageNo: 1 }));
		expect(error).toBeUndefined();
		const upscaled = second[0].json;
		expect(posted(emu, '/v1/upscale')).toContainEqual({ jobId: first[0].json.jobId, imageNo: 1, type: 0 });
		expectSingle(upscaled, 'upscale');
	});

	it('a raw Legnext job (job_id) works as input', async () => {
		const raw = grid.raw as IDataObject;
		const fromRaw = await onGrid('reroll', {}, '/v1/reroll', raw);
		expect(fromRaw.body).toEqual({ jobId: raw.job_id });
	});

	it("a Wait node's callback body (body.job_id) works as input", async () => {
		const raw = grid.raw as IDataObject;
		const fromCallback = await onGrid('variation', {}, '/v1/variation', { headers: {}, body: raw });
		expect(fromCallback.body).toEqual({ jobId: raw.job_id, imageNo: 0, type: 0 });
	});
});
