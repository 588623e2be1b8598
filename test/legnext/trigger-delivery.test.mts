// The trigger's two promises, through n8n-core's WebhookContext: a callback is never lost (what
// cannot be verified or processed is answered 503 and not remembered, so the provider's retry
// delivers it) and never doubled (concurrent identical callbacks start one execution; the
// memory survives load, as n8n loads and saves static data separately for every request).
import type { IDataObject } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { CALLBACK_SHAPES, shapeCallback } from '../emulator/legnext/shapes.mts';
import { startEmulator } from './support.mts';
import { api, callTrigger, finishedJob } from './trigger-support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 300 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

/** Calls that are requests to one saved workflow: same workflow id, same trigger node id. */
function oneWorkflow() {
	return { run: { workflowId: `wf-${randomUUID()}` }, nodeId: randomUUID() };
}

describe('callback bodies in every plausible shape', () => {
	for (const shape of CALLBACK_SHAPES) {
		for (const verifyWithApi of [true, false]) {
			it(`${shape}, Verify with API ${verifyWithApi ? 'on' : 'off'}: one item with the job's results`, async () => {
				const job = await finishedJob(emu);
				const result = await callTrigger(emu, shapeCallback(job, shape), { parameters: { verifyWithApi } });
				expect(result.status).toBe(200);
				const items = result.workflowData?.[0] ?? [];
				expect(items).toHaveLength(1);
				expect(items[0].json).toMatchObject({ jobId: job.job_id, status: 'completed', verified: verifyWithApi });
				expect(items[0].json.imageUrls).toEqual((job.output as IDataObject).image_urls);
			});
		}
	}

	it('the emulator can deliver each shape itself', async () => {
		for (const shape of CALLBACK_SHAPES) {
			emu.setCallbackShape(shape);
			const job = await finishedJob(emu);
			const body = shapeCallback(job, shape) as IDataObject;
			const id = shape.startsWith('data') ? (body.data as IDataObject) : body;
			expect(id[shape.includes('camel') ? 'jobId' : 'job_id']).toBe(job.job_id);
		}
	});
});

describe('never lost', () => {
	it('a read-back that fails is answered 503 and not remembered; the redelivery is emitted', async () => {
		const job = await finishedJob(emu);
		const staticData: IDataObject = {};
		emu.addFault({ method: 'GET', path: `/v1/job/${job.job_id}`, kind: 'status', status: 503, times: 4 });
		const first = await callTrigger(emu, job, { staticData });
		expect(first.status).toBe(503);
		expect(first.headers['retry-after']).toBeTruthy();
		expect(first.workflowData).toBeUndefined();
		const again = await callTrigger(emu, job, { staticData });
		expect(again.status).toBe(200);
		expect(again.workflowData?.[0]).toHaveLength(1);
	});

	it('"completed" while the API still shows the job running: 503, then the real completion is emitted', async () => {
		emu.setJobDurationMs(6000);
		const { job_id: jobId } = await api(emu, 'POST', '/v1/diffusion', { text: 'slow lake' });
		const early = { ...(await api(emu, 'GET', `/v1/job/${jobId}`)), status: 'completed' };
		const staticData: IDataObject = {};
		const first = await callTrigger(emu, early, { staticData });
		expect(first.status).toBe(503);
		expect(first.workflowData).toBeUndefined();
		// The job really finishes; its own callback comes and is emitted (not dropped as a duplicate).
		let real = await api(emu, 'GET', `/v1/job/${jobId}`);
		while (real.status !== 'completed') {
			await new Promise((resolve) => setTimeout(resolve, 200));
			real = await api(emu, 'GET', `/v1/job/${jobId}`);
		}
		const second = await callTrigger(emu, real, { staticData });
		expect(second.status).toBe(200);
		expect(second.workflowData?.[0][0].json).toMatchObject({ jobId, status: 'completed' });
	}, 30_000);

	it('a download that fails is answered 503 and not remembered; the redelivery brings the files', async () => {
		const job = await finishedJob(emu);
		const staticData: IDataObject = {};
		const parameters = { options: { download: 'results' } };
		emu.addFault({ method: 'GET', path: '/cdn/', kind: 'status', status: 404, times: 1 });
		const first = await callTrigger(emu, job, { staticData, parameters });
		expect(first.status).toBe(503);
		expect(first.workflowData).toBeUndefined();
		const again = await callTrigger(emu, job, { staticData, parameters });
		expect(again.status).toBe(200);
		expect(again.workflowData?.[0]).toHaveLength(4);
	});
});

describe('never doubled', () => {
	it('20 identical callbacks at once start exactly one execution', async () => {
		const job = await finishedJob(emu);
		const workflow = oneWorkflow();
		const staticData: IDataObject = {};
		const results = await Promise.all(
			Array.from({ length: 20 }, async () => await callTrigger(emu, job, { ...workflow, staticData: structuredClone(staticData) })),
		);
		expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
		expect(results.filter((r) => r.workflowData).length).toBe(1);
	});

	it('20 identical callbacks at once, the first read-back failing: still exactly one execution', async () => {
		const job = await finishedJob(emu);
		emu.addFault({ method: 'GET', path: `/v1/job/${job.job_id}`, kind: 'status', status: 503, times: 4 });
		const workflow = oneWorkflow();
		const results = await Promise.all(
			Array.from({ length: 20 }, async () => await callTrigger(emu, job, { ...workflow, staticData: {} })),
		);
		expect(results.filter((r) => r.workflowData).length).toBe(1);
		// The request that could not verify heard 503, so its delivery will come again.
		expect(results.filter((r) => r.status === 503).length).toBe(1);
	}, 30_000);

	it('800 distinct callbacks from 20 senders are all remembered, across a restart', async () => {
		const workflow = oneWorkflow();
		// n8n's database: each request loads the saved static data and saves its own copy after.
		let saved: IDataObject = {};
		const ids = Array.from({ length: 800 }, (_, i) => `job-${i}-${randomUUID()}`);
		const body = (jobId: string) => ({ job_id: jobId, status: 'completed', task_type: 'diffusion', output: {} });
		const parameters = { verifyWithApi: false };
		let next = 0;
		let executions = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				while (next < ids.length) {
					const jobId = ids[next++];
					const staticData = structuredClone(saved);
					const result = await callTrigger(emu, body(jobId), { ...workflow, staticData, parameters });
					if (result.workflowData) executions++;
					saved = result.staticData;
				}
			}),
		);
		expect(executions).toBe(800);
		const remembered = new Set(((saved['node:Webhook'] as IDataObject).legnextSeen as string[]).map((key) => key.split(':')[0]));
		expect(ids.filter((id) => !remembered.has(id))).toEqual([]);

		// A restart: a new process knows nothing but what was saved.
		const restarted = { run: { workflowId: workflow.run.workflowId }, nodeId: randomUUID() };
		let again = 0;
		for (const jobId of ids.slice(0, 50)) {
			const result = await callTrigger(emu, body(jobId), { ...restarted, staticData: structuredClone(saved), parameters });
			if (result.workflowData) again++;
		}
		expect(again).toBe(0);
	}, 120_000);
});
