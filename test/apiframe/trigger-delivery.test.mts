// The trigger's two promises for APIFRAME deliveries, through n8n-core's WebhookContext: never
// lost (what cannot be verified or downloaded is answered 503 and not remembered, so APIFRAME's
// retry delivers it again) and never doubled (concurrent identical deliveries start one execution).
import type { IDataObject } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startEmulator, type ApiframeEmulator } from './support.mts';
import { callTrigger, finishedTask, TOKEN } from './trigger-support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 300, imageSize: 16 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

/** Calls that are requests to one saved workflow: same workflow id, same trigger node id. */
function oneWorkflow() {
	return { run: { workflowId: `wf-${randomUUID()}` }, nodeId: randomUUID() };
}

describe('never lost', () => {
	it('a read-back that fails is answered 503 and not remembered; the redelivery is emitted', async () => {
		const task = await finishedTask(emu);
		const staticData: IDataObject = {};
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'status', status: 500, times: 4 });
		const first = await callTrigger(emu, task, { staticData });
		expect(first.status).toBe(503);
		expect(first.headers['retry-after']).toBeTruthy();
		expect(first.workflowData).toBeUndefined();
		const again = await callTrigger(emu, task, { staticData });
		expect(again.status).toBe(200);
		expect(again.workflowData?.[0]).toHaveLength(1);
	});

	it('a download that fails is answered 503 and not remembered; the redelivery brings the files', async () => {
		const task = await finishedTask(emu);
		const staticData: IDataObject = {};
		const parameters = { options: { download: 'results' } };
		emu.addFault({ method: 'GET', path: '/cdn/', kind: 'status', status: 404, times: 1 });
		const first = await callTrigger(emu, task, { staticData, parameters });
		expect(first.status).toBe(503);
		expect(first.workflowData).toBeUndefined();
		const again = await callTrigger(emu, task, { staticData, parameters });
		expect(again.status).toBe(200);
		expect(again.workflowData?.[0]).toHaveLength(4);
	});
});

describe('never doubled', () => {
	it('20 identical deliveries at once start exactly one execution', async () => {
		const task = await finishedTask(emu);
		const workflow = oneWorkflow();
		const results = await Promise.all(
			Array.from({ length: 20 }, async () => await callTrigger(emu, task, { ...workflow, staticData: {} })),
		);
		expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
		expect(results.filter((r) => r.workflowData).length).toBe(1);
	});

	it('20 identical deliveries at once, the first read-back failing: still exactly one execution', async () => {
		const task = await finishedTask(emu);
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'status', status: 503, times: 4 });
		const workflow = oneWorkflow();
		const results = await Promise.all(
			Array.from({ length: 20 }, async () => await callTrigger(emu, task, { ...workflow, staticData: {} })),
		);
		expect(results.filter((r) => r.workflowData).length).toBe(1);
		// The request that could not verify heard 503, so APIFRAME delivers it again.
		expect(results.filter((r) => r.status === 503).length).toBe(1);
	}, 30_000);

	it('a result delivered by the header and again through the token URL: one execution', async () => {
		const task = await finishedTask(emu);
		const workflow = oneWorkflow();
		const staticData: IDataObject = {};
		const byHeader = await callTrigger(emu, task, { ...workflow, staticData });
		const byToken = await callTrigger(emu, task, { ...workflow, staticData, headers: {}, query: { token: TOKEN } });
		expect(byHeader.workflowData?.[0]).toHaveLength(1);
		expect(byToken.status).toBe(200);
		expect(byToken.workflowData).toBeUndefined();
	});
});
