// Result files: real PNGs (signature, IHDR, CRCs, pixels; grid = 2x2 of the images), noise PNGs of a
// chosen size, and structurally valid MP4s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fetchBytes, mp4Boxes, readPng, run, submit, type Json } from './helpers.mts';
import { startLegnextEmulator, type LegnextEmulator } from './legnext/index.mts';

let emu: LegnextEmulator;
let job: Json;

beforeAll(async () => {
	emu = await startLegnextEmulator({ jobDurationMs: 100, imageSize: 64 });
	job = await run(emu, '/v1/diffusion', { text: 'pixels' });
});
afterAll(() => emu.close());

describe('PNG', () => {
	it('images are valid 8-bit RGB PNGs of imageSize with correct headers', async () => {
		for (const url of job.output.image_urls as string[]) {
			const { status, headers, body } = await fetchBytes(url);
			expect(status).toBe(200);
			expect(headers['content-type']).toBe('image/png');
			expect(Number(headers['content-length'])).toBe(body.length);
			const png = readPng(body);
			expect([png.width, png.height]).toEqual([64, 64]);
			expect(png.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
		}
	});

	it('the grid is the 2x2 composition of the four images', async () => {
		const grid = readPng((await fetchBytes(job.output.image_url)).body);
		expect([grid.width, grid.height]).toEqual([128, 128]);
		const images = await Promise.all((job.output.image_urls as string[]).map(async (u) => readPng((await fetchBytes(u)).body)));
		const px = (p: { width: number; pixels: Buffer }, x: number, y: number) => p.pixels.subarray((y * p.width + x) * 3, (y * p.width + x) * 3 + 3);
		for (const [n, dx, dy] of [
			[0, 0, 0],
			[1, 64, 0],
			[2, 0, 64],
			[3, 64, 64],
		]) {
			for (const [x, y] of [
				[0, 0],
				[63, 63],
				[10, 40],
			])
				expect(px(grid, x + dx, y + dy).equals(px(images[n], x, y))).toBe(true);
		}
	});

	it('is deterministic per job and index, and differs between indexes', async () => {
		const [a, b, c] = await Promise.all([
			fetchBytes(job.output.image_urls[0]),
			fetchBytes(job.output.image_urls[0]),
			fetchBytes(job.output.image_urls[1]),
		]);
		expect(a.body.equals(b.body)).toBe(true);
		expect(a.body.equals(c.body)).toBe(false);
	});

	it('HEAD gives the headers only; files of unfinished or unknown jobs are 404', async () => {
		const head = await fetchBytes(job.output.image_urls[0], 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body.length).toBe(0);
		expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
		const pending = await submit(emu, '/v1/diffusion', { text: 'not yet' });
		expect((await fetchBytes(`${emu.url}/cdn/mj/${pending.job_id}_0.png`)).status).toBe(404);
		expect((await fetchBytes(`${emu.url}/cdn/mj/${job.job_id}_4.png`)).status).toBe(404);
		expect((await fetchBytes(`${emu.url}/cdn/video/${job.job_id}_0.mp4`)).status).toBe(404);
	});

	it('downloads are recorded apart from API requests', () => {
		expect(emu.downloads.length).toBeGreaterThan(0);
		expect(emu.requests.some((r) => r.path.startsWith('/cdn/'))).toBe(false);
	});

	it('imageBytes: incompressible noise of about that size, streamed with an exact Content-Length', async () => {
		const big = await startLegnextEmulator({ jobDurationMs: 50, imageBytes: 300_000 });
		try {
			const done = await run(big, '/v1/diffusion', { text: 'noise' });
			const image = await fetchBytes(done.output.image_urls[2]);
			expect(Number(image.headers['content-length'])).toBe(image.body.length);
			expect(Math.abs(image.body.length - 300_000) / 300_000).toBeLessThan(0.02);
			const png = readPng(image.body);
			expect(png.chunks.filter((c) => c === 'IDAT').length).toBeGreaterThan(1);
			const grid = await fetchBytes(done.output.image_url);
			expect(Number(grid.headers['content-length'])).toBe(grid.body.length);
			expect(readPng(grid.body).width).toBe(png.width * 2);
			expect(grid.body.length / image.body.length).toBeCloseTo(4, 1);
		} finally {
			await big.close();
		}
	});
});

describe('MP4', () => {
	it('videos are ftyp + moov + mdat with video/mp4, duration 5 s, +4 s per extension', async () => {
		const video = await run(emu, '/v1/video-diffusion', { jobId: job.job_id, imageNo: 1, prompt: 'move --bs 1' });
		const ext = await run(emu, '/v1/extend-video', { jobId: video.job_id, videoNo: 0 });
		for (const [url, ms] of [
			[video.output.video_urls[0], 5000],
			[ext.output.video_urls[0], 9000],
		]) {
			const { status, headers, body } = await fetchBytes(url);
			expect(status).toBe(200);
			expect(headers['content-type']).toBe('video/mp4');
			expect(Number(headers['content-length'])).toBe(body.length);
			const top = mp4Boxes(body);
			expect(top.map(([t]) => t)).toEqual(['ftyp', 'moov', 'mdat']);
			expect(body.toString('latin1', 8, 12)).toBe('isom');
			const moovAt = top[0][1];
			const inner = mp4Boxes(body, moovAt + 8, moovAt + top[1][1]);
			expect(inner.map(([t]) => t)).toEqual(['mvhd', 'trak']);
			const mvhd = moovAt + 8;
			expect(body.readUInt32BE(mvhd + 20)).toBe(1000); // timescale
			expect(body.readUInt32BE(mvhd + 24)).toBe(ms); // duration
		}
	});
});
