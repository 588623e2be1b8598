// APIFRAME emulator webhooks (§5): progress updates and the final result (same body as /fetch),
// x-webhook-secret, retries of the final result, resend (duplicate/late/out-of-order) and forged POSTs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fetchTask, submit } from './apiframe/client.mts';
import { startApiframeEmulator, type ApiframeEmulator } from './apiframe/index.mts';
import { sleep, startReceiver, until, type Json, type Receiver } from './helpers.mts';

let emu: ApiframeEmulator;
let hook: Receiver;

beforeAll(async () => {
	[emu, hook] = await Promise.all([
		startApiframeEmulator({ jobDurationMs: 120, imageSize: 8, webhookRetryDelayMs: 20 }),
		startReceiver(),
	]);
});
afterEach(() => {
	hook.answers = [200];
	hook.hits.splice(0);
	emu.reset();
});
afterAll(() => Promise.all([emu.close(), hook.close()]));

const bodies = () => hook.hits.map((h) => JSON.parse(h.body) as Json);
const isFinal = (b: Json) => 'image_urls' in b || b.status === 'failed' || 'content' in b;
const finalArrived = () => bodies().some(isFinal);

describe('lifecycle webhooks', () => {
	it('POSTs progress updates then the final result, each equal to what /fetch showed, with x-webhook-secret', async () => {
		emu.setJobDurationMs(400); // room for every progress step even on a busy machine
		const id = await submit(emu, '/imagine', {
			prompt: 'hooked',
			webhook_url: hook.url,
			webhook_secret: 'abc123',
		});
		await until(finalArrived);
		await emu.webhooksIdle();
		const got = bodies();
		expect(got.map((b) => b.status)).toEqual([
			'starting',
			'processing',
			'processing',
			'processing',
			'processing',
			undefined,
		]);
		expect(got.slice(1, 5).map((b) => b.percentage)).toEqual(['0', '25', '50', '75']);
		for (const h of hook.hits) {
			expect(h.headers['x-webhook-secret']).toBe('abc123');
			expect(h.headers['content-type']).toBe('application/json');
			expect(h.headers.authorization).toBeUndefined();
			expect(h.path).toBe('/hook');
		}
		expect(got.at(-1)).toEqual(await fetchTask(emu, id));
		expect(emu.callbacks.map((c) => c.event)).toEqual([
			'starting',
			'processing',
			'processing',
			'processing',
			'processing',
			'finished',
		]);
		expect(
			emu.callbacks.every(
				(c) => c.source === 'task' && c.taskId === id && c.attempt === 1 && c.status === 200,
			),
		).toBe(true);
		expect(emu.callbacks[0].headers['x-webhook-secret']).toBe('[redacted]');
		expect(JSON.stringify(emu.tasks.get(id)?.request)).not.toContain('abc123');
	});

	it('no webhook_secret -> no x-webhook-secret header; progressWebhooks false -> the final result only', async () => {
		emu.configure({ progressWebhooks: false });
		await submit(emu, '/shorten', { prompt: 'a b c', webhook_url: hook.url });
		await until(finalArrived);
		await sleep(30);
		expect(hook.hits).toHaveLength(1);
		expect(hook.hits[0].headers['x-webhook-secret']).toBeUndefined();
		expect(bodies()[0]).toMatchObject({ task_type: 'shorten', content: expect.any(Array) });
	});

	it('failed tasks post the failure body; the finished shape posts status "finished"', async () => {
		emu.configure({ progressWebhooks: false, finalShape: 'finished' });
		await submit(emu, '/imagine', { prompt: 'x [emulator:fail]', webhook_url: hook.url });
		await submit(emu, '/imagine', { prompt: 'fine', webhook_url: hook.url });
		await until(() => hook.hits.length === 2);
		await emu.webhooksIdle();
		const byStatus = Object.fromEntries(bodies().map((b) => [b.status, b]));
		expect(byStatus.failed).toMatchObject({ status: 'failed', message: expect.any(String) });
		expect(byStatus.finished).toMatchObject({ status: 'finished', percentage: 100 });
		expect(emu.callbacks.map((c) => c.event).sort()).toEqual(['failed', 'finished']);
	});

	it('a final result without a 2xx is retried with doubling delays; progress updates are not retried', async () => {
		hook.answers = [500, 500, 503, 200];
		emu.setJobDurationMs(400);
		await submit(emu, '/imagine', {
			prompt: 'retry me',
			webhook_url: hook.url,
			webhook_secret: 's',
		});
		await until(finalArrived);
		await emu.webhooksIdle();
		const finals = emu.callbacks.filter((c) => c.event === 'finished');
		const progress = emu.callbacks.filter((c) => c.event !== 'finished');
		expect(progress.map((c) => c.attempt)).toEqual(progress.map(() => 1)); // 500s included: sent once
		expect(progress.slice(0, 3).map((c) => c.status)).toEqual([500, 500, 503]);
		expect(finals.map((c) => [c.attempt, c.status])).toEqual([[1, 200]]);

		emu.reset();
		hook.hits.length = 0;
		emu.configure({ progressWebhooks: false });
		hook.answers = [500, 502, 200];
		await submit(emu, '/shorten', { prompt: 'x', webhook_url: hook.url, webhook_secret: 's' });
		await until(() => hook.hits.length === 3);
		await emu.webhooksIdle();
		expect(emu.callbacks.map((c) => [c.attempt, c.status])).toEqual([
			[1, 500],
			[2, 502],
			[3, 200],
		]);
		const gaps = [
			emu.callbacks[1].at - emu.callbacks[0].at,
			emu.callbacks[2].at - emu.callbacks[1].at,
		];
		expect(gaps[0]).toBeGreaterThanOrEqual(18);
		expect(gaps[1]).toBeGreaterThanOrEqual(38);
		expect(hook.hits.every((h) => h.headers['x-webhook-secret'] === 's')).toBe(true);
	});

	it('gives up after webhookRetries (default 3) and records network errors', async () => {
		emu.configure({ progressWebhooks: false });
		await submit(emu, '/shorten', { prompt: 'x', webhook_url: 'http://127.0.0.1:1/nowhere' });
		await until(() => emu.callbacks.length === 4, 3000);
		await emu.webhooksIdle();
		expect(emu.callbacks.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
		expect(emu.callbacks.every((c) => c.status === undefined && typeof c.error === 'string')).toBe(
			true,
		);
	});

	it('reset stops pending deliveries of forgotten tasks', async () => {
		emu.configure({ progressWebhooks: false });
		hook.answers = [500];
		await submit(emu, '/shorten', { prompt: 'x', webhook_url: hook.url });
		await until(() => hook.hits.length === 1);
		emu.reset();
		await sleep(200); // without the reset, attempts 2-4 would come at +20, +60 and +140 ms
		expect(hook.hits.length).toBeLessThanOrEqual(2);
		expect(emu.callbacks).toHaveLength(0);
	});
});

describe('test hooks', () => {
	it('resendCallback: duplicate, late, out-of-order, other url, secret override', async () => {
		emu.configure({ progressWebhooks: false });
		const id = await submit(emu, '/imagine', {
			prompt: 'x',
			webhook_url: hook.url,
			webhook_secret: 'abc',
		});
		await until(() => hook.hits.length === 1);
		expect(await emu.resendCallback(id)).toBe(200);
		const t = Date.now();
		expect(await emu.resendCallback(id, { status: 'processing', delayMs: 30 })).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(28);
		expect(await emu.resendCallback(id, { status: 'failed', secret: null })).toBe(200);
		const other = await startReceiver([202]);
		try {
			expect(await emu.resendCallback(id, { url: other.url, secret: 'other' })).toBe(202);
			expect(other.hits[0].headers['x-webhook-secret']).toBe('other');
		} finally {
			await other.close();
		}
		const got = bodies();
		expect(got[1]).toEqual(got[0]);
		expect(got[2]).toMatchObject({
			task_id: id,
			status: 'processing',
			percentage: expect.stringMatching(/^\d+$/),
		});
		expect(got[3]).toMatchObject({ task_id: id, status: 'failed', message: expect.any(String) });
		expect(hook.hits.map((h) => h.headers['x-webhook-secret'])).toEqual([
			'abc',
			'abc',
			'abc',
			undefined,
		]);
		expect(emu.callbacks.filter((c) => c.source === 'resend').map((c) => c.event)).toEqual([
			'finished',
			'processing',
			'failed',
			'finished',
		]);
		await expect(emu.resendCallback('nope')).rejects.toThrow(/No task/);
		const silent = await submit(emu, '/imagine', { prompt: 'no hook' });
		await expect(emu.resendCallback(silent)).rejects.toThrow(/no webhook_url/);
	});

	it('deliverCallback: a raw forged POST with the given headers', async () => {
		const status = await emu.deliverCallback(
			hook.url,
			{ task_id: 'forged', image_urls: [] },
			{ 'x-webhook-secret': 'guess' },
		);
		expect(status).toBe(200);
		expect(hook.hits[0].headers['x-webhook-secret']).toBe('guess');
		expect(JSON.parse(hook.hits[0].body)).toEqual({ task_id: 'forged', image_urls: [] });
		expect(emu.callbacks[0]).toMatchObject({ source: 'forge', status: 200, attempt: 1 });
		expect(await emu.deliverCallback('http://127.0.0.1:1/x', {})).toBe(0);
	});
});
