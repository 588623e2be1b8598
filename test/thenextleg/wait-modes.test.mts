// How the node waits: both answer shapes of a finished message, submit only, the callback modes
// (webhookOverride), incomplete messages, timeouts, and 429/5xx/resets while reading.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { N8N_BASE_URL } from '../harness/index.mts';
import { calls, imagine, op, posted, tnl, useEmulators, WEBHOOK_SECRET } from './support.mts';

const emulator = useEmulators();

const TOKEN = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:thenextleg-callback:v1')
	.digest('base64url')
	.slice(0, 32);

describe.concurrent('Wait for Result', () => {
	// thenextleg-v2.md §3 [?]: the docs' example puts the message at the top level, the SDKs under `response`.
	for (const messageShape of ['top-level', 'response'] as const) {
		it(`reads the finished message in the ${messageShape} shape`, async () => {
			const emu = await emulator({ messageShape });
			const { items, error } = await tnl(emu, imagine('a red fox', { ref: 'r1' }));
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ status: 'completed', taskType: 'imagine', ref: 'r1', prompt: 'a red fox' });
			expect(items[0].json.imageUrls).toHaveLength(4);
			expect(items[0].json.buttons).toHaveLength(9);
			expect(items[0].json.raw).not.toHaveProperty('response');
		});
	}

	it('an "incomplete" message fails with the expireMins hint; the same message read with a larger Expire After is still running', async () => {
		// [[STALL]]: the job stops at 50%; an emulated minute is 100 ms, so 12 "minutes" pass in 1.2 s.
		const emu = await emulator({ minuteMs: 100 });
		const { error } = await tnl(emu, imagine('stuck [[STALL]]'));
		expect(error?.message).toMatch(/^TheNextLeg job (\w+) failed: the message did not finish within 12 minutes/);
		expect(error?.description).toMatch(/Expire After \(Minutes\)/);
		const messageId = /job (\w+) failed/.exec(String(error?.message))![1];
		const again = await tnl(emu, op('message', 'get', { messageId, expireMins: 1000 }));
		expect(again.items[0].json).toMatchObject({ jobId: messageId, status: 'processing', progress: 50 });
	});

	it('stops at the timeout, says the message keeps running, and does not resubmit', async () => {
		const emu = await emulator({ jobDurationMs: 8000 });
		const started = Date.now();
		const { error } = await tnl(emu, imagine('slow', { options: { timeout: 2 } }));
		expect(Date.now() - started).toBeLessThan(6000);
		expect(error?.message).toMatch(/^TheNextLeg job \w+ is still (pending|processing).* after 2 s/);
		expect(error?.description).toMatch(/Message > Get/);
		expect(posted(emu, '/v2/imagine')).toHaveLength(1);
	});

	it('honours Retry-After on a status read answered 429', async () => {
		const emu = await emulator();
		emu.addFault({ method: 'GET', path: '/v2/message/', kind: 'status', status: 429, retryAfter: 2 });
		const { items, error } = await tnl(emu, imagine('patient'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const reads = emu.requests.filter((r) => r.apiPath.startsWith('/v2/message/'));
		const limited = reads.findIndex((r) => r.status === 429);
		expect(limited).toBeGreaterThanOrEqual(0);
		expect(reads[limited + 1].at - reads[limited].at).toBeGreaterThanOrEqual(1900);
	});

	it('absorbs 5xx and resets while reading; the submit is never repeated', async () => {
		const emu = await emulator();
		emu.addFault({ method: 'GET', path: '/v2/message/', kind: 'status', status: 503 });
		emu.addFault({ method: 'GET', path: '/v2/message/', kind: 'reset' });
		const { items, error } = await tnl(emu, imagine('sturdy'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect(posted(emu, '/v2/imagine')).toHaveLength(1);
	});

	it('a submit answered 429 is sent again after Retry-After; one message is made', async () => {
		const emu = await emulator();
		emu.addFault({ method: 'POST', path: '/v2/imagine', kind: 'status', status: 429, retryAfter: 1 });
		const { items, error } = await tnl(emu, imagine('again'));
		expect(error).toBeUndefined();
		expect(calls(emu, 'POST', '/v2/imagine').map((r) => r.status)).toEqual([429, 200]);
		expect(emu.messages.size).toBe(1);
		expect(items[0].json.status).toBe('completed');
	});

	it('a submit that may have been processed (no answer in time) is reported, never sent again', async () => {
		const emu = await emulator();
		emu.addFault({ method: 'POST', path: '/v2/imagine', kind: 'accept-then-hang', ms: 3000 });
		const { error } = await tnl(emu, imagine('hang', { options: { requestTimeout: 1 } }));
		expect(error?.description).toMatch(/NOT sent again/);
		expect(posted(emu, '/v2/imagine')).toHaveLength(1);
		expect(emu.messages.size).toBe(1);
	});
});

describe.concurrent('Submit Only', () => {
	it('returns the pending message at once, without reading it', async () => {
		const emu = await emulator();
		const { items, error } = await tnl(emu, imagine('quick', { waitMode: 'submit' }));
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'pending', progress: 0, taskType: 'imagine', prompt: 'quick', imageUrls: [] });
		expect(emu.requests.filter((r) => r.apiPath.startsWith('/v2/message/'))).toHaveLength(0);
	});
});

describe.concurrent('callbacks: webhookOverride', () => {
	it('Send Result to Callback URL sends any http(s) URL as `webhookOverride`', async () => {
		const emu = await emulator();
		const url = 'https://hooks.example.com/tnl?x=1';
		const { items } = await tnl(emu, imagine('cb', { waitMode: 'callback', callbackUrl: url, ref: 'row-3' }));
		expect(posted(emu, '/v2/imagine')).toEqual([{ msg: 'cb', ref: 'row-3', webhookOverride: url }]);
		expect(items[0].json.status).toBe('pending');
	});

	it('Send Result to TheNextLeg Trigger adds the token derived from the webhook secret, never the secret', async () => {
		const emu = await emulator();
		const url = 'https://n8n.example.com/webhook/tnl-results';
		const { error } = await tnl(emu, op('image', 'button', { waitMode: 'trigger', triggerUrl: url, buttonMessageId: 'B'.repeat(20) }));
		expect(error).toBeUndefined();
		const sent = (posted(emu, '/v2/button')[0] as { webhookOverride: string }).webhookOverride;
		expect(sent).toBe(`${url}?token=${TOKEN}`);
		expect(JSON.stringify(emu.requests)).not.toContain(WEBHOOK_SECRET);
	});

	it('a bare webhook path becomes the production URL', async () => {
		const emu = await emulator();
		await tnl(emu, op('image', 'describe', { describeUrl: 'https://a.example.com/x.png', waitMode: 'trigger', triggerUrl: 'tnl-results' }));
		const sent = (posted(emu, '/v2/describe')[0] as { webhookOverride: string }).webhookOverride;
		expect(sent).toBe(`${N8N_BASE_URL}/webhook/tnl-results?token=${TOKEN}`);
	});

	it('Resume This Execution sends the execution resume URL', async () => {
		const emu = await emulator();
		await tnl(emu, op('account', 'switchMode', { mode: 'fast', waitMode: 'resume' }));
		const sent = (posted(emu, '/v2/slash-commands')[0] as { webhookOverride: string }).webhookOverride;
		expect(sent.startsWith(`${N8N_BASE_URL}/webhook-waiting/`)).toBe(true);
	});

	it('the trigger mode needs a webhook secret in the credential; nothing is sent without one', async () => {
		const emu = await emulator();
		const { error } = await tnl(emu, imagine('no secret', { waitMode: 'trigger', triggerUrl: 'x' }), [{}], {
			credentialOverrides: { webhookSecret: '' },
		});
		expect(error?.message).toMatch(/Webhook Secret is empty/);
		expect(emu.requests).toHaveLength(0);
	});

	it('Get Info and Get Settings (GETs) refuse a callback mode set by expression, before sending', async () => {
		const emu = await emulator();
		for (const operation of ['info', 'getSettings']) {
			const { error } = await tnl(emu, op('account', operation, { waitMode: '={{ "callback" }}', callbackUrl: 'https://a.example.com' }));
			expect(error?.message).toMatch(/^Wait Mode: Get (Info|Settings) takes "Wait for Result" or "Submit Only", got "callback"/);
		}
		expect(emu.requests).toHaveLength(0);
	});
});
