// APIFRAME emulator: auth (§1), the 400 {"errors":[{"msg"}]} shape naming the field (§6), every
// endpoint's field rules, parent-task rules (§3 notes), /fetch and /fetch-many, routing.
import { describe, expect, it } from 'vitest';

import { call, post, run, submit } from './apiframe/client.mts';
import { startApiframeEmulator } from './apiframe/index.mts';
import { emulatorForFile } from './apiframe/vitest.mts';

const emu = emulatorForFile({ jobDurationMs: 0, imageSize: 8 });

/** Expects exactly 400 {"errors":[{"msg": <matching>}]} and no task created. */
async function rejects(path: string, body: unknown, msg: RegExp) {
	const before = emu.tasks.size;
	const r = await post(emu, path, body);
	expect({ path, status: r.status }).toEqual({ path, status: 400 });
	expect(Object.keys(r.json)).toEqual(['errors']);
	expect(r.json.errors).toHaveLength(1);
	expect(Object.keys(r.json.errors[0])).toEqual(['msg']);
	expect(r.json.errors[0].msg).toMatch(msg);
	expect(emu.tasks.size).toBe(before);
}

const URL_A = 'https://e.com/a.png';

describe('auth (§1)', () => {
	it('raw key passes; missing, wrong or Bearer keys get 401 {}', async () => {
		expect((await post(emu, '/imagine', { prompt: 'x' })).status).toBe(200);
		for (const auth of [
			null,
			'nope',
			`Bearer ${emu.apiKey}`,
			`bearer ${emu.apiKey}`,
			`x${emu.apiKey}`,
			'',
		]) {
			const r = await post(emu, '/imagine', { prompt: 'x' }, { auth });
			expect({ auth, status: r.status, text: r.text }).toEqual({ auth, status: 401, text: '{}' });
		}
		expect((await call(emu, 'GET', '/account', undefined, { auth: 'nope' })).status).toBe(401);
		expect(emu.tasks.size).toBe(1);
		expect(emu.requests.map((r) => r.auth)).toEqual([
			'raw',
			'missing',
			'wrong',
			'bearer',
			'bearer',
			'wrong',
			'missing',
			'wrong',
		]);
		expect(JSON.stringify(emu.requests)).not.toContain(emu.apiKey);
	});

	it('acceptBearer (option or configure) lets "Bearer <key>" in; a wrong Bearer key is still 401', async () => {
		emu.configure({ acceptBearer: true });
		expect(
			(await post(emu, '/imagine', { prompt: 'x' }, { auth: `Bearer ${emu.apiKey}` })).status,
		).toBe(200);
		expect((await post(emu, '/imagine', { prompt: 'x' }, { auth: 'Bearer nope' })).status).toBe(
			401,
		);
		const strict = await startApiframeEmulator({ acceptBearer: true, apiKey: 'k2' });
		try {
			expect((await post(strict, '/shorten', { prompt: 'x' }, { auth: 'Bearer k2' })).status).toBe(
				200,
			);
		} finally {
			await strict.close();
		}
	});

	it('auth comes before validation and routing', async () => {
		expect((await post(emu, '/imagine', {}, { auth: null })).status).toBe(401);
		expect((await post(emu, '/nowhere', {}, { auth: null })).status).toBe(401);
	});
});

describe('bodies and routing', () => {
	it('malformed JSON, a non-object body, a non-JSON Content-Type', async () => {
		await rejects('/imagine', '{"prompt": ', /malformed JSON/);
		await rejects('/imagine', '[1,2]', /JSON object/);
		const r = await post(emu, '/imagine', 'prompt=x', {
			contentType: 'application/x-www-form-urlencoded',
		});
		expect([r.status, r.json.errors[0].msg]).toEqual([
			400,
			expect.stringMatching(/Content-Type: application\/json/),
		]);
		await rejects('/imagine', '', /prompt is required/);
		expect(
			(
				await post(
					emu,
					'/imagine',
					{ prompt: 'x' },
					{ contentType: 'application/json; charset=utf-8' },
				)
			).status,
		).toBe(200);
	});

	it('unknown path 404, wrong method 405 with Allow', async () => {
		const r = await post(emu, '/imagine-v7', { prompt: 'x' });
		expect([r.status, r.json.errors[0].msg]).toEqual([404, 'Not found: /imagine-v7']);
		const g = await call(emu, 'GET', '/imagine');
		expect([g.status, g.headers.allow]).toEqual([405, 'POST']);
		expect((await post(emu, '/account', {})).headers.allow).toBe('GET');
		expect((await call(emu, 'GET', '/fetch')).status).toBe(405);
	});

	it('413 above 10 MiB', async () => {
		const r = await post(emu, '/imagine', { prompt: 'x'.repeat(10 * 1024 * 1024 + 10) });
		expect(r.status).toBe(413);
		expect(r.json.errors[0].msg).toMatch(/too large/);
	});
});

describe('common fields', () => {
	it('process_mode fast|turbo only (§7)', async () => {
		await rejects(
			'/imagine',
			{ prompt: 'x', process_mode: 'relax' },
			/process_mode must be one of: fast, turbo/,
		);
		await rejects('/describe', { image_url: URL_A, process_mode: 'Fast' }, /process_mode/);
		await rejects(
			'/blend',
			{ image_urls: [URL_A, URL_A], process_mode: 1 },
			/process_mode must be a string/,
		);
	});

	it('webhook_url must be an http(s) URL; webhook_secret a string', async () => {
		await rejects(
			'/imagine',
			{ prompt: 'x', webhook_url: 'ftp://e.com/h' },
			/webhook_url must be a valid http\(s\) URL/,
		);
		await rejects('/imagine', { prompt: 'x', webhook_url: 'not a url' }, /webhook_url/);
		await rejects(
			'/imagine',
			{ prompt: 'x', webhook_url: 'https://e.com/h', webhook_secret: 12 },
			/webhook_secret must be a string/,
		);
		expect((await post(emu, '/imagine', { prompt: 'x', webhook_url: '' })).status).toBe(200);
	});
});

describe('endpoint fields (§3)', () => {
	it('imagine', async () => {
		await rejects('/imagine', {}, /^prompt is required$/);
		await rejects('/imagine', { prompt: '   ' }, /prompt must not be empty/);
		await rejects('/imagine', { prompt: 42 }, /prompt must be a string/);
		await rejects('/imagine', { prompt: 'x', aspect_ratio: '16/9' }, /aspect_ratio/);
		await rejects('/imagine', { prompt: 'x', aspect_ratio: 1.5 }, /aspect_ratio must be a string/);
	});

	it('imagine-video and imagine-video-extend', async () => {
		await rejects('/imagine-video', { image_url: URL_A }, /prompt is required/);
		await rejects('/imagine-video', { prompt: 'x' }, /image_url is required/);
		await rejects(
			'/imagine-video',
			{ prompt: 'x', image_url: 'e.com/a.png' },
			/image_url must be a valid http\(s\) URL/,
		);
		await rejects(
			'/imagine-video',
			{ prompt: 'x', image_url: URL_A, motion: 'medium' },
			/motion must be one of: low, high/,
		);
		const video = await run(emu, '/imagine-video', { prompt: 'x', image_url: URL_A });
		await rejects(
			'/imagine-video-extend',
			{ parent_task_id: video.task_id, prompt: 'x' },
			/index is required/,
		);
		await rejects(
			'/imagine-video-extend',
			{ parent_task_id: video.task_id, index: 1 },
			/prompt is required/,
		);
		await rejects(
			'/imagine-video-extend',
			{ parent_task_id: video.task_id, index: 5, prompt: 'x' },
			/index must be one of/,
		);
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		await rejects(
			'/imagine-video-extend',
			{ parent_task_id: grid.task_id, index: 1, prompt: 'x' },
			/parent_task_id must be a video task/,
		);
	});

	it('index: "1".."4" or 1..4, nothing else', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		for (const index of [0, 5, '0', '5', '01', ' 1', 1.5, 'one', true, [1]])
			await rejects(
				'/upscale-1x',
				{ parent_task_id: grid.task_id, index },
				/index must be one of "1", "2", "3", "4"/,
			);
		await rejects('/upscale-1x', { parent_task_id: grid.task_id }, /index is required/);
		await rejects(
			'/variations',
			{ parent_task_id: grid.task_id, index: 'medium' },
			/index must be one of "1", "2", "3", "4", "strong", "subtle"/,
		);
		for (const index of [1, '2', 3, '4'])
			expect((await post(emu, '/upscale-1x', { parent_task_id: grid.task_id, index })).status).toBe(
				200,
			);
	});

	it('upscale-alt, upscale-highres', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 });
		await rejects('/upscale-alt', { parent_task_id: up.task_id }, /type is required/);
		await rejects(
			'/upscale-alt',
			{ parent_task_id: up.task_id, type: 'strong' },
			/type must be one of: subtle, creative/,
		);
		await rejects('/upscale-highres', { parent_task_id: up.task_id }, /type is required/);
		await rejects(
			'/upscale-highres',
			{ parent_task_id: up.task_id, type: '8x' },
			/type must be one of: 2x, 4x/,
		);
		await rejects('/upscale-highres', { type: '2x' }, /exactly one of parent_task_id or image_url/);
		await rejects(
			'/upscale-highres',
			{ type: '2x', image_url: URL_A, parent_task_id: up.task_id },
			/exactly one of/,
		);
		await rejects(
			'/upscale-highres',
			{ type: '2x', image_url: 'nope' },
			/image_url must be a valid/,
		);
		await rejects(
			'/upscale-highres',
			{ type: '2x', parent_task_id: grid.task_id },
			/index is required when the parent task has 4 images/,
		);
		await rejects(
			'/upscale-highres',
			{ type: '2x', parent_task_id: up.task_id, index: 1 },
			/index is only allowed when the parent task has 4 images/,
		);
		const shorten = await run(emu, '/shorten', { prompt: 'a b' });
		await rejects(
			'/upscale-highres',
			{ type: '2x', parent_task_id: shorten.task_id },
			/must be a finished image task/,
		);
	});

	it('inpaint mask: PNG data URL or http(s) URL', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 });
		const id = up.task_id;
		await rejects('/inpaint', { parent_task_id: id }, /mask is required/);
		await rejects(
			'/inpaint',
			{ parent_task_id: id, mask: 'iVBORw0KGgo=' },
			/mask must be a data URL/,
		);
		await rejects(
			'/inpaint',
			{ parent_task_id: id, mask: 'data:image/png;base64,not base64!' },
			/mask must be a data URL/,
		);
		await rejects(
			'/inpaint',
			{
				parent_task_id: id,
				mask: `data:image/png;base64,${Buffer.from('GIF89a').toString('base64')}`,
			},
			/does not hold a PNG/,
		);
		await rejects(
			'/inpaint',
			{ parent_task_id: id, mask: 'data:text/plain;base64,aGk=' },
			/mask must be a data URL/,
		);
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString(
			'base64',
		);
		expect(
			(await post(emu, '/inpaint', { parent_task_id: id, mask: `data:image/png;base64,${png}` }))
				.status,
		).toBe(200);
		expect(
			(
				await post(emu, '/inpaint', {
					parent_task_id: id,
					mask: 'https://e.com/mask.png',
					prompt: 'a hat',
				})
			).status,
		).toBe(200);
	});

	it('outpaint zoom_ratio: 1 or (1, 2], number or string; pan direction', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 });
		const id = up.task_id;
		await rejects('/outpaint', { parent_task_id: id }, /zoom_ratio is required/);
		for (const zoom_ratio of [0.5, '0.9', 2.01, '3', 'two', '-1.5', true])
			await rejects(
				'/outpaint',
				{ parent_task_id: id, zoom_ratio },
				/zoom_ratio must be 1 \(make square\) or a number in \(1, 2\]/,
			);
		for (const zoom_ratio of [1, '1', 1.01, '1.5', 2, '2.0'])
			expect((await post(emu, '/outpaint', { parent_task_id: id, zoom_ratio })).status).toBe(200);
		expect([...emu.tasks.values()].slice(-2).map((t) => t.taskType)).toEqual([
			'outpaint-2',
			'outpaint-2',
		]);
		await rejects(
			'/outpaint',
			{ parent_task_id: id, zoom_ratio: 2, aspect_ratio: 'wide' },
			/aspect_ratio/,
		);
		await rejects('/pan', { parent_task_id: id }, /direction is required/);
		await rejects(
			'/pan',
			{ parent_task_id: id, direction: 'north' },
			/direction must be one of: up, down, left, right/,
		);
	});

	it('shorten, describe, blend, seed, faceswap', async () => {
		await rejects('/shorten', {}, /prompt is required/);
		await rejects('/describe', {}, /image_url is required/);
		await rejects(
			'/describe',
			{ image_url: 'javascript:alert(1)' },
			/image_url must be a valid http\(s\) URL/,
		);
		await rejects('/blend', {}, /image_urls is required/);
		await rejects('/blend', { image_urls: URL_A }, /image_urls must be an array/);
		await rejects('/blend', { image_urls: [URL_A] }, /image_urls must hold 2 to 5 items \(got 1\)/);
		await rejects('/blend', { image_urls: Array(6).fill(URL_A) }, /2 to 5 items \(got 6\)/);
		await rejects(
			'/blend',
			{ image_urls: [URL_A, 'nope'] },
			/image_urls\[1\] must be a valid http\(s\) URL/,
		);
		await rejects(
			'/blend',
			{ image_urls: [URL_A, URL_A], dimension: 'wide' },
			/dimension must be one of: square, portrait, landscape/,
		);
		expect(
			(await post(emu, '/blend', { image_urls: Array(5).fill(URL_A), dimension: 'landscape' }))
				.status,
		).toBe(200);
		await rejects('/seed', {}, /task_id is required/);
		await rejects('/faceswap', { target_image_url: URL_A }, /swap_image_url is required/);
		await rejects('/faceswap', { swap_image_url: URL_A }, /target_image_url is required/);
		await rejects(
			'/faceswap',
			{ target_image_url: URL_A, swap_image_url: 'x' },
			/swap_image_url must be a valid/,
		);
	});

	it('reroll needs parent_task_id (the doc sample spells it taskId: not accepted)', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		await rejects('/reroll', { taskId: grid.task_id }, /parent_task_id is required/);
	});
});

describe('parent-task rules (§3 notes)', () => {
	it('unknown parent -> 400 naming the field', async () => {
		await rejects(
			'/upscale-1x',
			{ parent_task_id: 'f0f0f0f0-0000-4000-8000-000000000000', index: 1 },
			/parent_task_id: no task with id f0f0f0f0/,
		);
		await rejects('/seed', { task_id: 'nope' }, /task_id: no task with id nope/);
	});

	it('parent not finished or failed -> 400', async () => {
		emu.setJobDurationMs(5000);
		const pending = await submit(emu, '/imagine', { prompt: 'x' });
		await rejects(
			'/upscale-1x',
			{ parent_task_id: pending, index: 1 },
			/is not finished yet \(status: (staged|pending|starting|processing)\)/,
		);
		await rejects('/reroll', { parent_task_id: pending }, /not finished yet/);
		await rejects('/seed', { task_id: pending }, /not finished yet/);
		emu.setJobDurationMs(0);
		const failed = await run(emu, '/imagine', { prompt: 'x [emulator:fail]' });
		await rejects('/variations', { parent_task_id: failed.task_id, index: 1 }, /task .* failed/);
	});

	it('upscale-alt, inpaint, outpaint, pan and strong/subtle need an upscale-1x parent', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 });
		const creative = await run(emu, '/upscale-alt', {
			parent_task_id: up.task_id,
			type: 'creative',
		});
		for (const parent of [grid.task_id, creative.task_id]) {
			await rejects(
				'/upscale-alt',
				{ parent_task_id: parent, type: 'subtle' },
				/parent_task_id must be an upscale-1x task/,
			);
			await rejects(
				'/inpaint',
				{ parent_task_id: parent, mask: URL_A },
				/must be an upscale-1x task/,
			);
			await rejects(
				'/outpaint',
				{ parent_task_id: parent, zoom_ratio: 2 },
				/must be an upscale-1x task/,
			);
			await rejects(
				'/pan',
				{ parent_task_id: parent, direction: 'up' },
				/must be an upscale-1x task/,
			);
			await rejects(
				'/variations',
				{ parent_task_id: parent, index: 'strong' },
				/must be an upscale-1x task/,
			);
		}
	});

	it('variations, reroll and upscale-1x need a grid parent (imagine/reroll/variations/blend/inpaint/outpaint/pan)', async () => {
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		const up = await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 });
		const text = await run(emu, '/shorten', { prompt: 'x y' });
		const video = await run(emu, '/imagine-video', { prompt: 'x', image_url: URL_A });
		for (const parent of [up.task_id, text.task_id, video.task_id]) {
			await rejects(
				'/upscale-1x',
				{ parent_task_id: parent, index: 1 },
				/parent_task_id must be a finished grid task/,
			);
			await rejects('/reroll', { parent_task_id: parent }, /must be a finished grid task/);
			await rejects(
				'/variations',
				{ parent_task_id: parent, index: 2 },
				/must be a finished grid task/,
			);
		}
		const grids = [
			grid,
			await run(emu, '/blend', { image_urls: [URL_A, URL_A] }),
			await run(emu, '/reroll', { parent_task_id: grid.task_id }),
			await run(emu, '/variations', { parent_task_id: grid.task_id, index: 1 }),
			await run(emu, '/inpaint', { parent_task_id: up.task_id, mask: URL_A }),
			await run(emu, '/outpaint', { parent_task_id: up.task_id, zoom_ratio: 2 }),
			await run(emu, '/pan', { parent_task_id: up.task_id, direction: 'left' }),
		];
		for (const g of grids)
			expect((await post(emu, '/upscale-1x', { parent_task_id: g.task_id, index: 4 })).status).toBe(
				200,
			);
	});

	it('seed reads Midjourney image tasks only', async () => {
		const text = await run(emu, '/describe', { image_url: URL_A });
		await rejects(
			'/seed',
			{ task_id: text.task_id },
			/task_id must be a finished Midjourney image task/,
		);
	});
});

describe('/fetch and /fetch-many', () => {
	it('/fetch needs a known task_id', async () => {
		await rejects('/fetch', {}, /task_id is required/);
		await rejects('/fetch', { task_id: 7 }, /task_id must be a string/);
		await rejects('/fetch', { task_id: 'missing' }, /task_id: no task with id missing/);
	});

	it('/fetch-many: 2-20 ids, {tasks:[…]} in the order asked; unknown ids -> 400 naming them', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 21; i++) ids.push(await submit(emu, '/shorten', { prompt: `p${i}` }));
		await rejects('/fetch-many', {}, /task_ids is required/);
		await rejects(
			'/fetch-many',
			{ task_ids: [ids[0]] },
			/task_ids must hold 2 to 20 items \(got 1\)/,
		);
		await rejects('/fetch-many', { task_ids: ids }, /2 to 20 items \(got 21\)/);
		await rejects('/fetch-many', { task_ids: ids[0] }, /task_ids must be an array/);
		await rejects(
			'/fetch-many',
			{ task_ids: [ids[0], 'ghost'] },
			/task_ids: no task with id ghost/,
		);
		const r = await post(emu, '/fetch-many', { task_ids: [ids[3], ids[1], ids[2]] });
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual(['tasks']);
		expect(r.json.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([
			ids[3],
			ids[1],
			ids[2],
		]);
		const one = await post(emu, '/fetch', { task_id: ids[1] });
		expect(r.json.tasks[1]).toEqual(one.json);
		expect(
			(await post(emu, '/fetch-many', { task_ids: ids.slice(0, 20) })).json.tasks,
		).toHaveLength(20);
	});

	it('statusReads counts answered reads per task; statusReadCalls counts requests', async () => {
		const [a, b] = [
			await submit(emu, '/shorten', { prompt: 'a' }),
			await submit(emu, '/shorten', { prompt: 'b' }),
		];
		await post(emu, '/fetch', { task_id: a });
		await post(emu, '/fetch', { task_id: a });
		await post(emu, '/fetch-many', { task_ids: [a, b, a] });
		await post(emu, '/fetch-many', { task_ids: [b, 'ghost'] }); // 400: not a read
		await post(emu, '/fetch', { task_id: a }, { auth: 'wrong' }); // 401: not a read
		expect([emu.statusReads(a), emu.statusReads(b), emu.statusReads('ghost')]).toEqual([3, 1, 0]);
		expect(emu.statusReadCalls()).toEqual({ fetch: 3, fetchMany: 2 });
	});
});
