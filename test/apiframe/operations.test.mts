// Every APIFRAME operation through n8n's engine against the emulator: the body the emulator
// received (exactly), and the node's output in the one shape. Follow-ups get their parent from
// the incoming item (the Parent Task ID default), from tasks our own node made. The tests run
// side by side on one emulator; each finds its own request by the task it created.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { encodePng, patternImage } from '../emulator/legnext/png.mts';
import {
	apiframe,
	bodyFor,
	finishedTask,
	gridTask,
	imagine,
	op,
	startEmulator,
	upscaledTask,
	type ApiframeEmulator,
} from './support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 32 });
});
afterAll(async () => emu?.close());

/** Parents made once for the file and shared by the tests that need one. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
	let made: Promise<T> | undefined;
	return () => (made ??= make());
}
const grid = once(async () => await gridTask(emu, 'a harbour at dusk --ar 3:2'));
const upscaled = once(async () => await upscaledTask(emu));
const video = once(
	async () =>
		await finishedTask(
			emu,
			op('video', 'imagineVideo', { prompt: 'waves roll in', imageUrl: 'https://img.example.com/sea.png' }),
		),
);

const IMG = 'https://images.example.com/photos';
const MASK = encodePng(patternImage(7, 16));

describe.concurrent('every operation sends the documented body', () => {
	it('Imagine: prompt only by default; aspect ratio and speed when set', async ({ expect }) => {
		const plain = await apiframe(emu, imagine('a red fox in snow'));
		expect(plain.error).toBeUndefined();
		const task = plain.items[0].json;
		expect(bodyFor(emu, '/imagine', task.jobId)).toEqual({ prompt: 'a red fox in snow' });
		expect(task).toMatchObject({ provider: 'APIFRAME', taskType: 'imagine', status: 'completed', prompt: 'a red fox in snow' });
		expect(task.imageUrls).toHaveLength(4);
		expect(task.imageUrl).toMatch(/grid\.png$/);

		const full = await apiframe(emu, imagine('a red fox', { aspectRatio: ' 3:2 ', processMode: 'turbo' }));
		expect(bodyFor(emu, '/imagine', full.items[0].json.jobId)).toEqual({
			prompt: 'a red fox',
			aspect_ratio: '3:2',
			process_mode: 'turbo',
		});
	});

	it('Reroll: the parent, and a new prompt and aspect ratio when given', async ({ expect }) => {
		const parent = await grid();
		const plain = await apiframe(emu, op('image', 'reroll'), [parent]);
		expect(plain.items[0].json).toMatchObject({ taskType: 'reroll', status: 'completed' });
		expect(bodyFor(emu, '/reroll', plain.items[0].json.jobId)).toEqual({ parent_task_id: parent.jobId });
		const guided = await apiframe(emu, op('image', 'reroll', { prompt: 'at noon', aspectRatio: '2:3' }), [parent]);
		expect(bodyFor(emu, '/reroll', guided.items[0].json.jobId)).toEqual({
			parent_task_id: parent.jobId,
			prompt: 'at noon',
			aspect_ratio: '2:3',
		});
	});

	it('Upscale 1x: the index as the documented string', async ({ expect }) => {
		const parent = await grid();
		const { items } = await apiframe(emu, op('image', 'upscale1x', { index: 3 }), [parent]);
		expect(bodyFor(emu, '/upscale-1x', items[0].json.jobId)).toEqual({ parent_task_id: parent.jobId, index: '3' });
		expect(items[0].json).toMatchObject({ taskType: 'upscale#3', status: 'completed' });
		expect(items[0].json.imageUrls).toEqual([items[0].json.imageUrl]);
		expect(items[0].json.actions).toMatchObject({ upscaleAlt: ['subtle', 'creative'], pan: true });
	});

	it('Upscale 1x: an index from an expression (number or numeric text) is sent as text', async ({ expect }) => {
		const parent = await grid();
		const { items } = await apiframe(emu, op('image', 'upscale1x', { index: '={{ $json.pick }}' }), [
			{ ...parent, pick: 4 },
			{ ...parent, pick: '1' },
		]);
		expect(items.map((item) => bodyFor(emu, '/upscale-1x', item.json.jobId).index)).toEqual(['4', '1']);
	});

	it('Upscale Alt: type subtle or creative of an Upscale 1x task', async ({ expect }) => {
		const parent = await upscaled();
		const { items } = await apiframe(emu, op('image', 'upscaleAlt', { upscaleType: 'creative' }), [parent]);
		expect(bodyFor(emu, '/upscale-alt', items[0].json.jobId)).toEqual({ parent_task_id: parent.jobId, type: 'creative' });
		expect(items[0].json).toMatchObject({ taskType: 'upscale-creative', status: 'completed' });
	});

	it('Upscale High-Res: by grid task with an index, by single-image task without, by image URL', async ({ expect }) => {
		const [gridParent, single] = await Promise.all([grid(), upscaled()]);
		const byGrid = await apiframe(emu, op('image', 'upscaleHighres', { highresIndex: 2, highresType: '4x' }), [gridParent]);
		expect(byGrid.error).toBeUndefined();
		expect(bodyFor(emu, '/upscale-highres', byGrid.items[0].json.jobId)).toEqual({
			parent_task_id: gridParent.jobId,
			type: '4x',
			index: '2',
		});
		const bySingle = await apiframe(emu, op('image', 'upscaleHighres', { highresType: '2x' }), [single]);
		expect(bodyFor(emu, '/upscale-highres', bySingle.items[0].json.jobId)).toEqual({ parent_task_id: single.jobId, type: '2x' });
		const byUrl = await apiframe(emu, op('image', 'upscaleHighres', { highresSource: 'url', imageUrl: `${IMG}/cat.png` }));
		expect(bodyFor(emu, '/upscale-highres', byUrl.items[0].json.jobId)).toEqual({ image_url: `${IMG}/cat.png`, type: '2x' });
		expect(byUrl.items[0].json).toMatchObject({ status: 'completed', imageUrls: [expect.stringMatching(/image\.png$/)] });
	});

	it('Variations: an image of a grid with a prompt; strong of an upscaled image', async ({ expect }) => {
		const [gridParent, single] = await Promise.all([grid(), upscaled()]);
		const remix = await apiframe(emu, op('image', 'variations', { index: 4, prompt: 'more seagulls', aspectRatio: '3:2' }), [gridParent]);
		expect(bodyFor(emu, '/variations', remix.items[0].json.jobId)).toEqual({
			parent_task_id: gridParent.jobId,
			index: '4',
			prompt: 'more seagulls',
			aspect_ratio: '3:2',
		});
		expect(remix.items[0].json).toMatchObject({ taskType: 'variation-4', status: 'completed' });
		const strong = await apiframe(emu, op('image', 'variations', { index: 'strong' }), [single]);
		expect(bodyFor(emu, '/variations', strong.items[0].json.jobId)).toEqual({ parent_task_id: single.jobId, index: 'strong' });
	});

	it('Inpaint: the mask from a binary as a PNG data URL, with the prompt', async ({ expect }) => {
		const parent = await upscaled();
		const input = [{ json: parent, binary: { mask: { data: MASK.toString('base64'), mimeType: 'image/png', fileName: 'mask.png' } } }];
		const { items, error } = await apiframe(
			emu,
			op('image', 'inpaint', { maskBinaryProperty: 'mask', prompt: 'a red scarf' }),
			input as unknown as IDataObject[],
		);
		expect(error).toBeUndefined();
		expect(bodyFor(emu, '/inpaint', items[0].json.jobId)).toEqual({
			parent_task_id: parent.jobId,
			mask: `data:image/png;base64,${MASK.toString('base64')}`,
			prompt: 'a red scarf',
		});
		expect(items[0].json).toMatchObject({ taskType: 'inpaint', status: 'completed' });
	});

	it('Inpaint: the mask from base64 text, bare or as a data URL', async ({ expect }) => {
		const parent = await upscaled();
		const base64 = MASK.toString('base64');
		const { items } = await apiframe(emu, op('image', 'inpaint', { maskSource: 'base64', maskBase64: '={{ $json.mask }}' }), [
			{ ...parent, mask: base64 },
			{ ...parent, mask: `data:image/png;base64,${base64}` },
		]);
		for (const item of items) {
			expect(bodyFor(emu, '/inpaint', item.json.jobId)).toEqual({ parent_task_id: parent.jobId, mask: `data:image/png;base64,${base64}` });
		}
	});

	it('Outpaint: zoom_ratio as text (2, 1.5, custom, make square) with aspect ratio and prompt', async ({ expect }) => {
		const parent = await upscaled();
		const { items } = await apiframe(
			emu,
			op('image', 'outpaint', { zoom: '={{ $json.zoom }}', customZoom: 1.25, aspectRatio: '={{ $json.ar }}', prompt: 'a wide valley' }),
			[
				{ ...parent, zoom: 2, ar: '' },
				{ ...parent, zoom: 1.5, ar: '16:9' },
				{ ...parent, zoom: 'custom', ar: '' },
				{ ...parent, zoom: 1, ar: '' },
			],
		);
		const sent = items.map((item) => bodyFor(emu, '/outpaint', item.json.jobId));
		expect(sent).toEqual([
			{ parent_task_id: parent.jobId, zoom_ratio: '2', prompt: 'a wide valley' },
			{ parent_task_id: parent.jobId, zoom_ratio: '1.5', aspect_ratio: '16:9', prompt: 'a wide valley' },
			{ parent_task_id: parent.jobId, zoom_ratio: '1.25', prompt: 'a wide valley' },
			{ parent_task_id: parent.jobId, zoom_ratio: '1', prompt: 'a wide valley' },
		]);
		expect(items.map((item) => item.json.taskType)).toEqual(['outpaint-2', 'outpaint-1.5', 'outpaint-1.25', 'outpaint-1']);
	});

	it('Pan: direction and prompt', async ({ expect }) => {
		const parent = await upscaled();
		const { items } = await apiframe(emu, op('image', 'pan', { direction: 'up', prompt: 'clouds' }), [parent]);
		expect(bodyFor(emu, '/pan', items[0].json.jobId)).toEqual({ parent_task_id: parent.jobId, direction: 'up', prompt: 'clouds' });
		expect(items[0].json).toMatchObject({ taskType: 'pan-up', status: 'completed' });
	});

	it('Shorten: the prompt; suggestions as prompts, the analysis as description', async ({ expect }) => {
		const prompt = 'A very detailed, beautifully lit painting of an old lighthouse on a rocky cliff at dawn --ar 16:9';
		const { items } = await apiframe(emu, op('image', 'shorten', { prompt }));
		expect(bodyFor(emu, '/shorten', items[0].json.jobId)).toEqual({ prompt });
		expect(items[0].json).toMatchObject({ taskType: 'shorten', status: 'completed', imageUrl: null, imageUrls: [] });
		expect((items[0].json.prompts as string[]).length).toBe(5);
		expect(items[0].json.description).toMatch(/SHORTENED PROMPTS/);
	});

	it('Describe: the image URL and speed; four prompts, the input image not taken for a result', async ({ expect }) => {
		const { items } = await apiframe(emu, op('image', 'describe', { imageUrl: `${IMG}/red-bicycle.png`, processMode: 'fast' }));
		expect(bodyFor(emu, '/describe', items[0].json.jobId)).toEqual({ image_url: `${IMG}/red-bicycle.png`, process_mode: 'fast' });
		expect(items[0].json).toMatchObject({ taskType: 'describe', status: 'completed', imageUrl: null, imageUrls: [] });
		expect(items[0].json.prompts).toHaveLength(4);
	});

	it('Blend: 2-5 URLs from entries or one list, and the dimension', async ({ expect }) => {
		const urls = [`${IMG}/a.png`, `${IMG}/b.png`, `${IMG}/c.png`];
		const { items } = await apiframe(emu, op('image', 'blend', { imageUrls: [urls[0], `${urls[1]}\n${urls[2]}`], dimension: 'portrait' }));
		expect(bodyFor(emu, '/blend', items[0].json.jobId)).toEqual({ image_urls: urls, dimension: 'portrait' });
		expect(items[0].json).toMatchObject({ taskType: 'blend', status: 'completed' });
	});

	it('Seed: the generation as task_id; the seed as output', async ({ expect }) => {
		const parent = await grid();
		const { items } = await apiframe(emu, op('image', 'seed'), [parent]);
		expect(bodyFor(emu, '/seed', items[0].json.jobId)).toEqual({ task_id: parent.jobId });
		expect(items[0].json).toMatchObject({ taskType: 'seed', status: 'completed', imageUrls: [] });
		expect(items[0].json.seed).toMatch(/^\d+$/);
	});

	it('Face Swap: target and face image URLs', async ({ expect }) => {
		const { items } = await apiframe(emu, op('image', 'faceSwap', { targetImageUrl: `${IMG}/poster.png`, swapImageUrl: `${IMG}/me.png` }));
		expect(bodyFor(emu, '/faceswap', items[0].json.jobId)).toEqual({
			target_image_url: `${IMG}/poster.png`,
			swap_image_url: `${IMG}/me.png`,
		});
		expect(items[0].json).toMatchObject({ taskType: 'faceswap', status: 'completed' });
	});

	it('Imagine Video: prompt, start frame and motion; four videos', async ({ expect }) => {
		const { items } = await apiframe(
			emu,
			op('video', 'imagineVideo', { prompt: 'the fox runs', imageUrl: `${IMG}/fox.png`, motion: 'high' }),
		);
		expect(bodyFor(emu, '/imagine-video', items[0].json.jobId)).toEqual({ prompt: 'the fox runs', image_url: `${IMG}/fox.png`, motion: 'high' });
		expect(items[0].json).toMatchObject({ taskType: 'imagine-video', status: 'completed', imageUrls: [] });
		expect(items[0].json.videoUrls).toHaveLength(4);
		expect(items[0].json.actions).toEqual({ extendVideo: [1, 2, 3, 4] });
	});

	it('Extend Video: the parent video, index, prompt, optional image and motion', async ({ expect }) => {
		const parent = await video();
		const { items } = await apiframe(emu, op('video', 'extendVideo', { index: 2, prompt: 'the tide goes out', imageUrl: `${IMG}/shore.png` }), [
			parent,
		]);
		expect(bodyFor(emu, '/imagine-video-extend', items[0].json.jobId)).toEqual({
			parent_task_id: parent.jobId,
			index: '2',
			prompt: 'the tide goes out',
			image_url: `${IMG}/shore.png`,
			motion: 'low',
		});
		expect(items[0].json).toMatchObject({ taskType: 'imagine-video-extend', status: 'completed' });
	});

	it('Task > Get Many: 2-20 ids in one fetch-many, one item each in the order asked', async ({ expect }) => {
		const [a, b] = await Promise.all([grid(), upscaled()]);
		const before = emu.statusReadCalls().fetchMany;
		const { items, error } = await apiframe(emu, op('task', 'getManyTasks', { taskIds: `${String(b.jobId)}, ${String(a.jobId)}` }));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.jobId)).toEqual([b.jobId, a.jobId]);
		expect(items.map((item) => item.json.taskType)).toEqual(['upscale#2', 'imagine']);
		expect(emu.statusReadCalls().fetchMany).toBeGreaterThan(before);
		const asked = emu.requests.filter((r) => r.apiPath === '/fetch-many').map((r) => r.body);
		expect(asked).toContainEqual({ task_ids: [b.jobId, a.jobId] });
	});

	it('Account > Get: the account as APIFRAME returns it', async ({ expect }) => {
		const { items, error } = await apiframe(emu, op('account', 'getAccount'));
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			email: expect.any(String),
			credits: expect.any(Number),
			total_images: expect.any(Number),
			plan: expect.any(String),
		});
	});
});
