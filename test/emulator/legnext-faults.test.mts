// Fault injection (each kind, matching, times, order) and the /__emulator control API.
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { call, post, run, sleep, startReceiver, submit, waitDone } from './helpers.mts';
import { parseFaultSpec, startLegnextEmulator, type LegnextEmulator } from './legnext/index.mts';

let emu: LegnextEmulator;

beforeAll(async () => {
	emu = await startLegnextEmulator({ jobDurationMs: 100 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const credits = async () => (await call(emu, 'GET', '/account/balance')).json.data.available_credits as number;

describe('fault kinds', () => {
	it('status 429: answered before processing, with Retry-After, then used up', async () => {
		emu.addFault({ kind: 'status', status: 429, retryAfter: 2, method: 'POST', path: '/v1/diffusion' });
		const before = await credits();
		const r = await post(emu, '/v1/diffusion', { text: 'x' });
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBe('2');
		expect(r.json).toMatchObject({ code: 429, raw_message: '', detail: null });
		expect(emu.jobs.size).toBe(0);
		expect(await credits()).toBe(before);
		expect((await post(emu, '/v1/diffusion', { text: 'x' })).status).toBe(200);
	});

	it('status 5xx with a custom body, `times`, Infinity and clearFaults', async () => {
		emu.addFault({ kind: 'status', status: 500, body: { code: 500, message: 'boom', raw_message: 'x', detail: null }, times: 2 });
		const a = await call(emu, 'GET', '/account/balance');
		expect([a.status, a.json.message]).toEqual([500, 'boom']);
		expect(a.headers['retry-after']).toBeUndefined();
		expect((await call(emu, 'GET', '/account/balance')).status).toBe(500);
		expect((await call(emu, 'GET', '/account/balance')).status).toBe(200);

		emu.addFault({ kind: 'status', status: 503, times: Infinity, path: '/account/balance' });
		for (let i = 0; i < 5; i++) expect((await call(emu, 'GET', '/account/balance')).status).toBe(503);
		emu.clearFaults();
		expect((await call(emu, 'GET', '/account/balance')).status).toBe(200);
	});

	it('matches on method and path (exact, "/" prefix, optional /api), rules used in order', async () => {
		const job = await submit(emu, '/v1/diffusion', { text: 'x' });
		emu.addFault({ kind: 'status', status: 502, method: 'GET', path: '/v1/job/' });
		emu.addFault({ kind: 'status', status: 503, path: '/api/v1/job/' });
		expect((await post(emu, '/v1/describe', { imgUrl: 'https://e.com/a.png' })).status).toBe(200);
		expect((await call(emu, 'GET', `/v1/job/${job.job_id}`)).status).toBe(502);
		expect((await call(emu, 'GET', `/v1/job/${job.job_id}`)).status).toBe(503);
		expect((await call(emu, 'GET', `/v1/job/${job.job_id}`)).status).toBe(200);
	});

	it('delay: processed at once, answered late', async () => {
		emu.addFault({ kind: 'delay', ms: 250, path: '/v1/diffusion' });
		const started = Date.now();
		const pending = post(emu, '/v1/diffusion', { text: 'slow' });
		await sleep(80);
		expect(emu.jobs.size).toBe(1);
		const r = await pending;
		expect(r.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
	});

	it('reset: the socket is destroyed before processing; nothing is created', async () => {
		emu.addFault({ kind: 'reset', path: '/v1/diffusion' });
		await expect(post(emu, '/v1/diffusion', { text: 'x' })).rejects.toThrow();
		expect(emu.jobs.size).toBe(0);
		expect(emu.requests[0]).toMatchObject({ apiPath: '/v1/diffusion', status: 0 });
		expect((await post(emu, '/v1/diffusion', { text: 'x' })).status).toBe(200);
	});

	it('malformed: 200 with a body that is not JSON; the request is not processed', async () => {
		emu.addFault({ kind: 'malformed', path: '/v1/diffusion' });
		const r = await post(emu, '/v1/diffusion', { text: 'x' });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toMatch(/application\/json/);
		expect(() => JSON.parse(r.text)).toThrow();
		expect(emu.jobs.size).toBe(0);
	});

	it('accept-then-hang: the job is created and charged, the answer never comes in time', async () => {
		emu.addFault({ kind: 'accept-then-hang', path: '/v1/diffusion' });
		const before = await credits();
		await expect(
			request(`${emu.baseUrl}/v1/diffusion`, {
				method: 'POST',
				headers: { 'x-api-key': emu.apiKey },
				body: JSON.stringify({ text: 'x' }),
				headersTimeout: 200,
			}),
		).rejects.toThrow(/timeout/i);
		expect(emu.jobs.size).toBe(1);
		expect(await credits()).toBe(before - 80);
		const [id] = emu.jobs.keys();
		expect((await waitDone(emu, id)).status).toBe('completed');
	});

	it('accept-then-hang with ms answers after ms', async () => {
		emu.addFault({ kind: 'accept-then-hang', ms: 150 });
		const t = Date.now();
		expect((await call(emu, 'GET', '/account/balance')).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
	});

	it('fail-job: the next job on the path fails with that error and is refunded', async () => {
		emu.addFault({ kind: 'fail-job', path: '/v1/diffusion', message: 'Midjourney refused the job', code: 10001 });
		const before = await credits();
		const other = await run(emu, '/v1/describe', { imgUrl: 'https://e.com/a.png' });
		expect(other.status).toBe('completed');
		const failed = await run(emu, '/v1/diffusion', { text: 'x' });
		expect(failed).toMatchObject({
			status: 'failed',
			error: { code: 10001, message: 'Midjourney refused the job', raw_message: 'Midjourney refused the job' },
			meta: { usage: { frozen: 80, consume: 0 } },
		});
		expect(await credits()).toBe(before - 20);
		expect((await run(emu, '/v1/diffusion', { text: 'y' })).status).toBe('completed');
	});

	it('faults also apply to result files', async () => {
		const done = await run(emu, '/v1/diffusion', { text: 'x' });
		emu.addFault({ kind: 'status', status: 503, path: '/cdn/mj/' });
		const r = await request(done.output.image_urls[0]);
		await r.body.dump();
		expect(r.statusCode).toBe(503);
	});

	it('parseFaultSpec reads the CLI text form', () => {
		expect(parseFaultSpec('POST /v1/diffusion status=429 retry-after=2 times=1')).toEqual({
			method: 'POST',
			path: '/v1/diffusion',
			kind: 'status',
			status: 429,
			retryAfter: 2,
			times: 1,
		});
		expect(parseFaultSpec('/v1/job/ delay=300 times=inf')).toEqual({ path: '/v1/job/', kind: 'delay', ms: 300, times: Infinity });
		expect(parseFaultSpec('fail-job message="GPU on fire" code=7')).toEqual({ kind: 'fail-job', message: 'GPU on fire', code: 7 });
		expect(parseFaultSpec('accept-then-hang=500')).toEqual({ kind: 'accept-then-hang', ms: 500 });
		expect(() => parseFaultSpec('POST /v1/diffusion')).toThrow(/no kind/);
		expect(parseFaultSpec('GET /v1/job/ status=503 probability=0.05 seed=7 times=inf')).toEqual({
			method: 'GET',
			path: '/v1/job/',
			kind: 'status',
			status: 503,
			probability: 0.05,
			seed: 7,
			times: Infinity,
		});
		expect(parseFaultSpec('reset every=4')).toEqual({ kind: 'reset', every: 4 });
	});
});

describe('fault odds (soaks): every, probability, seed, onFire', () => {
	const balance = async () => (await call(emu, 'GET', '/account/balance')).status;

	it('every=N fires on the Nth, 2Nth... matching request; the others pass to the next rule', async () => {
		const fired: string[] = [];
		emu.addFault({ kind: 'status', status: 503, every: 3, times: Infinity, onFire: (hit) => fired.push(`${hit.method} ${hit.path} ${hit.kind}`) });
		emu.addFault({ kind: 'status', status: 502, every: 2, times: 1 });
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) statuses.push(await balance());
		// Rule 1 fires on requests 3 and 6; rule 2 sees 1, 2 (fires on its 2nd), then is used up.
		expect(statuses).toEqual([200, 502, 503, 200, 200, 503, 200]);
		expect(fired).toEqual(['GET /account/balance status', 'GET /account/balance status']);
	});

	it('probability fires on about that share, the same requests for the same seed, without using up times', async () => {
		const run = async () => {
			emu.clearFaults();
			emu.addFault({ kind: 'status', status: 503, probability: 0.25, seed: 42, times: 100, path: '/account/balance' });
			const statuses: number[] = [];
			for (let i = 0; i < 200; i++) statuses.push(await balance());
			return statuses;
		};
		const first = await run();
		const hits = first.filter((s) => s === 503).length;
		expect(hits).toBeGreaterThan(30);
		expect(hits).toBeLessThan(70);
		expect(await run()).toEqual(first);
		// times counts firings only: a rule allowed 3 firings at p=0.5 stays until it fired 3 times.
		emu.clearFaults();
		emu.addFault({ kind: 'reset', probability: 0.5, seed: 1, times: 3, path: '/account/balance' });
		let resets = 0;
		for (let i = 0; i < 60; i++) {
			const r = await request(`${emu.baseUrl}/account/balance`, { headers: { 'x-api-key': emu.apiKey } }).then(
				async (res) => (await res.body.dump(), res.statusCode),
				() => 0,
			);
			if (r === 0) resets++;
		}
		expect(resets).toBe(3);
	});

	it('refuses odds outside their range', () => {
		expect(() => emu.addFault({ kind: 'reset', probability: 0 })).toThrow(/probability/);
		expect(() => emu.addFault({ kind: 'reset', probability: 1.5 })).toThrow(/probability/);
		expect(() => emu.addFault({ kind: 'reset', every: 0 })).toThrow(/every/);
		expect(() => emu.addFault({ kind: 'reset', every: 1.5 })).toThrow(/every/);
	});
});

describe('control API', () => {
	const control = async (method: string, path: string, body?: unknown) => {
		const r = await request(`${emu.url}/__emulator${path}`, {
			method: method as 'GET',
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		return { status: r.statusCode, json: (await r.body.json()) as never as Record<string, never> };
	};

	it('adds, lists and clears faults (JSON, "Infinity", text spec)', async () => {
		expect((await control('POST', '/faults', { kind: 'status', status: 429, path: '/v1/diffusion', times: 'Infinity' })).status).toBe(200);
		expect((await control('POST', '/faults', 'GET /account/balance status=500')).status).toBe(200);
		const listed = (await control('GET', '/faults')).json.faults as unknown[];
		expect(listed).toHaveLength(2);
		expect((await post(emu, '/v1/diffusion', { text: 'x' })).status).toBe(429);
		expect((await control('POST', '/faults', { kind: 'nonsense' })).status).toBe(400);
		await control('DELETE', '/faults');
		expect((await post(emu, '/v1/diffusion', { text: 'x' })).status).toBe(200);
	});

	it('config, requests, jobs, callbacks, resend, forge, reset', async () => {
		expect((await control('POST', '/config', { jobDurationMs: 30, credits: 5000 })).json).toEqual({ jobDurationMs: 30, credits: 5000 });
		const hook = await startReceiver();
		try {
			const job = await run(emu, '/v1/diffusion', { text: 'ctl --v 7 --draft', callback: hook.url });
			expect(await credits()).toBe(4920);
			const detail = (await control('GET', `/jobs/${job.job_id}`)).json as Record<string, never>;
			expect(detail).toMatchObject({ job_id: job.job_id, status: 'completed', _emulator: { version: '7', draft: true, prompt: 'ctl --v 7 --draft' } });
			expect(((await control('GET', '/jobs')).json.jobs as unknown[]).length).toBe(1);
			expect(((await control('GET', '/requests')).json.requests as unknown[]).length).toBeGreaterThan(0);
			await sleep(50);
			expect(((await control('GET', '/callbacks')).json.callbacks as unknown[]).length).toBe(1);
			expect((await control('POST', `/callbacks/${job.job_id}/resend`, { status: 'processing' })).json).toEqual({ status: 200 });
			expect(JSON.parse(hook.hits[1].body).status).toBe('processing');
			expect((await control('POST', '/callbacks/forge', { url: hook.url, body: { fake: true } })).json).toEqual({ status: 200 });
			expect(JSON.parse(hook.hits[2].body)).toEqual({ fake: true });
			expect((await control('POST', '/callbacks/nope/resend', {})).status).toBe(404);
			expect((await control('POST', '/reset')).json).toEqual({ ok: true });
			expect(emu.jobs.size).toBe(0);
			expect((await control('GET', '/nothing')).status).toBe(404);
		} finally {
			await hook.close();
		}
	});
});
