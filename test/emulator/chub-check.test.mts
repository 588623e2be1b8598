// Chub emulator: the /check lifecycle in every check shape, failures per shape, request_type
// strictness, refunds, statusReads.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { check, isRunning, pollCheck, submit, call, type Json } from './chub/client.mts';
import { CHECK_SHAPE_NAMES, FAIL_MARKER, GENERATION_KINDS, startChubEmulator, type ChubEmulator, type CheckShape } from './chub/index.mts';

let emu: ChubEmulator;

beforeAll(async () => {
	emu = await startChubEmulator({ jobDurationMs: 150 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

/** Expected finished answers per shape (url = the file URL, uuid, seed of the generation). */
function expectedDone(shape: CheckShape, uuid: string, url: string, seed: number): Json {
	switch (shape) {
		case 'is_done':
			return { generation_uuid: uuid, is_done: true, is_failed: false, primary_media_url: url };
		case 'url':
			return { url, seed };
		case 'primary_image_path':
			return { generation_uuid: uuid, primary_image_path: url };
		case 'image_url':
			return { generation_uuid: uuid, image_url: url };
		case 'status':
			return { generation_uuid: uuid, status: 'completed', url };
	}
}

function expectedFailed(shape: CheckShape, uuid: string, error: string): Json {
	switch (shape) {
		case 'is_done':
			return { generation_uuid: uuid, is_done: true, is_failed: true, primary_media_url: null };
		case 'url':
			return { url: null, seed: null, error };
		case 'primary_image_path':
			return { generation_uuid: uuid, primary_image_path: null, error };
		case 'image_url':
			return { generation_uuid: uuid, image_url: null, error };
		case 'status':
			return { generation_uuid: uuid, status: 'failed', error };
	}
}

describe('lifecycle in every check shape', () => {
	it('lists exactly the five shapes', () => {
		expect(CHECK_SHAPE_NAMES).toEqual(['is_done', 'url', 'primary_image_path', 'image_url', 'status']);
	});

	// One emulator per shape, so the shapes run side by side.
	it.concurrent.for(CHECK_SHAPE_NAMES)('%s: running answers count queue_length down, then the finished shape', async (shape, { expect, onTestFinished }) => {
		const emu = await startChubEmulator({ checkShape: shape, jobDurationMs: 300 });
		onTestFinished(() => emu.close());
		const sub = await submit(emu, '/images/text2img', { prompt: 'a fox', seed: 77 });
		const seen = await pollCheck(emu, sub, 'text2img');
		const running = seen.filter(isRunning);
		expect(sub.queue_length).toBe(3);
		expect(running.length).toBeGreaterThan(0);
		const queue = running.map((a) => a.queue_length as number);
		expect(queue.every((q) => q >= 0 && q <= 3)).toBe(true);
		expect(queue).toEqual([...queue].sort((a, b) => b - a)); // never goes up
		// The processing window (last 20%, queue_length 0) is short: check it on the clock, not by polling luck.
		const g = emu.generations.get(sub.generation_uuid)!;
		const at = (f: number) => g.phase(g.createdAt + f * 300);
		expect([0, 0.3, 0.6, 0.85, 1].map((f) => [at(f).state, at(f).queueLength])).toEqual([
			['queued', 3],
			['queued', 2],
			['queued', 1],
			['processing', 0],
			['completed', 0],
		]);
		for (const a of running) {
			expect(a).toMatchObject({ generation_uuid: sub.generation_uuid, cost: 25 });
			if (shape === 'is_done') expect(a).toMatchObject({ is_done: false, is_failed: false });
			if (shape === 'status') expect(['queued', 'processing']).toContain(a.status);
		}
		if (shape === 'status') expect(running.map((a) => a.status)).toContain('queued');
		const url = `${emu.url}/cdn/images/${sub.generation_uuid}.png`;
		expect(seen.at(-1)).toEqual(expectedDone(shape, sub.generation_uuid, url, 77));
		// Finished answers are stable.
		expect((await check(emu, sub, 'text2img')).json).toEqual(seen.at(-1));
	});

	it.concurrent.for(CHECK_SHAPE_NAMES)('%s: a failed generation (fail-job fault) in that shape', async (shape, { expect, onTestFinished }) => {
		const emu = await startChubEmulator({ checkShape: shape, jobDurationMs: 150 });
		onTestFinished(() => emu.close());
		emu.addFault({ kind: 'fail-job', path: '/images/text2img', message: 'GPU on fire' });
		const sub = await submit(emu, '/images/text2img', { prompt: 'x' });
		const last = (await pollCheck(emu, sub, 'text2img')).at(-1);
		expect(last).toEqual(expectedFailed(shape, sub.generation_uuid, 'GPU on fire'));
	});

	it('the result URL is absolute and uses publicUrl when given; the seed comes from the request or the uuid', async () => {
		const pub = await startChubEmulator({ jobDurationMs: 0, publicUrl: 'http://emulator.test:9/', checkShape: 'url' });
		try {
			const sub = await submit(pub, '/video', { prompt: 'x' });
			const done = (await check(pub, sub, 'video')).json;
			expect(done.url).toBe(`http://emulator.test:9/cdn/videos/${sub.generation_uuid}.mp4`);
			expect(Number.isInteger(done.seed)).toBe(true);
		} finally {
			await pub.close();
		}
	});

	it('setJobDurationMs applies to later submits; queueLength 0 answers 0 throughout', async () => {
		const quick = await startChubEmulator({ jobDurationMs: 10_000, queueLength: 0 });
		try {
			const slow = await submit(quick, '/foley', { prompt: 'x' });
			quick.setJobDurationMs(0);
			const fast = await submit(quick, '/foley', { prompt: 'y' });
			expect(slow.queue_length).toBe(0);
			expect((await check(quick, slow, 'foley')).json).toMatchObject({ is_done: false, queue_length: 0 });
			expect((await check(quick, fast, 'foley')).json).toMatchObject({ is_done: true });
		} finally {
			await quick.close();
		}
	});
});

describe('failures and credits', () => {
	it(`${FAIL_MARKER} in a prompt or transcript fails the generation; its cost is refunded once it ends`, async () => {
		const start = emu.credits;
		const sub = await submit(emu, '/tts', { transcript: `say it ${FAIL_MARKER}` });
		expect(emu.credits).toBe(start - 25);
		const last = (await pollCheck(emu, sub, 'tts')).at(-1);
		expect(last).toMatchObject({ is_done: true, is_failed: true });
		expect(emu.credits).toBe(start);
		const ok = await submit(emu, '/tts', { transcript: 'fine' });
		await pollCheck(emu, ok, 'tts');
		expect(emu.credits).toBe(start - 25);
	});

	it('unknown generation → 404 in the 4xx shape', async () => {
		const r = await call(emu, 'POST', '/check', { body: { generation_uuid: 'no-such', cost: 0, queue_length: 0, request_type: 'text2img' } });
		expect([r.status, r.json]).toEqual([404, { error: 'Generation no-such not found', errorCode: 404, code: 0 }]);
	});
});

describe('request_type', () => {
	const submitAll = async () => {
		const out: [string, Json][] = [];
		const bodies: Record<string, Json> = {
			'/images/text2img': { prompt: 'x' },
			'/images/img2img': { prompt: 'x', init_image: 'https://e.com/a.png' },
			'/images/animate': { init_image: 'https://e.com/a.png' },
			'/video': { prompt: 'x' },
			'/images/upscale': { image: 'https://e.com/a.png' },
			'/images/inpaint': { prompt: 'x', image: 'https://e.com/a.png', mask: 'https://e.com/m.png' },
			'/images/removebg_mask': { image: 'https://e.com/a.png' },
			'/music': { prompt: 'x' },
			'/tts': { transcript: 'x' },
			'/foley': { prompt: 'x' },
		};
		for (const [path, body] of Object.entries(bodies)) out.push([path, await submit(emu, path, body)]);
		return out;
	};

	it('the table: one request_type per endpoint, the cost key, the path tail where no cost key exists', () => {
		const table = Object.fromEntries(Object.values(GENERATION_KINDS).map((k) => [k.endpoint, k.requestType]));
		expect(table).toEqual({
			'/images/text2img': 'text2img',
			'/images/img2img': 'img2img',
			'/images/animate': 'animate',
			'/video': 'video',
			'/images/upscale': 'upscale',
			'/images/inpaint': 'inpaint',
			'/images/removebg_mask': 'removebg',
			'/music': 'music',
			'/tts': 'tts',
			'/foley': 'foley',
		});
	});

	it('strict: each generation accepts its own request_type and refuses every other one (400)', async () => {
		const subs = await submitAll();
		const types = Object.values(GENERATION_KINDS).map((k) => k.requestType);
		for (const [path, sub] of subs) {
			const own = GENERATION_KINDS[path as keyof typeof GENERATION_KINDS].requestType;
			expect((await check(emu, sub, own)).status).toBe(200);
			for (const other of types.filter((t) => t !== own)) {
				const r = await check(emu, sub, other);
				expect(r.status).toBe(400);
				expect(r.json.error).toBe(`request_type "${other}" does not match this generation (expected "${own}")`);
			}
		}
	});

	it('strict: request_type is required (422); lenient: any string or none', async () => {
		const sub = await submit(emu, '/music', { prompt: 'x' });
		const missing = await call(emu, 'POST', '/check', { body: sub });
		expect(missing.status).toBe(422);
		expect(missing.json.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'request_type'] });
		expect((await check(emu, sub, 'TEXT2MUSIC')).status).toBe(400);
		emu.setCheckRequestType('lenient');
		expect((await call(emu, 'POST', '/check', { body: sub })).status).toBe(200);
		expect((await check(emu, sub, 'TEXT2MUSIC')).status).toBe(200);
		expect((await check(emu, sub, 'generate')).status).toBe(200);
		// Types still matter in lenient mode.
		expect((await call(emu, 'POST', '/check', { body: { ...sub, request_type: 5 } })).status).toBe(422);
		expect((await call(emu, 'POST', '/check', { body: { request_type: 'music' } })).json.detail[0].loc).toEqual(['body', 'generation_uuid']);
	});

	it('the option can be set at start', async () => {
		const lenient = await startChubEmulator({ checkRequestType: 'lenient', jobDurationMs: 0 });
		try {
			const sub = await submit(lenient, '/images/upscale', { image: 'https://e.com/a.png' });
			expect((await check(lenient, sub, 'anything')).status).toBe(200);
		} finally {
			await lenient.close();
		}
	});
});

describe('statusReads', () => {
	it('counts POST /check requests naming the generation (whatever their answer)', async () => {
		const a = await submit(emu, '/images/text2img', { prompt: 'a' });
		const b = await submit(emu, '/images/text2img', { prompt: 'b' });
		await check(emu, a, 'text2img');
		await check(emu, a, 'wrong');
		await check(emu, b, 'text2img');
		expect(emu.statusReads(a.generation_uuid)).toBe(2);
		expect(emu.statusReads(b.generation_uuid)).toBe(1);
		expect(emu.statusReads('other')).toBe(0);
	});
});
