import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { API_KEY, startEmulator, WEBHOOK_SECRET } from './support.mts';
import { callTrigger, finishedJob as finished, TOKEN, type TriggerCall } from './trigger-support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 300 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const finishedJob = (prompt?: string) => finished(emu, prompt);
const trigger = (body: unknown, call: TriggerCall = {}) => callTrigger(emu, body, call);

describe('Legnext Trigger', () => {
	it('a valid callback starts one execution with the one output shape', async () => {
		const job = await finishedJob();
		const result = await trigger(job);
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true });
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			jobId: job.job_id,
			status: 'completed',
			event: 'completed',
			verified: true,
			taskType: 'diffusion',
		});
		expect(items[0].json.imageUrls).toHaveLength(4);
	});

	it('missing or wrong token: 401 and no execution, nothing secret logged', async () => {
		const job = await finishedJob();
		for (const query of [{}, { token: 'wrong' }, { token: `${TOKEN}x` }]) {
			const result = await trigger(job, { query });
			expect(result.status).toBe(401);
			expect(result.workflowData).toBeUndefined();
			const logs = result.logs.join('\n');
			expect(logs).toMatch(/refused a callback \(401\)/);
			for (const secret of [TOKEN, WEBHOOK_SECRET, API_KEY]) expect(logs.includes(secret)).toBe(false);
		}
	});

	it('the same callback twice gives one execution (memory kept in static data)', async () => {
		const job = await finishedJob();
		const staticData: IDataObject = {};
		const first = await trigger(job, { staticData });
		const second = await trigger(job, { staticData });
		expect(first.workflowData?.[0]).toHaveLength(1);
		expect(second.status).toBe(200);
		expect(second.workflowData).toBeUndefined();
	});

	it('a forged body with Verify with API emits the real job, not the injected URLs', async () => {
		const job = await finishedJob();
		const forged = {
			...job,
			output: { ...(job.output as IDataObject), image_url: 'https://evil.example/x.png', image_urls: ['https://evil.example/x.png'] },
		};
		const result = await trigger(forged);
		const out = result.workflowData?.[0][0].json as IDataObject;
		expect(out.imageUrl).toBe((job.output as IDataObject).image_url);
		expect(JSON.stringify(out)).not.toContain('evil.example');
	});

	it('a forged callback for a job that does not exist is dropped when verifying', async () => {
		const result = await trigger({ job_id: 'no-such-job', status: 'completed', output: { image_url: 'https://evil.example/x.png' } });
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
		expect(result.logs.join('\n')).toMatch(/a job the API does not know \(no-such-job\)/);
	});

	it('without Verify with API the body is emitted as received', async () => {
		const job = await finishedJob();
		const result = await trigger(job, { parameters: { verifyWithApi: false } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ jobId: job.job_id, verified: false });
	});

	it('filters by event and by task type', async () => {
		const job = await finishedJob();
		const onlyFailed = await trigger(job, { parameters: { events: ['failed'] } });
		expect(onlyFailed.workflowData).toBeUndefined();
		const onlyUpscale = await trigger(job, { parameters: { taskTypes: ['upscale'] } });
		expect(onlyUpscale.workflowData).toBeUndefined();
		const diffusion = await trigger(job, { parameters: { taskTypes: ['diffusion', 'upscale'] } });
		expect(diffusion.workflowData?.[0]).toHaveLength(1);
	});

	it('a callback for a failed job carries the job\'s error', async () => {
		const job = await finishedJob('doomed [emulator:fail]');
		const result = await trigger(job);
		const out = result.workflowData?.[0][0].json as IDataObject;
		expect(out).toMatchObject({ event: 'failed', status: 'failed' });
		expect((out.error as IDataObject).message).toBeTruthy();
	});

	it('downloads the results as binary when asked', async () => {
		const job = await finishedJob();
		const result = await trigger(job, { parameters: { options: { download: 'results' } } });
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(4);
		expect(items[2].binary?.data).toMatchObject({ fileName: `${job.job_id}_2.png`, mimeType: 'image/png' });
	});

	it('drops a stale progress callback that arrives after the job finished', async () => {
		const job = await finishedJob();
		const staticData: IDataObject = {};
		const events = ['completed', 'failed', 'progress'];
		await trigger(job, { staticData, parameters: { events, verifyWithApi: false } });
		const late = await trigger({ ...job, status: 'processing', progress: 40 }, { staticData, parameters: { events, verifyWithApi: false } });
		expect(late.workflowData).toBeUndefined();
	});

	it('emits progress callbacks when asked for them', async () => {
		const result = await trigger(
			{ job_id: 'job-in-flight', status: 'processing', progress: 55, task_type: 'diffusion' },
			{ parameters: { events: ['progress'], verifyWithApi: false } },
		);
		expect(result.workflowData?.[0][0].json).toMatchObject({ event: 'progress', progress: 55 });
	});

	describe('bad input: 400 or 413, no execution', () => {
		it('a body that is not JSON', async () => {
			const result = await trigger('this is not json', { headers: { 'content-type': 'text/plain' } });
			expect(result.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
		});
		it('JSON without a job id', async () => {
			const result = await trigger({ status: 'completed' });
			expect(result.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
		});
		it('a body larger than 1 MiB', async () => {
			const result = await trigger({ job_id: 'x', status: 'completed', padding: 'x'.repeat(1_100_000) });
			expect(result.status).toBe(413);
			expect(result.workflowData).toBeUndefined();
		});
	});
});
