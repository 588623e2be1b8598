// TNL emulator: image files (real PNGs), protectImages + POST /getImage, fault injection and the control API.
import { networkInterfaces } from 'node:os';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fetchBytes, readPng } from './helpers.mts';
import { parseTnlFaultSpec, startTheNextLegEmulator, type TheNextLegEmulator } from './thenextleg/index.mts';
import { api, grid, press, sleep, submit, waitDone, type Json } from './thenextleg/test-client.mts';

let emu: TheNextLegEmulator;
const SIZE = 12;

beforeAll(async () => {
	emu = await startTheNextLegEmulator({ jobDurationMs: 40, minIntervalMs: 0, imageSize: SIZE });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

/** Pixels of quadrant q (0-3) of a 2x2 grid PNG. */
function quadrant(gridPng: ReturnType<typeof readPng>, q: number): Buffer {
	const half = gridPng.width / 2;
	const rows: Buffer[] = [];
	for (let y = 0; y < half; y++) {
		const start = ((Math.floor(q / 2) * half + y) * gridPng.width + (q % 2) * half) * 3;
		rows.push(gridPng.pixels.subarray(start, start + half * 3));
	}
	return Buffer.concat(rows);
}

describe('files', () => {
	it('grid and images are real PNGs; the grid is the 2x2 of the images; an upscale is its quadrant', async () => {
		const g = await grid(emu);
		const gridFile = await fetchBytes(g.imageUrl);
		expect([gridFile.status, gridFile.headers['content-type'], Number(gridFile.headers['content-length'])]).toEqual([
			200,
			'image/png',
			gridFile.body.length,
		]);
		const gridPng = readPng(gridFile.body); // checks signature, CRCs, IHDR/IDAT/IEND
		expect([gridPng.width, gridPng.height, gridPng.chunks]).toEqual([2 * SIZE, 2 * SIZE, ['IHDR', 'IDAT', 'IEND']]);
		const images = await Promise.all(g.imageUrls.map((u: string) => fetchBytes(u)));
		images.forEach((img, q) => {
			const png = readPng(img.body);
			expect([png.width, png.height]).toEqual([SIZE, SIZE]);
			expect(png.pixels.equals(quadrant(gridPng, q))).toBe(true);
		});
		expect(new Set(images.map((i) => i.body.toString('base64'))).size).toBe(4);

		const up = await press(emu, 'U3', g.buttonMessageId);
		const upFile = await fetchBytes(up.imageUrl);
		expect(upFile.body.equals(images[2].body)).toBe(true);
		expect(emu.downloads.map((d) => d.status)).toEqual([200, 200, 200, 200, 200, 200]);
		expect(emu.requests.every((r) => !r.apiPath.startsWith('/cdn/'))).toBe(true); // downloads are kept apart
	});

	it('files exist only once ready: 404 before, the preview from progress 25; HEAD works; other methods 405', async () => {
		emu.setJobDurationMs(400);
		const id = await submit(emu, '/v2/imagine', { msg: 'slow' });
		const at = (p: string) => `${emu.url}/cdn/${id}/${p}`;
		const msg = emu.messages.get(id)!;
		expect((await fetchBytes(at('grid_0.png'))).status).toBe(404);
		expect((await fetchBytes(at('0_0.png'))).status).toBe(404);
		const early = await fetchBytes(at('progress.png'));
		if (Date.now() < msg.timeOfProgress(25)) expect(early.status).toBe(404); // (unless this machine is very slow)
		expect(msg.hasProgressImage(msg.timeOfProgress(24))).toBe(false);
		await sleep(Math.max(0, msg.timeOfProgress(25) - Date.now()) + 5);
		const preview = await fetchBytes(at('progress.png'));
		expect(preview.status).toBe(200);
		expect(readPng(preview.body).width).toBe(SIZE); // four half-size tiles
		await waitDone(emu, id);
		const head = await fetchBytes(at('0_1.png'), 'HEAD');
		expect([head.status, head.body.length, Number(head.headers['content-length'])]).toEqual([200, 0, expect.any(Number)]);
		expect(Number(head.headers['content-length'])).toBeGreaterThan(50);
		expect((await fetchBytes(at('0_4.png'))).status).toBe(404);
		expect((await fetchBytes(`${emu.url}/cdn/nope/grid_0.png`)).status).toBe(404);
		const post = await request(at('0_1.png'), { method: 'POST' });
		await post.body.dump();
		expect([post.statusCode, post.headers.allow]).toEqual([405, 'GET, HEAD']);
	});

	it('protectImages: plain GETs answer 403 and POST /getImage delivers the same bytes', async () => {
		const g = await grid(emu);
		const plain = await fetchBytes(g.imageUrls[1]);
		emu.setProtectImages(true);
		const refused = await fetchBytes(g.imageUrls[1]);
		expect(refused.status).toBe(403);
		const safe = await api(emu, 'POST', '/getImage', { imgUrl: g.imageUrls[1] });
		expect([safe.status, safe.headers['content-type']]).toEqual([200, 'image/png']);
		expect(safe.bytes.equals(plain.body)).toBe(true);
		expect((await api(emu, 'POST', '/getImage', { imgUrl: g.imageUrl })).bytes.equals(plain.body)).toBe(false);
		expect(emu.requests.at(-1)).toMatchObject({ apiPath: '/getImage', status: 200 });

		expect(await api(emu, 'POST', '/getImage', {})).toMatchObject({
			status: 400,
			json: { success: false, msg: 'Missing required field: imgUrl' },
		});
		expect((await api(emu, 'POST', '/getImage', { imgUrl: 'https://cdn.midjourney.com/x/grid_0.png' })).json.msg).toMatch(
			/this server produced/,
		);
		expect((await api(emu, 'POST', '/getImage', { imgUrl: `${emu.url}/cdn/nope/0_0.png` })).status).toBe(404);
		expect((await api(emu, 'POST', '/getImage', { imgUrl: g.imageUrl }, null)).status).toBe(401);
		expect((await api(emu, 'GET', '/getImage')).status).toBe(405);
	});

	it('publicUrl sets the origin of image URLs, and /getImage accepts it', async () => {
		const pub = await startTheNextLegEmulator({
			jobDurationMs: 0,
			minIntervalMs: 0,
			imageSize: 8,
			publicUrl: 'http://host.docker.internal:4030/',
		});
		try {
			const id = await submit(pub, '/v2/imagine', { msg: 'x' });
			const done = await waitDone(pub, id);
			expect(done.imageUrl).toBe(`http://host.docker.internal:4030/cdn/${id}/grid_0.png`);
			expect((await api(pub, 'POST', '/getImage', { imgUrl: done.imageUrl })).status).toBe(200);
		} finally {
			await pub.close();
		}
	});
});

describe('faults', () => {
	it('status: answered before processing (no message); a 429 carries Retry-After', async () => {
		emu.addFault({ kind: 'status', status: 503, method: 'POST', path: '/v2/imagine' });
		emu.addFault({ kind: 'status', status: 429, path: '/imagine', retryAfter: 7 });
		const a = await api(emu, 'POST', '/v2/imagine', { msg: 'x' });
		expect(a).toMatchObject({ status: 503, json: { success: false, msg: 'Service Unavailable' } });
		const b = await api(emu, 'POST', '/v2/imagine', { msg: 'x' });
		expect([b.status, b.headers['retry-after']]).toEqual([429, '7']);
		expect(emu.messages.size).toBe(0);
		expect((await api(emu, 'POST', '/v2/imagine', { msg: 'x' })).status).toBe(200);
		emu.addFault({ kind: 'status', status: 429, body: { custom: true } });
		const c = await api(emu, 'GET', '/v2/info');
		expect([c.status, c.headers['retry-after'], c.json]).toEqual([429, '1', { custom: true }]);
	});

	it('times and Infinity; prefix paths; method filter; clearFaults', async () => {
		emu.addFault({ kind: 'status', status: 500, path: '/v2/message/', method: 'GET', times: 2 });
		const id = await submit(emu, '/v2/imagine', { msg: 'x' });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await api(emu, 'GET', `/v2/message/${id}`)).status);
		expect(statuses).toEqual([500, 500, 200]);
		emu.addFault({ kind: 'status', status: 502, path: '/v2/info', times: Infinity });
		for (let i = 0; i < 3; i++) expect((await api(emu, 'GET', '/v2/info')).status).toBe(502);
		emu.clearFaults();
		expect((await api(emu, 'GET', '/v2/info')).status).toBe(200);
		expect(() => emu.addFault({ kind: 'status', status: 42 })).toThrow(/HTTP status/);
		expect(() => emu.addFault({ kind: 'fail-job', content: 'NOPE' as never })).toThrow(/Unknown content code/);
	});

	it('delay: processed at once, answered late; reset: no answer and no message; malformed: cut JSON, no message', async () => {
		emu.addFault({ kind: 'delay', ms: 150, path: '/v2/imagine' });
		const started = Date.now();
		const slow = api(emu, 'POST', '/v2/imagine', { msg: 'late' });
		await sleep(40);
		expect(emu.messages.size).toBe(1); // created before the answer
		expect((await slow).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(148);

		emu.addFault({ kind: 'reset', path: '/v2/imagine' });
		await expect(api(emu, 'POST', '/v2/imagine', { msg: 'gone' })).rejects.toThrow();
		expect(emu.requests.at(-1)?.status).toBe(0);

		emu.addFault({ kind: 'malformed', path: '/v2/imagine' });
		const cut = await api(emu, 'POST', '/v2/imagine', { msg: 'cut' });
		expect(cut.status).toBe(200);
		expect(() => JSON.parse(cut.text)).toThrow();
		expect(emu.messages.size).toBe(1);
	});

	it('accept-then-hang: the message is created but the answer never comes (or comes after ms)', async () => {
		emu.addFault({ kind: 'accept-then-hang', path: '/v2/imagine' });
		const abort = AbortSignal.timeout(150);
		await expect(
			request(`${emu.baseUrl}/imagine`, {
				method: 'POST',
				signal: abort,
				headers: { authorization: `Bearer ${emu.token}` },
				body: '{"msg":"hang"}',
			}),
		).rejects.toThrow();
		expect([...emu.messages.values()].map((m) => m.prompt)).toEqual(['hang']);
		await sleep(20);
		expect(emu.requests.at(-1)?.status).toBe(0);
		emu.addFault({ kind: 'accept-then-hang', ms: 60, path: '/v2/imagine' });
		expect((await api(emu, 'POST', '/v2/imagine', { msg: 'slow' })).status).toBe(200);
	});

	it('file faults apply to /cdn paths', async () => {
		const g = await grid(emu);
		emu.addFault({ kind: 'status', status: 500, path: '/cdn/' });
		expect((await fetchBytes(g.imageUrl)).status).toBe(500);
		expect((await fetchBytes(g.imageUrl)).status).toBe(200);
	});

	it('parses the text form', () => {
		expect(parseTnlFaultSpec('POST /v2/imagine status=429 retry-after=2 times=3')).toEqual({
			method: 'POST',
			path: '/v2/imagine',
			kind: 'status',
			status: 429,
			retryAfter: 2,
			times: 3,
		});
		expect(parseTnlFaultSpec('/v2/message/ delay=300 times=inf')).toEqual({
			path: '/v2/message/',
			kind: 'delay',
			ms: 300,
			times: Infinity,
		});
		expect(parseTnlFaultSpec('fail-job=BANNED_PROMPT')).toEqual({ kind: 'fail-job', content: 'BANNED_PROMPT' });
		expect(parseTnlFaultSpec('/imagine fail-job content=QUEUE_FULL times=2')).toEqual({
			path: '/imagine',
			kind: 'fail-job',
			content: 'QUEUE_FULL',
			times: 2,
		});
		expect(parseTnlFaultSpec('accept-then-hang')).toEqual({ kind: 'accept-then-hang' });
		expect(() => parseTnlFaultSpec('fail-job=NOPE')).toThrow(/unknown content code/);
		expect(() => parseTnlFaultSpec('status=500 content=BLOCKED')).toThrow(/goes with fail-job/);
		expect(() => parseTnlFaultSpec('/v2/imagine')).toThrow(/names no kind/);
	});
});

describe('control API', () => {
	const ctl = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => api(emu, method, `/__emulator${path}`, body, null);

	it('lists routes, faults, requests, messages, callbacks and the account', async () => {
		expect((await ctl('GET', '')).json.routes.join('\n')).toMatch(/POST\s+\/__emulator\/content/);
		expect((await ctl('POST', '/faults', 'POST /imagine status=500')).json.faults).toEqual([
			{ method: 'POST', path: '/v2/imagine', kind: 'status', status: 500, times: 1 },
		]);
		expect((await ctl('POST', '/faults', { kind: 'delay', ms: 1, times: 'inf' })).json.faults).toHaveLength(2);
		expect((await ctl('POST', '/faults', { spec: 'nonsense' })).status).toBe(400);
		expect((await ctl('GET', '/faults')).json.faults[1].times).toBe(null); // Infinity in JSON
		expect((await ctl('DELETE', '/faults')).json).toEqual({ faults: [] });

		const id = await submit(emu, '/v2/imagine', { msg: 'look at me' });
		const requests = (await ctl('GET', '/requests')).json.requests as Json[];
		expect(requests.map((r) => [r.method, r.apiPath, r.status, r.messageId])).toEqual([['POST', '/v2/imagine', 200, id]]);
		expect(requests[0].headers.authorization).toBe('[redacted]');
		const listed = (await ctl('GET', '/messages')).json.messages;
		expect(listed).toEqual([expect.objectContaining({ messageId: id, type: 'imagine', kind: 'grid' })]);
		const one = (await ctl('GET', `/messages/${id}`)).json;
		expect(one._emulator).toMatchObject({ kind: 'grid', endpoint: '/v2/imagine', request: { msg: 'look at me' }, final: null });
		expect((await ctl('GET', '/messages/nope')).status).toBe(404);
		expect((await ctl('GET', '/account')).json.account).toMatchObject({ mode: 'Fast', visibility: 'Public' });
		expect((await ctl('GET', '/nope')).status).toBe(404);
	});

	it('config and reset', async () => {
		const r = await ctl('POST', '/config', {
			jobDurationMs: 0,
			minIntervalMs: 0,
			messageShape: 'response',
			protectImages: true,
			fastHours: 2,
		});
		expect(r.json).toEqual({ jobDurationMs: 0, minIntervalMs: 0, messageShape: 'response', protectImages: true });
		expect(emu.account.fastHoursRemaining).toBe(2);
		const id = await submit(emu, '/v2/imagine', { msg: 'x' });
		const done = (await api(emu, 'GET', `/v2/message/${id}`)).json;
		expect(Object.keys(done)).toEqual(['progress', 'response']);
		expect((await fetchBytes(done.response.imageUrl)).status).toBe(403);
		expect((await ctl('POST', '/config', { messageShape: 'flat' })).status).toBe(400);
		expect((await ctl('POST', '/config', { jobDurationMs: -5 })).status).toBe(400);

		expect((await ctl('POST', '/reset')).json).toEqual({ ok: true });
		expect([emu.messages.size, emu.requests.length, emu.account.fastHoursRemaining]).toEqual([0, 0, 15]);
		const again = await submit(emu, '/v2/imagine', { msg: 'y' });
		expect((await api(emu, 'GET', `/v2/message/${again}`)).json.progress).toBeLessThan(100); // 40 ms again
		expect(Object.keys(await waitDone(emu, again))).toContain('imageUrl'); // top-level again
	});

	const outside = Object.values(networkInterfaces())
		.flat()
		.find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
	it.skipIf(!outside)('answers 403 to clients that are not on loopback', async () => {
		const open = await startTheNextLegEmulator({ host: '0.0.0.0', minIntervalMs: 0 });
		try {
			const port = new URL(open.url).port;
			const res = await request(`http://${outside}:${port}/__emulator/reset`, { method: 'POST' });
			expect([res.statusCode, await res.body.json()]).toEqual([
				403,
				{ success: false, msg: 'The control API answers loopback clients only' },
			]);
			const apiRes = await request(`http://${outside}:${port}/v2/info`, { headers: { authorization: `Bearer ${open.token}` } });
			expect(apiRes.statusCode).toBe(200); // the API itself is open to the network
			await apiRes.body.dump();
		} finally {
			await open.close();
		}
	});
});
