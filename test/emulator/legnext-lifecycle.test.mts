// Job lifecycle, progress, credits, callbacks (delivery, retry, progress, resend, forge) and reset.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { call, run, sleep, startReceiver, submit, until, waitDone, type Json, type Receiver } from './helpers.mts';
import { startLegnextEmulator, type LegnextEmulator } from './legnext/index.mts';

let emu: LegnextEmulator;
let hook: Receiver;

beforeAll(async () => {
	emu = await startLegnextEmulator({ jobDurationMs: 200, callbackRetryDelayMs: 30 });
	hook = await startReceiver();
});
afterEach(() => {
	emu.reset();
	hook.hits.length = 0;
	hook.answers = [200];
});
afterAll(async () => {
	await emu.close();
	await hook.close();
});

const credits = async () => (await call(emu, 'GET', '/account/balance')).json.data.available_credits as number;

describe('lifecycle', () => {
	it('pending -> staged -> processing (progress rising) -> completed, with meta timestamps', async () => {
		// Long enough that the 10% pending window is seen by polling on a loaded machine too.
		const duration = 3000;
		emu.setJobDurationMs(duration);
		const job = await submit(emu, '/v1/diffusion', { text: 'a slow cat' });
		const seen: Json[] = [];
		for (;;) {
			const j = (await call(emu, 'GET', `/v1/job/${job.job_id}`)).json;
			seen.push(j);
			if (j.status === 'completed') break;
			await sleep(8);
		}
		const order = ['pending', 'staged', 'processing', 'completed'];
		const statuses = [...new Set(seen.map((j) => j.status))];
		expect(statuses).toEqual(order.filter((s) => statuses.includes(s))); // in order, none skipped back
		expect(statuses).toEqual(expect.arrayContaining(['pending', 'processing', 'completed']));
		// The staged window is short (5%): check it on the clock rather than by polling luck.
		const emulated = emu.jobs.get(job.job_id)!;
		const at = (f: number) => emulated.phase(emulated.createdAt + f * duration).status;
		expect([0.05, 0.12, 0.5, 1].map(at)).toEqual(order);
		const progress = seen.map((j) => j.progress as number);
		expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never goes back
		expect(progress.every((p) => Number.isInteger(p) && p >= 0 && p <= 100)).toBe(true);
		expect(seen.filter((j) => j.status === 'processing').some((j) => j.progress > 0 && j.progress < 100)).toBe(true);
		expect(seen.filter((j) => j.status !== 'completed').every((j) => j.progress < 100)).toBe(true);

		const pending = seen[0];
		expect(pending.meta.started_at).toBe('0001-01-01T00:00:00Z');
		const processing = seen.find((j) => j.status === 'processing');
		expect(processing.meta.started_at).not.toBe('0001-01-01T00:00:00Z');
		expect(processing.meta.ended_at).toBe('0001-01-01T00:00:00Z');
		expect(processing.output).toEqual({ image_url: '', image_urls: null, seed: '' });
		const done = seen.at(-1);
		expect(done.progress).toBe(100);
		expect(Date.parse(done.meta.ended_at)).toBeGreaterThanOrEqual(Date.parse(done.meta.created_at));
		expect(emu.jobs.get(job.job_id)?.status).toBe('completed');
	});

	it('setJobDurationMs applies to jobs submitted afterwards', async () => {
		emu.setJobDurationMs(0);
		const job = await submit(emu, '/v1/diffusion', { text: 'instant' });
		expect(job.status).toBe('pending'); // the submit answer is always the pending Job
		expect((await call(emu, 'GET', `/v1/job/${job.job_id}`)).json.status).toBe('completed');
	});
});

describe('credits', () => {
	it('frozen on submit, consumed on completion, refunded on failure ([emulator:fail])', async () => {
		const start = await credits();
		const ok = await submit(emu, '/v1/diffusion', { text: 'fine' });
		const bad = await submit(emu, '/v1/variation', { jobId: (await run(emu, '/v1/diffusion', { text: 'src' })).job_id, imageNo: 0, type: 0, remixPrompt: 'x [emulator:fail]' });
		expect(await credits()).toBe(start - 80 - 80 - 120);
		const failed = await waitDone(emu, bad.job_id);
		await waitDone(emu, ok.job_id);
		expect(failed).toMatchObject({
			status: 'failed',
			output: { image_url: '', image_urls: null, seed: '' },
			meta: { usage: { frozen: 120, consume: 0 } },
			error: { code: 500 },
		});
		expect(failed.error.message).not.toBe('');
		expect(failed.error.raw_message).toContain('[emulator:fail]');
		expect(failed.meta.ended_at).not.toBe('0001-01-01T00:00:00Z');
		expect(await credits()).toBe(start - 80 - 80);
	});

	it('reset restores credits and forgets jobs, requests and callbacks', async () => {
		const held = emu.requests;
		await submit(emu, '/v1/diffusion', { text: 'x' });
		emu.setCredits(5);
		emu.reset();
		expect(emu.jobs.size).toBe(0);
		expect(held).toHaveLength(0); // same array, cleared in place
		expect(await credits()).toBe(1_000_000);
	});
});

describe('callbacks', () => {
	it('POSTs the full job JSON (as Get Task) once finished, with no extra headers', async () => {
		const job = await submit(emu, '/v1/diffusion', { text: 'cb', callback: hook.url });
		await until(() => hook.hits.length === 1);
		const hit = hook.hits[0];
		expect(hit.headers['content-type']).toBe('application/json');
		expect(Object.keys(hit.headers).filter((h) => /secret|signature|api-key|authorization/i.test(h))).toEqual([]);
		const body = JSON.parse(hit.body);
		const read = (await call(emu, 'GET', `/v1/job/${job.job_id}`)).json;
		expect(body).toEqual(read);
		expect(body.config.webhook_config.endpoint).toBe(hook.url);
		expect(emu.callbacks[0]).toMatchObject({ url: hook.url, status: 200, attempt: 1, jobId: job.job_id, event: 'completed', source: 'job' });
	});

	it('failed jobs call back too', async () => {
		emu.addFault({ kind: 'fail-job', path: '/v1/diffusion', message: 'GPU on fire', code: 1234 });
		await submit(emu, '/v1/diffusion', { text: 'x', callback: hook.url });
		await until(() => hook.hits.length === 1);
		expect(JSON.parse(hook.hits[0].body)).toMatchObject({ status: 'failed', error: { code: 1234, message: 'GPU on fire' } });
	});

	it('retries a 500 with doubling delays, then stops at success', async () => {
		hook.answers = [500, 503, 200];
		await submit(emu, '/v1/diffusion', { text: 'retry', callback: hook.url });
		await until(() => hook.hits.length === 3);
		await sleep(100);
		expect(hook.hits).toHaveLength(3);
		expect(emu.callbacks.map((c) => [c.status, c.attempt])).toEqual([
			[500, 1],
			[503, 2],
			[200, 3],
		]);
		const gaps = [emu.callbacks[1].at - emu.callbacks[0].at, emu.callbacks[2].at - emu.callbacks[1].at];
		expect(gaps[0]).toBeGreaterThanOrEqual(28);
		expect(gaps[1]).toBeGreaterThanOrEqual(58);
	});

	it('gives up after callbackRetries and records network errors', async () => {
		await submit(emu, '/v1/diffusion', { text: 'x', callback: 'http://127.0.0.1:1/nowhere' });
		await until(() => emu.callbacks.length === 4, 3000);
		expect(emu.callbacks.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
		expect(emu.callbacks.every((c) => c.status === undefined && typeof c.error === 'string')).toBe(true);
	});

	it('progressCallbacks posts every status change and progress step, in order', async () => {
		const chatty = await startLegnextEmulator({ jobDurationMs: 400, progressCallbacks: true });
		try {
			await submit(chatty, '/v1/diffusion', { text: 'x', callback: hook.url });
			await until(() => hook.hits.some((h) => JSON.parse(h.body).status === 'completed'));
			const events = hook.hits.map((h) => JSON.parse(h.body));
			expect([...new Set(events.map((e) => e.status))]).toEqual(['staged', 'processing', 'completed']);
			const progress = events.map((e) => e.progress);
			expect(progress).toEqual([...progress].sort((a, b) => a - b));
			expect(events.length).toBeGreaterThanOrEqual(6);
		} finally {
			await chatty.close();
		}
	});

	it('resendCallback: duplicates, late and out-of-order statuses, another url', async () => {
		const job = await submit(emu, '/v1/diffusion', { text: 'x', callback: hook.url });
		await until(() => hook.hits.length === 1);
		expect(await emu.resendCallback(job.job_id)).toBe(200);
		expect(await emu.resendCallback(job.job_id, { status: 'processing', delayMs: 20 })).toBe(200);
		const other = await startReceiver([202]);
		try {
			expect(await emu.resendCallback(job.job_id, { status: 'failed', url: other.url })).toBe(202);
			expect(JSON.parse(other.hits[0].body)).toMatchObject({ job_id: job.job_id, status: 'failed', meta: { usage: { consume: 0 } } });
		} finally {
			await other.close();
		}
		const bodies = hook.hits.map((h) => JSON.parse(h.body));
		expect(bodies.map((b) => b.status)).toEqual(['completed', 'completed', 'processing']);
		expect(bodies[1]).toEqual(bodies[0]);
		expect(bodies[2].output.image_urls).toBeNull();
		expect(emu.callbacks.filter((c) => c.source === 'resend')).toHaveLength(3);
	});

	it('deliverCallback sends a raw forged POST with given headers', async () => {
		const status = await emu.deliverCallback(hook.url, { job_id: 'forged', status: 'completed' }, { 'x-evil': '1' });
		expect(status).toBe(200);
		expect(hook.hits[0].headers['x-evil']).toBe('1');
		expect(JSON.parse(hook.hits[0].body)).toEqual({ job_id: 'forged', status: 'completed' });
		expect(await emu.deliverCallback('http://127.0.0.1:1/x', {})).toBe(0);
	});
});
