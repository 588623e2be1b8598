// APIFRAME emulator: fault injection (each kind, matching, times), the rate limit, the /__emulator
// control API, and the parts of the server outside the API.
import { request } from 'undici';
import { describe, expect, it } from 'vitest';

import { account, call, post, run, submit, waitEnd } from './apiframe/client.mts';
import { parseFaultSpec } from './apiframe/index.mts';
import { emulatorForFile } from './apiframe/vitest.mts';
import { startReceiver } from './helpers.mts';

const emu = emulatorForFile({ jobDurationMs: 0, imageSize: 8 });

const credits = async () => (await account(emu)).credits as number;

describe('fault kinds', () => {
	it('status 429: answered before anything else, with Retry-After; used up after `times`', async () => {
		emu.addFault({
			kind: 'status',
			status: 429,
			retryAfter: 2,
			method: 'POST',
			path: '/imagine',
			times: 2,
		});
		for (let i = 0; i < 2; i++) {
			const r = await post(emu, '/imagine', { prompt: 'x' }, { auth: null }); // even before auth
			expect([r.status, r.headers['retry-after']]).toEqual([429, '2']);
			expect(r.json.errors[0].msg).toMatch(/too many/i);
		}
		expect(emu.tasks.size).toBe(0);
		expect((await post(emu, '/imagine', { prompt: 'x' })).status).toBe(200);
		emu.addFault({ kind: 'status', status: 429 });
		expect((await call(emu, 'GET', '/account')).headers['retry-after']).toBe('1'); // default 1 s
	});

	it('5xx answer {} (§6), a custom body, method/path matching ("/" suffix = prefix), Infinity, clearFaults', async () => {
		emu.addFault({ kind: 'status', status: 500, method: 'POST', path: '/fetch' });
		emu.addFault({ kind: 'status', status: 503, path: '/fetch-', times: Infinity });
		emu.addFault({ kind: 'status', status: 502, path: '/upscale-', body: { boom: true } });
		const id = await submit(emu, '/shorten', { prompt: 'x' });
		const a = await post(emu, '/fetch', { task_id: id });
		expect([a.status, a.text]).toEqual([500, '{}']);
		expect((await post(emu, '/fetch', { task_id: id })).status).toBe(200);
		expect((await post(emu, '/fetch-many', { task_ids: [id, id] })).status).toBe(200); // '/fetch-' is exact: no match
		emu.addFault({ kind: 'status', status: 503, path: '/fetch/', times: Infinity });
		expect((await post(emu, '/fetch', { task_id: id })).status).toBe(200); // '/fetch/' prefix: '/fetch' itself is not under it
		emu.clearFaults();
		emu.addFault({ kind: 'status', status: 502, path: '/', times: Infinity }); // every path
		expect((await call(emu, 'GET', '/account')).status).toBe(502);
		expect((await post(emu, '/upscale-1x', {})).status).toBe(502);
		emu.clearFaults();
		expect((await call(emu, 'GET', '/account')).status).toBe(200);
	});

	it('delay: processed at once, answered after ms', async () => {
		emu.addFault({ kind: 'delay', ms: 150, path: '/imagine' });
		const t = Date.now();
		const r = await post(emu, '/imagine', { prompt: 'x' });
		expect(r.status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
		expect(emu.tasks.get(r.json.task_id)?.createdAt).toBeLessThan(t + 100);
	});

	it('reset: the connection drops before processing; recorded with status 0', async () => {
		emu.addFault({ kind: 'reset', path: '/imagine' });
		await expect(post(emu, '/imagine', { prompt: 'x' })).rejects.toThrow();
		expect(emu.tasks.size).toBe(0);
		expect(emu.requests.at(-1)).toMatchObject({ apiPath: '/imagine', status: 0 });
	});

	it('malformed: 200 with cut-off JSON, not processed', async () => {
		emu.addFault({ kind: 'malformed', path: '/imagine' });
		const r = await post(emu, '/imagine', { prompt: 'x' });
		expect(r.status).toBe(200);
		expect(r.json).toBeUndefined();
		expect(r.text.startsWith('{"task_id":')).toBe(true);
		expect(emu.tasks.size).toBe(0);
	});

	it('accept-then-hang: the task is created and charged, the answer never comes in time', async () => {
		emu.addFault({ kind: 'accept-then-hang', path: '/imagine' });
		const before = await credits();
		await expect(
			request(`${emu.baseUrl}/imagine`, {
				method: 'POST',
				headers: { authorization: emu.apiKey, 'content-type': 'application/json' },
				body: JSON.stringify({ prompt: 'x' }),
				signal: AbortSignal.timeout(150),
			}),
		).rejects.toThrow(/timeout|abort/i);
		expect(emu.tasks.size).toBe(1);
		expect(await credits()).toBe(before - 4);
		const [id] = emu.tasks.keys();
		expect((await waitEnd(emu, id)).image_urls).toHaveLength(4);
		emu.addFault({ kind: 'accept-then-hang', ms: 100, path: '/account' });
		const t = Date.now();
		expect((await call(emu, 'GET', '/account')).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(90);
	});

	it('fail-job: the next task created on the path fails with the message and is refunded', async () => {
		emu.addFault({ kind: 'fail-job', path: '/imagine', message: 'Banned prompt detected' });
		const before = await credits();
		await post(emu, '/imagine', {}); // a 400 does not use the rule up
		expect((await run(emu, '/shorten', { prompt: 'x' })).status).toBeUndefined();
		const failed = await run(emu, '/imagine', { prompt: 'x' });
		expect(failed).toEqual({
			task_id: failed.task_id,
			task_type: 'imagine',
			status: 'failed',
			message: 'Banned prompt detected',
		});
		expect(await credits()).toBe(before - 2);
		expect((await run(emu, '/imagine', { prompt: 'y' })).status).toBeUndefined();
	});

	it('faults also apply to result files', async () => {
		const done = await run(emu, '/imagine', { prompt: 'x' });
		emu.addFault({ kind: 'status', status: 503, path: '/cdn/' });
		const r = await request(done.image_urls[0]);
		await r.body.dump();
		expect(r.statusCode).toBe(503);
		emu.addFault({ kind: 'reset', path: '/cdn/' });
		await expect(request(done.image_urls[0])).rejects.toThrow();
		const ok = await request(done.image_urls[0]);
		await ok.body.dump();
		expect(ok.statusCode).toBe(200);
	});

	it('parseFaultSpec reads the CLI text form with APIFRAME paths', () => {
		expect(parseFaultSpec('POST /imagine status=429 retry-after=2 times=1')).toEqual({
			method: 'POST',
			path: '/imagine',
			kind: 'status',
			status: 429,
			retryAfter: 2,
			times: 1,
		});
		expect(parseFaultSpec('/fetch delay=300 times=inf')).toEqual({
			path: '/fetch',
			kind: 'delay',
			ms: 300,
			times: Infinity,
		});
		expect(parseFaultSpec('fail-job message="GPU on fire"')).toEqual({
			kind: 'fail-job',
			message: 'GPU on fire',
		});
	});
});

describe('rate limit', () => {
	it('rateLimitPerSecond: over it -> 429 + Retry-After, after auth; a second later it passes again', async () => {
		emu.configure({ rateLimitPerSecond: 3 });
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await call(emu, 'GET', '/account')).status);
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		const r = await call(emu, 'GET', '/account');
		expect(r.headers['retry-after']).toBe('1');
		expect(r.json).toEqual({ errors: [{ msg: expect.stringMatching(/too many/i) }] });
		expect((await call(emu, 'GET', '/account', undefined, { auth: 'bad' })).status).toBe(401);
		// The window is a rolling second from the first counted request.
		await new Promise((res) => setTimeout(res, emu.requests[0].at + 1010 - Date.now()));
		expect((await call(emu, 'GET', '/account')).status).toBe(200);
	});
});

describe('control API', () => {
	/** The control API needs no key; `call` sends none with auth: null. */
	const control = (method: string, path: string, body?: unknown) =>
		call(emu, method, `/__emulator${path}`, body, { auth: null });

	it('adds (JSON, "Infinity", text spec), lists and clears faults', async () => {
		expect(
			(
				await control('POST', '/faults', {
					kind: 'status',
					status: 429,
					path: '/imagine',
					times: 'Infinity',
				})
			).status,
		).toBe(200);
		expect((await control('POST', '/faults', 'GET /account status=500')).status).toBe(200);
		expect((await control('POST', '/faults', { spec: 'POST /shorten fail-job' })).status).toBe(200);
		expect(((await control('GET', '/faults')).json.faults as unknown[]).length).toBe(3);
		expect((await post(emu, '/imagine', { prompt: 'x' })).status).toBe(429);
		expect((await post(emu, '/imagine', { prompt: 'x' })).status).toBe(429);
		const bad = await control('POST', '/faults', { kind: 'nonsense' });
		expect([bad.status, (bad.json.errors as { msg: string }[])[0].msg]).toEqual([
			400,
			expect.stringMatching(/Unknown fault kind/),
		]);
		expect((await control('POST', '/faults', 'POST /imagine')).status).toBe(400);
		await control('DELETE', '/faults');
		expect((await post(emu, '/imagine', { prompt: 'x' })).status).toBe(200);
	});

	it('config, requests, tasks, callbacks, resend, forge, reset', async () => {
		const config = await control('POST', '/config', {
			jobDurationMs: 0,
			credits: 500,
			finalShape: 'finished',
			videoShape: 'videoUrl',
		});
		expect(config.json).toMatchObject({
			jobDurationMs: 0,
			credits: 500,
			finalShape: 'finished',
			videoShape: 'videoUrl',
			failureShape: 'message',
		});
		expect((await control('POST', '/config', { finalShape: 'whatever' })).status).toBe(400);
		expect((await control('POST', '/config', { jobDurationMs: -5 })).status).toBe(400);
		const hook = await startReceiver();
		try {
			const done = await run(emu, '/imagine', {
				prompt: 'ctl',
				webhook_url: hook.url,
				webhook_secret: 's3',
			});
			expect(done.status).toBe('finished');
			expect(await credits()).toBe(496);
			const detail = (await control('GET', `/tasks/${done.task_id}`)).json as Record<string, never>;
			expect(detail).toMatchObject({
				task_id: done.task_id,
				status: 'finished',
				_emulator: { endpoint: '/imagine', prompt: 'ctl', cost: 4, willFail: false },
			});
			expect(JSON.stringify(detail)).not.toContain('s3');
			expect((await control('GET', '/tasks')).json.tasks).toEqual([
				{
					task_id: done.task_id,
					task_type: 'imagine',
					endpoint: '/imagine',
					status: 'finished',
					percentage: 100,
				},
			]);
			const recorded = (await control('GET', '/requests')).json.requests as {
				headers: Record<string, string>;
			}[];
			expect(recorded.length).toBeGreaterThan(1);
			expect(JSON.stringify(recorded)).not.toContain(emu.apiKey);
			await emu.webhooksIdle();
			expect(((await control('GET', '/callbacks')).json.callbacks as unknown[]).length).toBe(1);
			expect(
				(await control('POST', `/callbacks/${done.task_id}/resend`, { status: 'processing' })).json,
			).toEqual({ status: 200 });
			expect(JSON.parse(hook.hits[1].body)).toMatchObject({ status: 'processing' });
			expect(hook.hits[1].headers['x-webhook-secret']).toBe('s3');
			expect(
				(
					await control('POST', '/callbacks/forge', {
						url: hook.url,
						body: { fake: true },
						headers: { 'x-webhook-secret': 'nope' },
					})
				).json,
			).toEqual({ status: 200 });
			expect(JSON.parse(hook.hits[2].body)).toEqual({ fake: true });
			expect((await control('POST', '/callbacks/forge', {})).status).toBe(400);
			expect((await control('POST', '/callbacks/nope/resend', {})).status).toBe(404);
			expect((await control('GET', '/tasks/nope')).status).toBe(404);
			expect(((await control('GET', '')).json.routes as string[]).length).toBeGreaterThan(5);
			expect((await control('POST', '/reset')).json).toEqual({ ok: true });
			expect(emu.tasks.size).toBe(0);
			expect(await credits()).toBe(100_000);
			expect((await control('GET', '/nothing')).status).toBe(404);
		} finally {
			await hook.close();
		}
	});
});

describe('server', () => {
	it('GET / is an info page outside the API (no auth, not recorded)', async () => {
		const r = await request(`${emu.url}/`);
		expect(r.statusCode).toBe(200);
		expect(((await r.body.json()) as { name: string }).name).toBe('APIFRAME emulator');
		expect(emu.requests).toHaveLength(0);
		expect(emu.baseUrl).toBe(emu.url);
	});
});
