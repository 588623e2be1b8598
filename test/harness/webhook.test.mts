// Webhook nodes: webhook() runs for a real HTTP request through n8n-core's WebhookContext.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { callWebhook } from './index.mts';
import { testCredentialTypes, testNodeTypes } from './fixtures.mts';

const secret = 'whsec-test';
const sign = (body: string) => createHmac('sha256', secret).update(body).digest('hex');
const opts = {
	extraNodeTypes: testNodeTypes,
	extraCredentialTypes: testCredentialTypes,
	credentials: { harnessTestApi: { apiKey: 'k', webhookSecret: secret } },
};
const trigger = { type: 'harnessWebhookTrigger', parameters: { tag: 'job-done' } };

describe('callWebhook', () => {
	it('answers with the node response and returns workflowData; static data persists across calls', async () => {
		const staticData = {};
		const raw = JSON.stringify({ jobId: 'j1', status: 'completed' });
		const first = await callWebhook(
			trigger,
			{ method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-signature': sign(raw) }, query: { a: '1' } },
			{ ...opts, staticData },
		);
		expect(first.status).toBe(200);
		expect(first.headers['content-type']).toMatch(/application\/json/);
		expect(first.body).toEqual({ received: true, count: 1 });
		expect(first.workflowData).toHaveLength(1);
		const json = first.workflowData![0][0].json;
		expect(json).toMatchObject({ body: { jobId: 'j1', status: 'completed' }, query: { a: '1' }, tag: 'job-done', count: 1 });
		expect(json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]+\/callback$/);
		expect(first.staticData).toBe(staticData);
		expect(staticData).toEqual({ 'node:Webhook': { count: 1 } });

		const second = await callWebhook(
			trigger,
			{ body: raw, headers: { 'content-type': 'application/json', 'x-signature': sign(raw) } },
			{ ...opts, staticData },
		);
		expect(second.body).toEqual({ received: true, count: 2 });
		expect(staticData).toEqual({ 'node:Webhook': { count: 2 } });
	});

	it('object bodies are sent as JSON and the raw bytes are kept for signature checks', async () => {
		const body = { b: 2 };
		const result = await callWebhook(
			trigger,
			{ body, headers: { 'x-signature': sign(JSON.stringify(body)) } },
			opts,
		);
		expect(result.status).toBe(200);
		expect(result.workflowData?.[0][0].json.body).toEqual(body);
		expect(result.staticData).toEqual({ 'node:Webhook': { count: 1 } });
	});

	it('lets the node answer itself (noWebhookResponse) and starts nothing', async () => {
		const result = await callWebhook(trigger, { body: { x: 1 }, headers: { 'x-signature': 'nope' } }, opts);
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ error: 'bad signature' });
		expect(result.workflowData).toBeUndefined();
		expect(result.staticData).toEqual({});
	});

	it('answers an unparsable JSON body with 422, like n8n’s body parser', async () => {
		const result = await callWebhook(trigger, { body: '{not json', headers: { 'content-type': 'application/json' } }, opts);
		expect(result.status).toBe(422);
		expect(result.body).toMatchObject({ code: 422, message: 'Failed to parse request body' });
		expect(result.workflowData).toBeUndefined();
	});

	it('hides a throwing webhook() behind n8n’s 500 and logs the cause', async () => {
		const result = await callWebhook(trigger, { body: { x: 1 } }, { ...opts, credentials: {} });
		expect(result.status).toBe(500);
		expect(result.body).toEqual({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		expect(result.logs.join('\n')).toMatch(/Node does not have any credentials set/);
	});
});
