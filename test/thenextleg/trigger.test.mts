// The TheNextLeg Trigger through n8n-core's WebhookContext, fed the webhooks the emulator itself
// sends: TheNextLeg sends no secret, so our token in the URL is checked (401 otherwise), the
// message is read back from the API by default, `ref` passes through, and the core's
// de-duplication holds.
import type { IDataObject } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { TOKEN as API_TOKEN, useEmulators, WEBHOOK_SECRET } from './support.mts';
import { callTrigger, TOKEN, useSink, webhookOf } from './trigger-support.mts';

// The emulator's own rate limit is off here (pacing is tested elsewhere): the helpers read it freely.
const emulator = useEmulators({ minIntervalMs: 0, jobDurationMs: 300 });
const sink = useSink();

describe.concurrent('TheNextLeg Trigger', () => {
	for (const messageShape of ['top-level', 'response'] as const) {
		for (const verifyWithApi of [true, false]) {
			it(`the emulator's ${messageShape} webhook, Verify with API ${verifyWithApi ? 'on' : 'off'}: one item, ref passed through`, async () => {
				const emu = await emulator({ messageShape });
				const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'a quiet lake', ref: 'sheet-row-12' });
				expect(hook.body.progress === undefined).toBe(messageShape === 'top-level');
				const result = await callTrigger(emu, hook.body, { parameters: { verifyWithApi } });
				expect(result.status).toBe(200);
				expect(result.body).toEqual({ received: true });
				const items = result.workflowData?.[0] ?? [];
				expect(items).toHaveLength(1);
				expect(items[0].json).toMatchObject({
					jobId: hook.messageId,
					status: 'completed',
					event: 'completed',
					verified: verifyWithApi,
					taskType: 'imagine',
					ref: 'sheet-row-12',
					prompt: 'a quiet lake',
				});
				expect(items[0].json.imageUrls).toHaveLength(4);
				expect(items[0].json.buttonMessageId).toMatch(/^\w{20}$/);
				const reads = emu.requests.filter((r) => r.apiPath === `/v2/message/${hook.messageId}`).length;
				expect(reads).toBe(verifyWithApi ? 1 : 0);
			});
		}
	}

	it('missing or wrong token: 401, no execution, nothing secret logged', async () => {
		const emu = await emulator();
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		for (const query of [{}, { token: 'wrong' }, { token: `${TOKEN}x` }, { token: WEBHOOK_SECRET }]) {
			const result = await callTrigger(emu, hook.body, { query });
			expect(result.status).toBe(401);
			expect(result.workflowData).toBeUndefined();
			const logs = result.logs.join('\n');
			expect(logs).toMatch(/TheNextLeg Trigger refused a callback \(401\)/);
			for (const secret of [TOKEN, WEBHOOK_SECRET, API_TOKEN]) expect(logs.includes(secret)).toBe(false);
		}
	});

	it('the token of another provider (Legnext) is refused', async () => {
		const emu = await emulator();
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		const { createHmac } = await import('node:crypto');
		const legnextToken = createHmac('sha256', WEBHOOK_SECRET).update('n8n-nodes-midjourney-api:legnext-callback:v1').digest('base64url').slice(0, 32);
		expect((await callTrigger(emu, hook.body, { query: { token: legnextToken } })).status).toBe(401);
	});

	it('a forged body with Verify with API emits the real message, not the injected URLs', async () => {
		const emu = await emulator();
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		const forged = { ...hook.body, imageUrl: 'https://evil.example/x.png', imageUrls: ['https://evil.example/x.png'], buttons: ['EVIL'] };
		const result = await callTrigger(emu, forged);
		const out = result.workflowData?.[0][0].json as IDataObject;
		expect(out.imageUrl).toBe(hook.body.imageUrl);
		expect(JSON.stringify(out)).not.toMatch(/evil|EVIL/);
	});

	it('a forged callback for a message the API does not know is dropped', async () => {
		const emu = await emulator();
		const result = await callTrigger(emu, { originatingMessageId: 'NoSuchMessage0000000', content: 'x', imageUrl: 'https://evil.example/x.png' });
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
		expect(result.logs.join('\n')).toMatch(/a job the API does not know \(NoSuchMessage0000000\)/);
	});

	it('the same webhook twice, and 20 at once: one execution', async () => {
		const emu = await emulator();
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		const staticData: IDataObject = {};
		const first = await callTrigger(emu, hook.body, { staticData });
		const second = await callTrigger(emu, hook.body, { staticData });
		expect(first.workflowData?.[0]).toHaveLength(1);
		expect(second.workflowData).toBeUndefined();

		const other = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'y' });
		const workflow = { run: { workflowId: `wf-${randomUUID()}` }, nodeId: randomUUID() };
		const results = await Promise.all(Array.from({ length: 20 }, async () => await callTrigger(emu, other.body, { ...workflow, staticData: {} })));
		expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
		expect(results.filter((r) => r.workflowData).length).toBe(1);
	});

	it('a content code is a failed job: event failed, with the code', async () => {
		const emu = await emulator();
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x [[BANNED_PROMPT]]' });
		expect(hook.body.content).toBe('BANNED_PROMPT');
		const onlyCompleted = await callTrigger(emu, hook.body, { parameters: { events: ['completed'] } });
		expect(onlyCompleted.workflowData).toBeUndefined();
		const result = await callTrigger(emu, hook.body, { parameters: { events: ['failed'] } });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'failed',
			status: 'failed',
			error: { code: 'BANNED_PROMPT', message: "BANNED_PROMPT: You can't use this prompt" },
		});
	});

	it('a JOB_QUEUED notice is progress, not the end: ignored by default, and the finished message still comes through', async () => {
		const emu = await emulator({ jobDurationMs: 1500 });
		const notice = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x [[JOB_QUEUED]]' }, 'notice');
		expect(notice.body.content).toBe('JOB_QUEUED');
		const staticData: IDataObject = {};
		const early = await callTrigger(emu, notice.body, { staticData });
		expect(early.status).toBe(200);
		expect(early.workflowData).toBeUndefined();
		const asProgress = await callTrigger(emu, notice.body, { parameters: { events: ['progress'], verifyWithApi: false } });
		expect(asProgress.workflowData?.[0][0].json).toMatchObject({ event: 'progress', status: 'queued', progress: 0 });
		let done: IDataObject | undefined;
		for (let i = 0; i < 200 && !done; i++) {
			done = emu.callbacks.find((c) => c.messageId === notice.messageId && c.event === 'done')?.body as IDataObject | undefined;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const final = await callTrigger(emu, done, { staticData });
		expect(final.workflowData?.[0][0].json).toMatchObject({ jobId: notice.messageId, status: 'completed' });
	});

	it('progress webhooks ({progress, response}) are read back and emitted when asked for', async () => {
		const emu = await emulator({ jobDurationMs: 2000, progressWebhooks: true });
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' }, 'progress');
		expect(hook.body).toMatchObject({ progress: 25, response: { originatingMessageId: hook.messageId } });
		const result = await callTrigger(emu, hook.body, { parameters: { events: ['progress'] } });
		expect(result.status).toBe(200);
		expect(result.workflowData?.[0][0].json).toMatchObject({ jobId: hook.messageId, event: 'progress', status: 'processing', verified: true });
	});

	it('a Press Button result (U1) comes through with its own buttons', async () => {
		const emu = await emulator();
		const grid = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		const upscale = await webhookOf(emu, await sink(), '/v2/button', { button: 'U1', buttonMessageId: grid.body.buttonMessageId as string, ref: 'u' });
		const result = await callTrigger(emu, upscale.body, { parameters: { taskTypes: ['button'] } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ taskType: 'button', ref: 'u', buttons: expect.arrayContaining(['🪄 Make Variations']) });
		const filtered = await callTrigger(emu, grid.body, { parameters: { taskTypes: ['button'] } });
		expect(filtered.workflowData).toBeUndefined();
	});

	it('downloads the results, through /getImage where image URLs answer 403', async () => {
		const emu = await emulator({ protectImages: true, imageSize: 16 });
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		const result = await callTrigger(emu, hook.body, { parameters: { options: { download: 'results' } } });
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(4);
		expect(items[2].binary?.data).toMatchObject({ fileName: `${hook.messageId}_2.png`, mimeType: 'image/png' });
		expect(emu.requests.filter((r) => r.apiPath === '/getImage' && r.status === 200)).toHaveLength(4);
	});

	it('a read-back that fails is answered 503 and not remembered; the redelivery is emitted', async () => {
		const emu = await emulator();
		const hook = await webhookOf(emu, await sink(), '/v2/imagine', { msg: 'x' });
		const staticData: IDataObject = {};
		emu.addFault({ method: 'GET', path: `/v2/message/${hook.messageId}`, kind: 'status', status: 503, times: 4 });
		const first = await callTrigger(emu, hook.body, { staticData });
		expect(first.status).toBe(503);
		expect(first.workflowData).toBeUndefined();
		const again = await callTrigger(emu, hook.body, { staticData });
		expect(again.workflowData?.[0]).toHaveLength(1);
	});

	it('bad input: 400 or 413, no execution', async () => {
		const emu = await emulator();
		expect((await callTrigger(emu, 'not json', { headers: { 'content-type': 'text/plain' } })).status).toBe(400);
		expect((await callTrigger(emu, { content: 'no id' })).status).toBe(400);
		expect((await callTrigger(emu, { originatingMessageId: 'x', pad: 'x'.repeat(1_100_000) })).status).toBe(413);
	});
});
