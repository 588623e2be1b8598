// APIFRAME emulator: every §3 endpoint's happy path, its final object, its task_type and its §6 credits.
import { describe, expect, it } from 'vitest';

import { account, call, post, run, submit, waitEnd } from './apiframe/client.mts';
import { emulatorForFile } from './apiframe/vitest.mts';
import type { Json } from './helpers.mts';

const emu = emulatorForFile({ jobDurationMs: 0, imageSize: 16 });

const credits = async () => (await account(emu)).credits as number;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PNG_URL = /^http:\/\/127\.0\.0\.1:\d+\/cdn\/images\/[0-9a-f-]{36}\/(grid|image|[1-4])\.png$/;

function expectGrid(task: Json, taskType: string) {
	expect(Object.keys(task).sort()).toEqual([
		'image_urls',
		'original_image_url',
		'task_id',
		'task_type',
	]);
	expect(task.task_type).toBe(taskType);
	expect(task.original_image_url).toMatch(PNG_URL);
	expect(task.image_urls).toHaveLength(4);
	for (const u of task.image_urls) expect(u).toMatch(PNG_URL);
}

/** imagine -> upscale-1x of image n; returns both final objects. */
async function upscaled(n = 1) {
	const grid = await run(emu, '/imagine', { prompt: 'a lighthouse at dusk' });
	const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: String(n) });
	return { grid, up };
}

describe('submit', () => {
	it('answers 200 {task_id: <uuid>} and nothing else', async () => {
		const r = await post(emu, '/imagine', {
			prompt: 'a sunflower field in the wind',
			aspect_ratio: '3:2',
		});
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual(['task_id']);
		expect(r.json.task_id).toMatch(UUID);
		expect(emu.requests.at(-1)).toMatchObject({
			method: 'POST',
			apiPath: '/imagine',
			status: 200,
			taskId: r.json.task_id,
			auth: 'raw',
		});
		expect(emu.requests.at(-1)?.body).toEqual({
			prompt: 'a sunflower field in the wind',
			aspect_ratio: '3:2',
		});
		expect(emu.requests.at(-1)?.headers.authorization).toBe('[redacted]');
	});
});

describe('grid endpoints', () => {
	it('imagine: grid with task_type "imagine"; sref only with --sref', async () => {
		expectGrid(await run(emu, '/imagine', { prompt: 'plain' }), 'imagine');
		const given = await run(emu, '/imagine', { prompt: 'styled --sref 1234578888888 --v 6' });
		expect(given.sref).toBe('1234578888888');
		const random = await run(emu, '/imagine', { prompt: 'styled --sref random' });
		expect(random.sref).toMatch(/^\d+$/);
	});

	it('reroll, variations, blend', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'a fox' });
		expectGrid(await run(emu, '/reroll', { parent_task_id: grid.task_id }), 'reroll');
		expectGrid(
			await run(emu, '/variations', { parent_task_id: grid.task_id, index: '1' }),
			'variation-1',
		);
		expectGrid(
			await run(emu, '/variations', {
				parent_task_id: grid.task_id,
				index: 3,
				prompt: 'a red fox',
			}),
			'variation-3',
		);
		const blend = await run(emu, '/blend', {
			image_urls: ['https://e.com/a.png', 'https://e.com/b.png'],
			dimension: 'portrait',
		});
		expectGrid(blend, 'blend');
	});

	it('reroll keeps the parent prompt unless given one', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'original prompt' });
		const a = await submit(emu, '/reroll', { parent_task_id: grid.task_id });
		const b = await submit(emu, '/reroll', {
			parent_task_id: grid.task_id,
			prompt: 'new prompt',
			aspect_ratio: '2:3',
		});
		expect(emu.tasks.get(a)?.prompt).toBe('original prompt');
		expect(emu.tasks.get(b)?.prompt).toBe('new prompt');
	});

	it('inpaint, outpaint, pan and strong/subtle variations act on an upscale-1x task', async () => {
		const { up } = await upscaled(2);
		const mask = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]).toString('base64')}`;
		expectGrid(
			await run(emu, '/inpaint', { parent_task_id: up.task_id, mask, prompt: 'a boat' }),
			'inpaint',
		);
		expectGrid(
			await run(emu, '/outpaint', { parent_task_id: up.task_id, zoom_ratio: '2' }),
			'outpaint-2',
		);
		expectGrid(
			await run(emu, '/outpaint', {
				parent_task_id: up.task_id,
				zoom_ratio: 1.5,
				aspect_ratio: '16:9',
			}),
			'outpaint-1.5',
		);
		expectGrid(
			await run(emu, '/outpaint', { parent_task_id: up.task_id, zoom_ratio: '1' }),
			'outpaint-1',
		);
		for (const direction of ['up', 'down', 'left', 'right'])
			expectGrid(
				await run(emu, '/pan', { parent_task_id: up.task_id, direction }),
				`pan-${direction}`,
			);
		expectGrid(
			await run(emu, '/variations', { parent_task_id: up.task_id, index: 'strong' }),
			'variation-strong',
		);
		expectGrid(
			await run(emu, '/variations', { parent_task_id: up.task_id, index: 'subtle' }),
			'variation-subtle',
		);
	});
});

describe('single-image endpoints', () => {
	it('upscale-1x: {task_id, task_type "upscale#N", image_url}', async () => {
		for (const [index, type] of [
			['1', 'upscale#1'],
			[4, 'upscale#4'],
		] as const) {
			const grid = await run(emu, '/imagine', { prompt: 'x' });
			const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index });
			expect(Object.keys(up).sort()).toEqual(['image_url', 'task_id', 'task_type']);
			expect(up.task_type).toBe(type);
			expect(up.image_url).toMatch(PNG_URL);
		}
	});

	it('upscale-alt subtle/creative, upscale-highres 2x/4x (parent or image_url), faceswap', async () => {
		const { grid, up } = await upscaled();
		expect(
			await run(emu, '/upscale-alt', { parent_task_id: up.task_id, type: 'creative' }),
		).toMatchObject({ task_type: 'upscale-creative', image_url: expect.stringMatching(PNG_URL) });
		expect(
			(await run(emu, '/upscale-alt', { parent_task_id: up.task_id, type: 'subtle' })).task_type,
		).toBe('upscale-subtle');
		expect(
			await run(emu, '/upscale-highres', { parent_task_id: grid.task_id, index: '2', type: '2x' }),
		).toMatchObject({ task_type: 'upscale-2x', image_url: expect.stringMatching(PNG_URL) });
		expect(
			(await run(emu, '/upscale-highres', { parent_task_id: up.task_id, type: '4x' })).task_type,
		).toBe('upscale-4x');
		expect(
			(await run(emu, '/upscale-highres', { image_url: 'https://e.com/photo.jpg', type: '4x' }))
				.task_type,
		).toBe('upscale-4x');
		const swap = await run(emu, '/faceswap', {
			target_image_url: 'https://e.com/t.jpg',
			swap_image_url: 'https://e.com/s.jpg',
		});
		expect(Object.keys(swap).sort()).toEqual(['image_url', 'task_id', 'task_type']);
		expect(swap.task_type).toBe('faceswap');
	});
});

describe('text endpoints', () => {
	it('shorten: content[] + full_content markdown, flags kept', async () => {
		const t = await run(emu, '/shorten', {
			prompt: 'a very detailed oil painting of a quiet harbour at dawn with boats --ar 3:2',
		});
		expect(Object.keys(t).sort()).toEqual(['content', 'full_content', 'task_id', 'task_type']);
		expect(t.task_type).toBe('shorten');
		expect(t.content.length).toBeGreaterThanOrEqual(2);
		for (const c of t.content) expect(c).toMatch(/--ar 3:2$/);
		expect(typeof t.full_content).toBe('string');
		expect(t.full_content).toContain(t.content[0]);
	});

	it('describe: image_url echoed + content[4]', async () => {
		const t = await run(emu, '/describe', {
			image_url: 'https://e.com/red-bicycle.png',
			process_mode: 'turbo',
		});
		expect(Object.keys(t).sort()).toEqual(['content', 'image_url', 'task_id', 'task_type']);
		expect(t).toMatchObject({ task_type: 'describe', image_url: 'https://e.com/red-bicycle.png' });
		expect(t.content).toHaveLength(4);
		expect(t.content[0]).toContain('red bicycle');
	});

	it('seed: {task_type "seed", seed: digits as a string}; --seed is kept; upscales share their grid seed', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x --seed 4242' });
		const s = await run(emu, '/seed', { task_id: grid.task_id });
		expect(s).toEqual({ task_id: s.task_id, task_type: 'seed', seed: '4242' });
		expect(s.task_id).not.toBe(grid.task_id);
		const other = await run(emu, '/imagine', { prompt: 'no seed given' });
		const up = await run(emu, '/upscale-1x', { parent_task_id: other.task_id, index: 1 });
		const [a, b] = [
			await run(emu, '/seed', { task_id: other.task_id }),
			await run(emu, '/seed', { task_id: up.task_id }),
		];
		expect(a.seed).toMatch(/^\d+$/);
		expect(b.seed).toBe(a.seed);
	});
});

describe('video endpoints', () => {
	it('imagine-video and imagine-video-extend give video_urls[4]', async () => {
		const v = await run(emu, '/imagine-video', {
			prompt: 'waves',
			image_url: 'https://e.com/start.png',
			motion: 'high',
		});
		expect(Object.keys(v).sort()).toEqual(['task_id', 'task_type', 'video_urls']);
		expect(v.task_type).toBe('imagine-video');
		expect(v.video_urls).toHaveLength(4);
		for (const u of v.video_urls) expect(u).toMatch(/\/cdn\/videos\/[0-9a-f-]{36}\/[1-4]\.mp4$/);
		const e = await run(emu, '/imagine-video-extend', {
			parent_task_id: v.task_id,
			index: 2,
			prompt: 'more waves',
		});
		expect(e.task_type).toBe('imagine-video-extend');
		expect(e.video_urls).toHaveLength(4);
		expect(
			(
				await run(emu, '/imagine-video-extend', {
					parent_task_id: e.task_id,
					index: '4',
					prompt: 'and more',
				})
			).video_urls,
		).toHaveLength(4);
	});

	it('videoShape "videoUrl" gives one videoUrl string instead', async () => {
		emu.configure({ videoShape: 'videoUrl' });
		const v = await run(emu, '/imagine-video', {
			prompt: 'waves',
			image_url: 'https://e.com/start.png',
		});
		expect(Object.keys(v).sort()).toEqual(['task_id', 'task_type', 'videoUrl']);
		expect(v.videoUrl).toMatch(/\/1\.mp4$/);
	});
});

describe('credits (§6) and GET /account', () => {
	it('GET /account answers {email, credits, total_images, plan}', async () => {
		const r = await call(emu, 'GET', '/account');
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			email: 'emulator@apiframe.test',
			credits: 100_000,
			total_images: 0,
			plan: 'pro',
		});
	});

	it('each endpoint costs what §6 says; turbo doubles generation tasks', async () => {
		const { grid, up } = await upscaled(); // 4 + 2
		const cost = async (path: string, body: unknown) => {
			const before = await credits();
			await waitEnd(emu, await submit(emu, path, body));
			return before - (await credits());
		};
		const g = grid.task_id;
		const u = up.task_id;
		const img = 'https://e.com/a.png';
		expect({
			imagine: await cost('/imagine', { prompt: 'x' }),
			imagineTurbo: await cost('/imagine', { prompt: 'x', process_mode: 'turbo' }),
			imagineFast: await cost('/imagine', { prompt: 'x', process_mode: 'fast' }),
			blend: await cost('/blend', { image_urls: [img, img] }),
			reroll: await cost('/reroll', { parent_task_id: g }),
			variations: await cost('/variations', { parent_task_id: g, index: 1 }),
			outpaint: await cost('/outpaint', { parent_task_id: u, zoom_ratio: '2' }),
			pan: await cost('/pan', { parent_task_id: u, direction: 'up' }),
			panTurbo: await cost('/pan', { parent_task_id: u, direction: 'up', process_mode: 'turbo' }),
			inpaint: await cost('/inpaint', { parent_task_id: u, mask: 'https://e.com/mask.png' }),
			upscaleCreative: await cost('/upscale-alt', { parent_task_id: u, type: 'creative' }),
			describe: await cost('/describe', { image_url: img }),
			describeTurbo: await cost('/describe', { image_url: img, process_mode: 'turbo' }),
			shorten: await cost('/shorten', { prompt: 'a b c' }),
			seed: await cost('/seed', { task_id: g }),
			upscale1x: await cost('/upscale-1x', { parent_task_id: g, index: 1 }),
			faceswap: await cost('/faceswap', { target_image_url: img, swap_image_url: img }),
			highres4x: await cost('/upscale-highres', { image_url: img, type: '4x' }),
			highres2x: await cost('/upscale-highres', { image_url: img, type: '2x' }),
		}).toEqual({
			imagine: 4,
			imagineTurbo: 8,
			imagineFast: 4,
			blend: 4,
			reroll: 4,
			variations: 4,
			outpaint: 4,
			pan: 4,
			panTurbo: 8,
			inpaint: 4,
			upscaleCreative: 4,
			describe: 2,
			describeTurbo: 2,
			shorten: 2,
			seed: 2,
			upscale1x: 2,
			faceswap: 2,
			highres4x: 2,
			highres2x: 1,
		});
	});

	it('total_images counts images of finished tasks; process_mode is recorded on the task', async () => {
		const id = await submit(emu, '/imagine', { prompt: 'x', process_mode: 'turbo' });
		expect(emu.tasks.get(id)?.processMode).toBe('turbo');
		const grid = await waitEnd(emu, id);
		await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 });
		await run(emu, '/shorten', { prompt: 'x y' });
		expect((await call(emu, 'GET', '/account')).json.total_images).toBe(5);
	});

	it('not enough credits: 402 {"errors":[{"msg"}]}, nothing created or charged (our choice)', async () => {
		emu.setCredits(3);
		const r = await post(emu, '/imagine', { prompt: 'x' });
		expect(r.status).toBe(402);
		expect(r.json.errors[0].msg).toMatch(/credits/i);
		expect(emu.tasks.size).toBe(0);
		expect(await credits()).toBe(3);
		expect((await post(emu, '/shorten', { prompt: 'x y' })).status).toBe(200);
		expect(await credits()).toBe(1);
	});
});
