// The APIFRAME Trigger through n8n-core's WebhookContext: who may deliver (the x-webhook-secret
// header, compared in constant time, or our URL token where a proxy strips the header), what it
// emits (the one shape, read back from the API by default), filters by event and task kind, and
// the deliveries the emulator really makes (progress updates, then the final result).
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { run, submit, waitEnd } from '../emulator/apiframe/client.mts';
import { API_KEY, startEmulator, WEBHOOK_SECRET, type ApiframeEmulator } from './support.mts';
import { callTrigger, deliveriesOf, finishedTask as finished, TOKEN, type Delivery, type TriggerCall } from './trigger-support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 300, imageSize: 16 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const finishedTask = (prompt?: string) => finished(emu, prompt);
const trigger = (body: unknown, call: TriggerCall = {}) => callTrigger(emu, body, call);
/** The headers a delivery is replayed with: APIFRAME's own, minus the transport ones. */
const replayHeaders = (delivery: Delivery) => ({
	'content-type': delivery.headers['content-type'],
	...(delivery.headers['x-webhook-secret'] ? { 'x-webhook-secret': delivery.headers['x-webhook-secret'] } : {}),
});

describe('who may deliver', () => {
	it('the x-webhook-secret header equal to the credential\'s secret: one execution, the one output shape', async () => {
		const task = await finishedTask();
		const result = await trigger(task);
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true });
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			jobId: task.task_id,
			provider: 'APIFRAME',
			status: 'completed',
			event: 'completed',
			verified: true,
			taskType: 'imagine',
		});
		expect(items[0].json.imageUrls).toEqual(task.image_urls);
	});

	it('a missing or wrong x-webhook-secret: 401, no execution, no API read, nothing secret logged', async () => {
		const task = await finishedTask();
		const reads = emu.statusReadCalls().fetch;
		const forged: Array<Record<string, string>> = [
			{},
			{ 'x-webhook-secret': 'wrong' },
			{ 'x-webhook-secret': `${WEBHOOK_SECRET}x` },
			{ 'x-webhook-secret': WEBHOOK_SECRET.slice(0, -1) },
			{ 'x-webhook-secret': '' },
			{ authorization: WEBHOOK_SECRET },
		];
		for (const headers of forged) {
			const result = await trigger(task, { headers });
			expect(result.status, JSON.stringify(Object.keys(headers))).toBe(401);
			expect(result.workflowData).toBeUndefined();
			const logs = result.logs.join('\n');
			expect(logs).toMatch(/APIFRAME Trigger refused a callback \(401\)/);
			for (const secret of [TOKEN, WEBHOOK_SECRET, API_KEY]) expect(logs.includes(secret)).toBe(false);
		}
		expect(emu.statusReadCalls().fetch).toBe(reads);
	});

	it('our URL token when a proxy stripped the header; a wrong token is refused', async () => {
		const task = await finishedTask();
		const stripped = await trigger(task, { headers: {}, query: { token: TOKEN } });
		expect(stripped.status).toBe(200);
		expect(stripped.workflowData?.[0]).toHaveLength(1);
		const wrong = await trigger(task, { headers: {}, query: { token: `${TOKEN}x` } });
		expect(wrong.status).toBe(401);
		expect(wrong.workflowData).toBeUndefined();
	});

	it('a credential without a webhook secret accepts nothing', async () => {
		const task = await finishedTask();
		const result = await trigger(task, { headers: { 'x-webhook-secret': '' }, run: { credentials: { apiframeApi: { apiKey: API_KEY, webhookSecret: '', baseUrl: emu.baseUrl } } } });
		expect(result.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('what it emits', () => {
	it('the same delivery twice: one execution (memory kept in static data)', async () => {
		const task = await finishedTask();
		const staticData: IDataObject = {};
		const first = await trigger(task, { staticData });
		const second = await trigger(task, { staticData });
		expect(first.workflowData?.[0]).toHaveLength(1);
		expect(second.status).toBe(200);
		expect(second.workflowData).toBeUndefined();
	});

	it('a forged body with a valid secret and Verify with API: the real task, not the injected URLs', async () => {
		const task = await finishedTask();
		const forged = { ...task, original_image_url: 'https://evil.example/x.png', image_urls: ['https://evil.example/x.png'] };
		const result = await trigger(forged);
		const out = result.workflowData?.[0][0].json as IDataObject;
		expect(out.imageUrls).toEqual(task.image_urls);
		expect(JSON.stringify(out)).not.toContain('evil.example');
	});

	it('a delivery for a task APIFRAME does not know is dropped when verifying', async () => {
		const result = await trigger({ task_id: 'no-such-task', task_type: 'imagine', image_urls: ['https://evil.example/x.png'] });
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
		expect(result.logs.join('\n')).toMatch(/a job the API does not know \(no-such-task\)/);
	});

	it('without Verify with API the body is emitted as received, and nothing is read', async () => {
		const task = await finishedTask();
		const reads = emu.statusReadCalls().fetch;
		const result = await trigger(task, { parameters: { verifyWithApi: false } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ jobId: task.task_id, verified: false, status: 'completed' });
		expect(emu.statusReadCalls().fetch).toBe(reads);
	});

	it('filters by event and by task kind (APIFRAME\'s "upscale#2" is an Upscale 1x)', async () => {
		const grid = await finishedTask();
		const upscale = (await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: '2' })) as IDataObject;
		expect(upscale.task_type).toBe('upscale#2');
		expect((await trigger(upscale, { parameters: { events: ['failed'] } })).workflowData).toBeUndefined();
		expect((await trigger(upscale, { parameters: { taskTypes: ['imagine', 'upscale-alt'] } })).workflowData).toBeUndefined();
		const kept = await trigger(upscale, { parameters: { taskTypes: ['upscale-1x'] } });
		expect(kept.workflowData?.[0][0].json).toMatchObject({ taskType: 'upscale#2', status: 'completed' });
	});

	it('a delivery for a failed task carries APIFRAME\'s reason', async () => {
		const task = await finishedTask('doomed [emulator:fail]');
		const result = await trigger(task);
		const out = result.workflowData?.[0][0].json as IDataObject;
		expect(out).toMatchObject({ event: 'failed', status: 'failed', error: { message: expect.stringMatching(/emulator:fail/) } });
	});

	it('downloads the results as binary when asked', async () => {
		const task = await finishedTask();
		const result = await trigger(task, { parameters: { options: { download: 'all', binaryLayout: 'oneItem' } } });
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0].binary ?? {}).sort()).toEqual(['data_0', 'data_1', 'data_2', 'data_3', 'data_grid']);
		expect(items[0].binary?.data_grid).toMatchObject({ fileName: `${String(task.task_id)}_grid.png`, mimeType: 'image/png' });
	});
});

describe('the deliveries the emulator really makes', () => {
	it('progress updates, then the result: Job Completed starts one execution, from the result', async () => {
		const { taskId, deliveries } = await deliveriesOf(emu, '/imagine', { prompt: 'a heron at dawn' });
		expect(deliveries.map((d) => d.body.status ?? 'result')).toEqual(['starting', 'processing', 'processing', 'processing', 'processing', 'result']);
		expect(deliveries.every((d) => d.headers['x-webhook-secret'] === WEBHOOK_SECRET)).toBe(true);
		const staticData: IDataObject = {};
		const started: IDataObject[] = [];
		for (const delivery of deliveries) {
			const result = await trigger(delivery.body, { headers: replayHeaders(delivery), staticData });
			expect(result.status).toBe(200);
			if (result.workflowData) started.push(result.workflowData[0][0].json);
		}
		expect(started).toHaveLength(1);
		expect(started[0]).toMatchObject({ jobId: taskId, event: 'completed', status: 'completed' });
	});

	it('with Job In Progress as well: one execution per progress value, then the result', async () => {
		const { taskId, deliveries } = await deliveriesOf(emu, '/imagine', { prompt: 'a heron at dusk' });
		const staticData: IDataObject = {};
		const started: IDataObject[] = [];
		for (const delivery of deliveries) {
			const result = await trigger(delivery.body, {
				headers: replayHeaders(delivery),
				staticData,
				parameters: { events: ['progress', 'completed'], verifyWithApi: false },
			});
			if (result.workflowData) started.push(result.workflowData[0][0].json);
		}
		expect(started.map((out) => [out.event, out.progress])).toEqual([
			['progress', null],
			['progress', 0],
			['progress', 25],
			['progress', 50],
			['progress', 75],
			['completed', 100],
		]);
		expect(started.every((out) => out.jobId === taskId)).toBe(true);
		// Late progress after the result is stale: dropped.
		const late = await trigger(deliveries[2].body, { headers: replayHeaders(deliveries[2]), staticData, parameters: { events: ['progress', 'completed'], verifyWithApi: false } });
		expect(late.workflowData).toBeUndefined();
	});

	it('a failure delivery, and a video result in either shape', async () => {
		const failed = await deliveriesOf(emu, '/imagine', { prompt: 'nope [emulator:fail]' });
		const last = failed.deliveries[failed.deliveries.length - 1];
		const result = await trigger(last.body, { headers: replayHeaders(last) });
		expect(result.workflowData?.[0][0].json).toMatchObject({ jobId: failed.taskId, event: 'failed' });

		for (const videoShape of ['video_urls', 'videoUrl'] as const) {
			emu.configure({ videoShape, progressWebhooks: false });
			const video = await deliveriesOf(emu, '/imagine-video', { prompt: 'waves', image_url: 'https://img.example.com/sea.png' });
			expect(video.deliveries).toHaveLength(1);
			const out = await trigger(video.deliveries[0].body, { headers: replayHeaders(video.deliveries[0]), parameters: { taskTypes: ['imagine-video'] } });
			expect(out.workflowData?.[0][0].json, videoShape).toMatchObject({ taskType: 'imagine-video', status: 'completed' });
			expect((out.workflowData?.[0][0].json.videoUrls as string[]).length, videoShape).toBe(videoShape === 'video_urls' ? 4 : 1);
		}
	});
});

describe('bodies in other plausible shapes', () => {
	it('wrapped in `data`, or with camelCase keys, with and without Verify with API', async () => {
		const task = await finishedTask();
		const camel = {
			taskId: task.task_id,
			taskType: task.task_type,
			originalImageUrl: task.original_image_url,
			imageUrls: task.image_urls,
		};
		for (const body of [{ data: task }, camel, { data: camel }]) {
			for (const verifyWithApi of [true, false]) {
				const result = await trigger(body, { parameters: { verifyWithApi } });
				const label = `${JSON.stringify(Object.keys(body))} verify ${verifyWithApi}`;
				expect(result.status, label).toBe(200);
				expect(result.workflowData?.[0][0].json, label).toMatchObject({ jobId: task.task_id, status: 'completed', verified: verifyWithApi });
				expect(result.workflowData?.[0][0].json.imageUrls, label).toEqual(task.image_urls);
			}
		}
	});

	it('the final result with status "finished" and percentage 100', async () => {
		emu.configure({ finalShape: 'finished' });
		const task = await finishedTask();
		expect(task).toMatchObject({ status: 'finished', percentage: 100 });
		const result = await trigger(task, { parameters: { verifyWithApi: false } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ status: 'completed', progress: 100, event: 'completed' });
	});

	it('a completion delivered while the API still shows the task running: 503, not remembered; the real one is emitted', async () => {
		// Longer than the trigger's read-backs (about 4 s), so the API still shows it running.
		emu.setJobDurationMs(7000);
		const taskId = await submit(emu, '/imagine', { prompt: 'slow lake' });
		const early = { task_id: taskId, task_type: 'imagine', image_urls: ['https://x.example/1.png'] };
		const staticData: IDataObject = {};
		const first = await trigger(early, { staticData });
		expect(first.status).toBe(503);
		expect(first.headers['retry-after']).toBeTruthy();
		expect(first.workflowData).toBeUndefined();
		const real = (await waitEnd(emu, taskId, 10_000)) as IDataObject;
		const second = await trigger(real, { staticData });
		expect(second.status).toBe(200);
		expect(second.workflowData?.[0][0].json).toMatchObject({ jobId: taskId, status: 'completed' });
	}, 30_000);

	describe('bad input: 400 or 413, no execution', () => {
		it('a body that is not JSON', async () => {
			const result = await trigger('this is not json', { headers: { 'content-type': 'text/plain', 'x-webhook-secret': WEBHOOK_SECRET } });
			expect(result.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
		});
		it('JSON without a task id', async () => {
			const result = await trigger({ status: 'finished' });
			expect(result.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
		});
		it('a body larger than 1 MiB', async () => {
			const result = await trigger({ task_id: 'x', padding: 'x'.repeat(1_100_000) });
			expect(result.status).toBe(413);
			expect(result.workflowData).toBeUndefined();
		});
	});
});
