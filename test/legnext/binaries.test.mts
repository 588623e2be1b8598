import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { imagine, legnext, startEmulator } from './support.mts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 64 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

describe('results as n8n binary data', () => {
	it('one item per image: `data`, <jobId>_<n>.png, image/png, real PNG bytes', async () => {
		const run = await legnext(emu, imagine('fox', { options: { download: 'results' } }));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(4);
		const jobId = run.items[0].json.jobId as string;
		for (const [index, item] of run.items.entries()) {
			expect(item.json.file).toEqual({ index, url: (item.json.imageUrls as string[])[index] });
			expect(item.binary?.data).toMatchObject({ fileName: `${jobId}_${index}.png`, mimeType: 'image/png' });
			const bytes = await run.binary(item, 'data');
			expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('all in one item: data_0..data_3, and the grid when asked', async () => {
		const run = await legnext(
			emu,
			imagine('fox', { options: { download: 'all', binaryLayout: 'oneItem', binaryProperty: 'image' } }),
		);
		expect(run.items).toHaveLength(1);
		const jobId = run.items[0].json.jobId as string;
		expect(Object.keys(run.items[0].binary ?? {}).sort()).toEqual(
			['image_0', 'image_1', 'image_2', 'image_3', 'image_grid'].sort(),
		);
		expect(run.items[0].binary?.image_grid.fileName).toBe(`${jobId}_grid.png`);
		const grid = await run.binary(run.items[0], 'image_grid');
		const one = await run.binary(run.items[0], 'image_0');
		// The grid is a 2x2 of the images: twice as wide (PNG width is at byte 16).
		expect(grid.readUInt32BE(16)).toBe(2 * one.readUInt32BE(16));
	});

	it('grid only', async () => {
		const run = await legnext(emu, imagine('fox', { options: { download: 'grid' } }));
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json.file).toMatchObject({ index: 'grid' });
		expect(run.items[0].binary?.data.fileName).toMatch(/_grid\.png$/);
	});

	it('works with the filesystem binary mode', async () => {
		const run = await legnext(emu, imagine('fox', { options: { download: 'results' } }), [{}], {
			binaryMode: 'filesystem',
		});
		expect(run.items).toHaveLength(4);
		expect(run.items[0].binary?.data.id).toMatch(/^filesystem/);
		const bytes = await run.binary(run.items[3], 'data');
		expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	});

	it('retries a download that failed for a transient reason', async () => {
		emu.addFault({ method: 'GET', path: '/cdn/', kind: 'status', status: 503 });
		const run = await legnext(emu, imagine('fox', { options: { download: 'grid' } }));
		expect(run.error).toBeUndefined();
		expect(run.items[0].binary?.data.mimeType).toBe('image/png');
	});

	it('downloads nothing in submit-only mode', async () => {
		const run = await legnext(emu, imagine('fox', { waitMode: 'submit', options: { download: 'results' } }));
		expect(run.items).toHaveLength(1);
		expect(run.items[0].binary).toBeUndefined();
		expect(emu.downloads).toHaveLength(0);
	});
});
