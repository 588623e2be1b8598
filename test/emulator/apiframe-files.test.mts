// APIFRAME emulator result files: real PNGs (grid = 2x2 of the four images; an upscale is its
// parent's image; highres is larger), noise PNGs of a chosen size, structurally valid MP4s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { run, submit } from './apiframe/client.mts';
import { startApiframeEmulator, type ApiframeEmulator } from './apiframe/index.mts';
import { fetchBytes, mp4Boxes, readPng, type Json, type PngInfo } from './helpers.mts';

let emu: ApiframeEmulator;
let grid: Json;

beforeAll(async () => {
	emu = await startApiframeEmulator({ jobDurationMs: 0, imageSize: 32 });
	grid = await run(emu, '/imagine', { prompt: 'pixels' });
});
afterAll(() => emu.close());

const png = async (url: string) => readPng((await fetchBytes(url)).body);
const px = (p: PngInfo, x: number, y: number) =>
	p.pixels.subarray((y * p.width + x) * 3, (y * p.width + x) * 3 + 3);

describe('PNG', () => {
	it('the four images are 8-bit RGB PNGs of imageSize with the right headers', async () => {
		for (const url of grid.image_urls as string[]) {
			const { status, headers, body } = await fetchBytes(url);
			expect(status).toBe(200);
			expect(headers['content-type']).toBe('image/png');
			expect(Number(headers['content-length'])).toBe(body.length);
			const img = readPng(body);
			expect([img.width, img.height]).toEqual([32, 32]);
			expect(img.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
		}
	});

	it('original_image_url is the 2x2 grid of image_urls [1 2 / 3 4]', async () => {
		const whole = await png(grid.original_image_url);
		expect([whole.width, whole.height]).toEqual([64, 64]);
		const parts = await Promise.all((grid.image_urls as string[]).map(png));
		for (const [n, dx, dy] of [
			[0, 0, 0],
			[1, 32, 0],
			[2, 0, 32],
			[3, 32, 32],
		])
			for (const [x, y] of [
				[0, 0],
				[31, 31],
				[5, 20],
			])
				expect(px(whole, x + dx, y + dy).equals(px(parts[n], x, y))).toBe(true);
		expect(parts[0].pixels.equals(parts[1].pixels)).toBe(false);
	});

	it('upscale-1x shows the parent image it picked; upscale-alt is 2x, highres 2x/4x', async () => {
		const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 3 });
		const [mine, third] = await Promise.all([png(up.image_url), png(grid.image_urls[2])]);
		expect(mine.pixels.equals(third.pixels)).toBe(true);
		const creative = await png(
			(await run(emu, '/upscale-alt', { parent_task_id: up.task_id, type: 'creative' })).image_url,
		);
		expect(creative.width).toBe(64);
		const x4 = await png(
			(await run(emu, '/upscale-highres', { parent_task_id: grid.task_id, index: 1, type: '4x' }))
				.image_url,
		);
		expect([x4.width, x4.height]).toEqual([128, 128]);
		const x2 = await png(
			(await run(emu, '/upscale-highres', { image_url: 'https://e.com/a.png', type: '2x' }))
				.image_url,
		);
		expect(x2.width).toBe(64);
		const swap = await png(
			(
				await run(emu, '/faceswap', {
					target_image_url: 'https://e.com/a.png',
					swap_image_url: 'https://e.com/b.png',
				})
			).image_url,
		);
		expect(swap.width).toBe(32);
	});

	it('deterministic per task and image; HEAD gives headers only', async () => {
		const [a, b] = await Promise.all([
			fetchBytes(grid.image_urls[0]),
			fetchBytes(grid.image_urls[0]),
		]);
		expect(a.body.equals(b.body)).toBe(true);
		const head = await fetchBytes(grid.image_urls[0], 'HEAD');
		expect([head.status, head.body.length, Number(head.headers['content-length'])]).toEqual([
			200,
			0,
			a.body.length,
		]);
	});

	it('404 until the task is finished, for unknown tasks and for names the task has not', async () => {
		emu.setJobDurationMs(5000);
		const id = await submit(emu, '/imagine', { prompt: 'later' });
		emu.setJobDurationMs(0);
		const base = grid.original_image_url.replace(/\/cdn\/.*$/, '');
		for (const path of [
			`/cdn/images/${id}/grid.png`,
			`/cdn/images/${id}/1.png`,
			'/cdn/images/00000000-0000-4000-8000-000000000000/1.png',
			`/cdn/images/${grid.task_id}/5.png`,
			`/cdn/images/${grid.task_id}/image.png`,
			`/cdn/videos/${grid.task_id}/1.mp4`,
		])
			expect({ path, status: (await fetchBytes(base + path)).status }).toEqual({
				path,
				status: 404,
			});
		expect((await fetchBytes(grid.image_urls[0], 'DELETE')).status).toBe(405);
		expect(emu.downloads.length).toBeGreaterThan(5);
		expect(emu.requests.some((r) => r.path.startsWith('/cdn/'))).toBe(false);
	});
});

describe('MP4', () => {
	it('video_urls are MP4s with ftyp, moov and mdat boxes; an extension is 4 s longer', async () => {
		const video = await run(emu, '/imagine-video', {
			prompt: 'waves',
			image_url: 'https://e.com/a.png',
		});
		const longer = await run(emu, '/imagine-video-extend', {
			parent_task_id: video.task_id,
			index: 1,
			prompt: 'more',
		});
		const duration = async (url: string) => {
			const { status, headers, body } = await fetchBytes(url);
			expect([status, headers['content-type']]).toEqual([200, 'video/mp4']);
			expect(mp4Boxes(body).map(([type]) => type)).toEqual(['ftyp', 'moov', 'mdat']);
			const mvhd = body.indexOf('mvhd', 0, 'latin1');
			return body.readUInt32BE(mvhd + 20) / body.readUInt32BE(mvhd + 16);
		};
		expect(await duration(video.video_urls[0])).toBe(5);
		expect(await duration(longer.video_urls[3])).toBe(9);
		const [a, b] = await Promise.all([
			fetchBytes(video.video_urls[0]),
			fetchBytes(video.video_urls[1]),
		]);
		expect(a.body.equals(b.body)).toBe(false);
	});
});

describe('imageBytes', () => {
	it('each image is ~imageBytes of noise, streamed with an exact Content-Length', async () => {
		const big = await startApiframeEmulator({ jobDurationMs: 0, imageBytes: 200_000 });
		try {
			const t = await run(big, '/imagine', { prompt: 'noise' });
			const { headers, body } = await fetchBytes(t.image_urls[0]);
			expect(Number(headers['content-length'])).toBe(body.length);
			expect(body.length).toBeGreaterThan(190_000);
			expect(body.length).toBeLessThan(215_000);
			const img = readPng(body);
			expect(img.width).toBe(img.height);
			expect((await fetchBytes(t.original_image_url)).body.length).toBeGreaterThan(4 * 190_000);
		} finally {
			await big.close();
		}
	});
});
