import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { N8N_BASE_URL } from '../harness/index.mts';
import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { apiCalls, imagine, legnext, startEmulator, WEBHOOK_SECRET } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const expectedToken = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:legnext-callback:v1')
	.digest('base64url')
	.slice(0, 32);

describe('Wait for result', () => {
	it('polls until completed and outputs the one shape', async () => {
		const { items, error } = await legnext(emu, imagine('a red fox in snow'));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const job = items[0].json;
		expect(job).toMatchObject({
			provider: 'Legnext',
			taskType: 'diffusion',
			status: 'completed',
			progress: 100,
			error: null,
			prompt: 'a red fox in snow',
		});
		expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
		expect(job.imageUrl).toMatch(/_grid\.png$/);
		expect(job.imageUrls).toHaveLength(4);
		expect(job.videoUrls).toEqual([]);
		expect(job.seed).toMatch(/^\d+$/);
		expect(job.actions).toMatchObject({ upscale: [0, 1, 2, 3], reroll: true });
		expect(job.usage).toMatchObject({ frozen: 80, consume: 80 });
		expect((job.raw as { job_id: string }).job_id).toBe(job.jobId);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')[0].body).toEqual({ text: 'a red fox in snow' });
		expect(emu.statusReads(job.jobId as string)).toBeGreaterThan(0);
	});

	it('reports a failed job as an error with the job\'s own message', async () => {
		const { error } = await legnext(emu, imagine('a cat [emulator:fail]'));
		expect(error?.message).toMatch(/^Legnext job [0-9a-f-]+ failed: /);
		expect(error?.message).not.toMatch(/no reason given/);
	});

	it('gives an error item for a failed job under continue-on-fail, other items go on', async () => {
		const { items, error } = await legnext(emu, imagine('={{ $json.prompt }}'), [
			{ prompt: 'ok one' },
			{ prompt: 'bad [emulator:fail]' },
		], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].json.status).toBe('completed');
		expect(String(items[1].json.error)).toMatch(/failed/);
	});

	it('stops at the timeout, says the job keeps running, and does not resubmit', async () => {
		emu.setJobDurationMs(8000);
		const started = Date.now();
		const { error } = await legnext(emu, imagine('slow', { options: { timeout: 2 } }));
		expect(Date.now() - started).toBeLessThan(6000);
		expect(error?.message).toMatch(/is still (pending|staged|processing).* after 2 s/);
		expect(error?.description).toMatch(/Job > Get/);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
	});

	it('honours Retry-After on a status read that gets 429', async () => {
		emu.addFault({ method: 'GET', path: '/v1/job/', kind: 'status', status: 429, retryAfter: 2 });
		const { items, error } = await legnext(emu, imagine('patient'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const reads = apiCalls(emu, 'GET', '/v1/job/');
		const limited = reads.findIndex((r) => r.status === 429);
		expect(limited).toBeGreaterThanOrEqual(0);
		expect(reads[limited + 1].at - reads[limited].at).toBeGreaterThanOrEqual(1900);
	});

	it('absorbs 5xx and resets while polling', async () => {
		emu.addFault({ method: 'GET', path: '/v1/job/', kind: 'status', status: 503 });
		emu.addFault({ method: 'GET', path: '/v1/job/', kind: 'reset' });
		const { items, error } = await legnext(emu, imagine('sturdy'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
	});
});

describe('Submit only', () => {
	it('returns the pending job at once, without reading its status', async () => {
		const { items, error } = await legnext(emu, imagine('quick', { waitMode: 'submit' }));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('pending');
		expect(items[0].json.imageUrls).toEqual([]);
		expect(apiCalls(emu, 'GET', '/v1/job/')).toHaveLength(0);
	});
});

describe('Callbacks', () => {
	it('sends any http(s) callback URL as `callback`', async () => {
		const url = 'https://hooks.example.com/legnext?x=1';
		const { items } = await legnext(emu, imagine('cb', { waitMode: 'callback', callbackUrl: url }));
		expect(apiCalls(emu, 'POST', '/v1/diffusion')[0].body).toEqual({ text: 'cb', callback: url });
		expect(items[0].json.status).toBe('pending');
	});

	it('adds the token derived from the webhook secret for a Legnext Trigger, and hides it in the output', async () => {
		const url = 'https://n8n.example.com/webhook/legnext-results';
		const { items, error } = await legnext(emu, imagine('to trigger', { waitMode: 'trigger', triggerUrl: url }));
		expect(error).toBeUndefined();
		const sent = (apiCalls(emu, 'POST', '/v1/diffusion')[0].body as { callback: string }).callback;
		expect(sent).toBe(`${url}?token=${expectedToken}`);
		expect(sent).not.toContain(WEBHOOK_SECRET);
		const endpoint = (items[0].json.raw as { config: { webhook_config: { endpoint: string } } }).config
			.webhook_config.endpoint;
		expect(endpoint).toBe(`${url}?token=***`);
	});

	it('builds the trigger URL from a bare webhook path', async () => {
		await legnext(emu, imagine('path only', { waitMode: 'trigger', triggerUrl: 'legnext-results' }));
		const sent = (apiCalls(emu, 'POST', '/v1/diffusion')[0].body as { callback: string }).callback;
		expect(sent).toBe(`${N8N_BASE_URL}/webhook/legnext-results?token=${expectedToken}`);
	});

	it('refuses the trigger mode when the credential has no webhook secret', async () => {
		const { error } = await legnext(emu, imagine('no secret', { waitMode: 'trigger', triggerUrl: 'x' }), [{}], {
			credentialOverrides: { webhookSecret: '' },
		});
		expect(error?.message).toMatch(/Webhook Secret is empty/);
		expect(emu.requests).toHaveLength(0);
	});

	it('sends the execution resume URL for the Wait-node pattern', async () => {
		await legnext(emu, imagine('resume me', { waitMode: 'resume' }));
		const sent = (apiCalls(emu, 'POST', '/v1/diffusion')[0].body as { callback: string }).callback;
		expect(sent.startsWith(`${N8N_BASE_URL}/webhook-waiting/`)).toBe(true);
	});
});

describe('Job > Get', () => {
	it('reads the current state, or waits until finished when asked', async () => {
		const submitted = await legnext(emu, imagine('later', { waitMode: 'submit' }));
		const jobId = submitted.items[0].json.jobId as string;

		const now = await legnext(emu, { resource: 'job', operation: 'get', jobId });
		expect(now.items[0].json.jobId).toBe(jobId);
		expect(['pending', 'staged', 'processing']).toContain(now.items[0].json.status);

		const done = await legnext(emu, { resource: 'job', operation: 'get', waitForFinish: true }, [
			submitted.items[0].json,
		]);
		expect(done.error).toBeUndefined();
		expect(done.items[0].json).toMatchObject({ jobId, status: 'completed' });
	});

	it('returns a failed job as data when not waiting', async () => {
		const submitted = await legnext(emu, imagine('x [emulator:fail]', { waitMode: 'submit' }));
		await new Promise((resolve) => setTimeout(resolve, 900));
		const { items, error } = await legnext(emu, { resource: 'job', operation: 'get' }, [
			submitted.items[0].json,
		]);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('failed');
		expect((items[0].json.error as { message: string }).message).toBeTruthy();
	});
});

describe('Account > Get Balance', () => {
	it('outputs the documented balance fields', async () => {
		const { items, error } = await legnext(emu, { resource: 'account', operation: 'getBalance' });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			available_credits: expect.any(Number),
			balance_usd: expect.any(Number),
			low_balance_alert: expect.any(Boolean),
		});
	});
});
