// TNL emulator: webhooks (§8) — the message object POSTed to webhookOverride or the dashboard webhook, ref
// echoed, no signature, retries, progress and notice bodies, resends (duplicate, late, out of order) and forgeries.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startReceiver, until, type Receiver } from './helpers.mts';
import { startTheNextLegEmulator, type TheNextLegEmulator } from './thenextleg/index.mts';
import { api, run, submit, waitDone, type Json } from './thenextleg/test-client.mts';

let emu: TheNextLegEmulator;
let hook: Receiver;

beforeAll(async () => {
	[emu, hook] = await Promise.all([
		startTheNextLegEmulator({ jobDurationMs: 60, minIntervalMs: 0, imageSize: 8, webhookRetryDelayMs: 40 }),
		startReceiver(),
	]);
});
afterEach(() => {
	emu.reset(); // forgets messages, so no retry of this test's webhooks reaches the next one
	hook.hits.splice(0);
	hook.answers = [200];
});
afterAll(() => Promise.all([emu.close(), hook.close()]));

const bodies = (r: Receiver = hook): Json[] => r.hits.map((h) => JSON.parse(h.body));

describe('webhooks', () => {
	it('POSTs the finished message object to webhookOverride, echoing ref; no progress key, no signature', async () => {
		const id = await submit(emu, '/v2/imagine', { msg: 'a kite', ref: 'order-42', webhookOverride: hook.url });
		await until(() => hook.hits.length === 1);
		const [body] = bodies();
		const read = await waitDone(emu, id);
		const { progress, ...fields } = read;
		expect(progress).toBe(100);
		expect(body).toEqual(fields); // "the message that was originally sent to your webhook" (docs get-message)
		expect(body).toMatchObject({ ref: 'order-42', originatingMessageId: id, content: 'a kite', type: 'imagine' });
		const { headers } = hook.hits[0];
		expect(headers['content-type']).toBe('application/json');
		expect(Object.keys(headers).filter((h) => /sign|secret|auth|token|hmac/i.test(h))).toEqual([]);
		expect(hook.hits[0].path).toBe('/hook');
		await emu.webhooksIdle();
		expect(emu.callbacks).toEqual([
			expect.objectContaining({ url: hook.url, status: 200, attempt: 1, messageId: id, event: 'done', source: 'message' }),
		]);
	});

	it("in the 'response' shape the webhook body is {progress: 100, response}", async () => {
		emu.setMessageShape('response');
		const id = await submit(emu, '/v2/describe', { url: 'https://example.com/cat.png', webhookOverride: hook.url, ref: 'd' });
		await until(() => hook.hits.length === 1);
		expect(bodies()[0]).toEqual({
			progress: 100,
			response: expect.objectContaining({ type: 'describe', ref: 'd', originatingMessageId: id }),
		});
	});

	it('uses the dashboard webhook (option webhookUrl) unless webhookOverride is given', async () => {
		const other = await startReceiver();
		const dashboard = await startTheNextLegEmulator({ jobDurationMs: 20, minIntervalMs: 0, webhookUrl: other.url });
		try {
			await submit(dashboard, '/v2/info', undefined, 'GET');
			await submit(dashboard, '/v2/imagine', { msg: 'override', webhookOverride: hook.url });
			await submit(dashboard, '/v2/imagine', { msg: 'no webhook override', webhookOverride: '' });
			await until(() => other.hits.length === 2 && hook.hits.length === 1);
			expect(bodies(other).map((b) => b.type)).toEqual(expect.arrayContaining(['info', 'imagine']));
			expect(bodies()[0].content).toBe('override');
		} finally {
			await dashboard.close();
			await other.close();
		}
		// Without either, nothing is sent.
		await run(emu, '/v2/imagine', { msg: 'quiet' });
		await emu.webhooksIdle();
		expect(emu.callbacks).toEqual([]);
	});

	it('retries a delivery without a 2xx, doubling from webhookRetryDelayMs, until it succeeds', async () => {
		hook.answers = [500, 503, 200];
		const id = await submit(emu, '/v2/imagine', { msg: 'retry me', webhookOverride: hook.url });
		await until(() => hook.hits.length === 3, 3000);
		await emu.webhooksIdle();
		expect(emu.callbacks.map((c) => [c.attempt, c.status])).toEqual([
			[1, 500],
			[2, 503],
			[3, 200],
		]);
		const [a, b, c] = emu.callbacks.map((x) => x.at);
		expect(b - a).toBeGreaterThanOrEqual(38);
		expect(c - b).toBeGreaterThanOrEqual(78);
		expect(new Set(bodies().map((x) => x.originatingMessageId))).toEqual(new Set([id]));
	});

	it('gives up after 3 retries; a dead URL is recorded with its error', async () => {
		hook.answers = [500];
		await submit(emu, '/v2/imagine', { msg: 'never', webhookOverride: hook.url });
		await submit(emu, '/v2/imagine', { msg: 'dead', webhookOverride: 'http://127.0.0.1:9/hook' });
		await until(() => hook.hits.length === 4, 3000);
		await emu.webhooksIdle();
		const live = emu.callbacks.filter((c) => c.url === hook.url);
		expect(live.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
		const dead = emu.callbacks.filter((c) => c.url !== hook.url);
		expect(dead).toHaveLength(4);
		expect(dead.every((c) => c.status === undefined && typeof c.error === 'string')).toBe(true);
		expect(hook.hits).toHaveLength(4);
	});

	it('progressWebhooks: {progress, response} at 25, 50, 75, then the finished message, in order', async () => {
		const progressive = await startTheNextLegEmulator({ jobDurationMs: 300, minIntervalMs: 0, imageSize: 8, progressWebhooks: true });
		try {
			const id = await submit(progressive, '/v2/imagine', { msg: 'steps', ref: 'p', webhookOverride: hook.url });
			await until(() => hook.hits.length === 4, 3000);
			const all = bodies();
			expect(all.slice(0, 3).map((b) => b.progress)).toEqual([25, 50, 75]);
			expect(all[0].response).toEqual({
				createdAt: expect.any(String),
				type: 'imagine',
				originatingMessageId: id,
				content: 'steps',
				ref: 'p',
				progressImageUrl: `${progressive.url}/cdn/${id}/progress.png`,
			});
			expect(all[3]).toMatchObject({ originatingMessageId: id, imageUrls: expect.any(Array) });
			expect(all[3].progress).toBeUndefined();
			await progressive.webhooksIdle();
			expect(progressive.callbacks.map((c) => c.event)).toEqual(['progress', 'progress', 'progress', 'done']);
		} finally {
			await progressive.close();
		}
	});

	it('a transient notice (JOB_QUEUED) is delivered first, then the finished message; a content code is delivered as content', async () => {
		await submit(emu, '/v2/imagine', { msg: 'waiting [[JOB_QUEUED]]', webhookOverride: hook.url, ref: 'n' });
		await until(() => hook.hits.length === 2);
		const [notice, done] = bodies();
		expect(notice).toMatchObject({ content: 'JOB_QUEUED', buttons: [], ref: 'n' });
		expect(done).toMatchObject({ content: 'waiting [[JOB_QUEUED]]', imageUrls: expect.any(Array), ref: 'n' });
		await emu.webhooksIdle();
		expect(emu.callbacks.map((c) => c.event)).toEqual(['notice', 'done']);

		hook.hits.length = 0;
		await submit(emu, '/v2/imagine', { msg: 'no [[BANNED_PROMPT]]', webhookOverride: hook.url });
		await until(() => hook.hits.length === 1);
		expect(bodies()[0]).toMatchObject({ content: 'BANNED_PROMPT', buttons: [] });
	});

	it('resendCallback: duplicates, late and out-of-order deliveries, to the same or another URL', async () => {
		const id = await submit(emu, '/v2/imagine', { msg: 'again', webhookOverride: hook.url, ref: 'r' });
		await until(() => hook.hits.length === 1);
		await emu.webhooksIdle();
		expect(await emu.resendCallback(id)).toBe(200); // duplicate
		expect(await emu.resendCallback(id, { event: 'progress', progress: 40 })).toBe(200); // out of order: progress after done
		const started = Date.now();
		expect(await emu.resendCallback(id, { event: 'notice', delayMs: 80 })).toBe(200); // late
		expect(Date.now() - started).toBeGreaterThanOrEqual(78);
		const [done, dup, late, notice] = bodies();
		expect(dup).toEqual(done);
		expect(late).toMatchObject({ progress: 40, response: { originatingMessageId: id, ref: 'r' } });
		expect(notice).toMatchObject({ content: 'JOB_QUEUED', originatingMessageId: id });
		expect(emu.callbacks.slice(1).map((c) => [c.source, c.event])).toEqual([
			['resend', 'done'],
			['resend', 'progress'],
			['resend', 'notice'],
		]);
		const other = await startReceiver([202]);
		try {
			expect(await emu.resendCallback(id, { url: other.url })).toBe(202);
			expect(other.hits).toHaveLength(1);
		} finally {
			await other.close();
		}
		// A message still running can be "finished early" in a premature done webhook.
		emu.setJobDurationMs(5000);
		const running = await submit(emu, '/v2/imagine', { msg: 'early', webhookOverride: hook.url });
		await emu.resendCallback(running);
		expect(bodies().at(-1)).toMatchObject({ originatingMessageId: running, imageUrls: expect.any(Array) });
		await expect(emu.resendCallback('nope')).rejects.toThrow(/Message not found/);
		const bare = await submit(emu, '/v2/imagine', { msg: 'no hook' });
		await expect(emu.resendCallback(bare)).rejects.toThrow(/no webhook URL/);
	});

	it('deliverCallback forges a raw POST with any headers; the control API resends and forges too', async () => {
		const status = await emu.deliverCallback(hook.url, { progress: 100, content: 'forged', originatingMessageId: 'x' }, { 'x-evil': '1' });
		expect(status).toBe(200);
		expect(hook.hits[0].headers['x-evil']).toBe('1');
		expect(JSON.parse(hook.hits[0].body).content).toBe('forged');
		expect(emu.callbacks[0]).toMatchObject({ source: 'forge', status: 200, attempt: 1 });
		expect(emu.callbacks[0].messageId).toBeUndefined();

		const id = await submit(emu, '/v2/imagine', { msg: 'ctl', webhookOverride: hook.url });
		await until(() => hook.hits.length === 2);
		await emu.webhooksIdle();
		const resent = await api(emu, 'POST', `/__emulator/callbacks/${id}/resend`, { event: 'done' }, null);
		expect(resent.json).toEqual({ status: 200 });
		const forged = await api(emu, 'POST', '/__emulator/callbacks/forge', { url: hook.url, body: 'not json' }, null);
		expect(forged.json).toEqual({ status: 200 });
		expect(hook.hits.at(-1)?.body).toBe('not json');
		expect((await api(emu, 'POST', '/__emulator/callbacks/nope/resend', {}, null)).status).toBe(404);
		expect((await api(emu, 'POST', '/__emulator/callbacks/forge', {}, null)).status).toBe(400);
		const listed = await api(emu, 'GET', '/__emulator/callbacks', undefined, null);
		expect(listed.json.callbacks.map((c: Json) => c.source)).toEqual(['forge', 'message', 'resend', 'forge']);
	});
});
