// Results as n8n binary data (the core's downloads with APIFRAME's files: the grid is
// `original_image_url`, the images `image_urls`, a single image `image_url`, videos), and an
// n8n binary going the other way, as Inpaint's mask, also from n8n's filesystem binary store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runWorkflow } from '../harness/index.mts';
import {
	APIFRAME,
	apiframe,
	bodyFor,
	credentialsFor,
	gridTask,
	imagine,
	op,
	startEmulator,
	type ApiframeEmulator,
} from './support.mts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 24 });
});
afterAll(async () => emu?.close());

describe.concurrent('results as n8n binary data', () => {
	it('one item per image: `data`, <taskId>_<n>.png, image/png, real PNG bytes', async ({ expect }) => {
		const run = await apiframe(emu, imagine('fox', { options: { download: 'results' } }));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(4);
		const taskId = run.items[0].json.jobId as string;
		for (const [index, item] of run.items.entries()) {
			expect(item.json.file).toEqual({ index, url: (item.json.imageUrls as string[])[index] });
			expect(item.binary?.data).toMatchObject({ fileName: `${taskId}_${index}.png`, mimeType: 'image/png' });
			const bytes = await run.binary(item, 'data');
			expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('all in one item, with the grid: the grid is twice as wide as an image', async ({ expect }) => {
		const run = await apiframe(emu, imagine('fox', { options: { download: 'all', binaryLayout: 'oneItem', binaryProperty: 'image' } }));
		expect(run.items).toHaveLength(1);
		const taskId = run.items[0].json.jobId as string;
		expect(Object.keys(run.items[0].binary ?? {}).sort()).toEqual(['image_0', 'image_1', 'image_2', 'image_3', 'image_grid']);
		expect(run.items[0].binary?.image_grid.fileName).toBe(`${taskId}_grid.png`);
		const grid = await run.binary(run.items[0], 'image_grid');
		const one = await run.binary(run.items[0], 'image_0');
		expect(grid.readUInt32BE(16)).toBe(2 * one.readUInt32BE(16));
	});

	it('an Upscale 1x gives its one image; Describe (a text result) gives none', async ({ expect }) => {
		const grid = await gridTask(emu);
		const upscale = await apiframe(emu, op('image', 'upscale1x', { index: 1, options: { download: 'all' } }), [grid]);
		expect(upscale.items).toHaveLength(1);
		expect(upscale.items[0].binary?.data).toMatchObject({ fileName: `${String(upscale.items[0].json.jobId)}_0.png`, mimeType: 'image/png' });
		const described = await apiframe(emu, op('image', 'describe', { imageUrl: 'https://img.example.com/cat.png', options: { download: 'results' } }));
		expect(described.items).toHaveLength(1);
		expect(described.items[0].binary).toBeUndefined();
		expect(emu.downloads.some((d) => d.path.includes(String(described.items[0].json.jobId)))).toBe(false);
	});

	it('retries a download that failed for a transient reason', async ({ expect }) => {
		const grid = await gridTask(emu, 'retry my download');
		emu.addFault({ method: 'GET', path: `/cdn/images/${String(grid.jobId)}/`, kind: 'status', status: 503 });
		const run = await apiframe(emu, op('task', 'getTask', { options: { download: 'grid' } }), [grid]);
		expect(run.error).toBeUndefined();
		expect(run.items[0].binary?.data.mimeType).toBe('image/png');
	});

	it('downloads nothing in submit-only mode', async ({ expect }) => {
		const run = await apiframe(emu, imagine('fox', { waitMode: 'submit', options: { download: 'results' } }));
		expect(run.items).toHaveLength(1);
		expect(run.items[0].binary).toBeUndefined();
		expect(emu.downloads.some((d) => d.path.includes(String(run.items[0].json.jobId)))).toBe(false);
	});
});

describe('an n8n binary as the Inpaint mask', () => {
	it('Upscale 1x downloaded into the filesystem binary store -> Inpaint reads those bytes as its mask', async () => {
		const grid = await gridTask(emu, 'a quiet pond');
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Input', type: 'harness.items', parameters: { items: JSON.stringify([grid]) } },
					{ name: 'Upscale', type: APIFRAME, parameters: op('image', 'upscale1x', { index: 4, options: { download: 'results', binaryProperty: 'mask' } }) },
					{ name: 'Inpaint', type: APIFRAME, parameters: op('image', 'inpaint', { maskBinaryProperty: 'mask', prompt: 'a lily pad', waitMode: 'submit' }) },
				],
				connections: {
					Input: { main: [[{ node: 'Upscale', type: 'main', index: 0 }]] },
					Upscale: { main: [[{ node: 'Inpaint', type: 'main', index: 0 }]] },
				},
			},
			{ credentials: credentialsFor(emu), timeoutMs: 60_000, binaryMode: 'filesystem', startNode: 'Input' },
		);
		expect(result.error).toBeUndefined();
		const [upscaled] = result.output('Upscale');
		expect(upscaled.binary?.mask.id).toMatch(/^filesystem/);
		const bytes = await result.binary(upscaled, 'mask');
		const [inpaint] = result.output('Inpaint');
		expect(bodyFor(emu, '/inpaint', inpaint.json.jobId)).toEqual({
			parent_task_id: upscaled.json.jobId,
			mask: `data:image/png;base64,${bytes.toString('base64')}`,
			prompt: 'a lily pad',
		});
		expect(inpaint.json).toMatchObject({ status: 'pending', taskType: 'inpaint' });
	});
});
