// The wait modes and the read operations against the emulator, through n8n's engine, and the
// answer shapes apiframe-v1.md leaves open (§4: final results with or without `status`,
// failures with `message` and/or `error`; §3: videos as `video_urls` or `videoUrl`): the node is
// tested against every shape the emulator can answer, not just the one it guesses.
import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { N8N_BASE_URL } from '../harness/index.mts';
import { run as runTask, submit, waitEnd } from '../emulator/apiframe/client.mts';
import { apiframe, calls, imagine, op, startEmulator, WEBHOOK_SECRET, type ApiframeEmulator } from './support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 16 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const TOKEN = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:apiframe-callback:v1')
	.digest('base64url')
	.slice(0, 32);

const getTask = (taskId: string, extra: IDataObject = {}) => op('task', 'getTask', { taskId, ...extra });

describe('Wait for result', () => {
	it('polls POST /fetch until the result and outputs the one shape', async () => {
		const { items, error } = await apiframe(emu, imagine('a red fox in snow'));
		expect(error).toBeUndefined();
		const task = items[0].json;
		expect(task).toMatchObject({
			provider: 'APIFRAME',
			taskType: 'imagine',
			status: 'completed',
			progress: 100,
			error: null,
			prompt: 'a red fox in snow',
			videoUrls: [],
			seed: null,
		});
		expect(task.jobId).toMatch(/^[0-9a-f-]{36}$/);
		expect(task.imageUrls).toHaveLength(4);
		expect((task.raw as IDataObject).task_id).toBe(task.jobId);
		expect(calls(emu, 'POST', '/fetch').map((r) => r.body)).toContainEqual({ task_id: task.jobId });
		expect(emu.statusReads(String(task.jobId))).toBeGreaterThan(0);
	});

	it('reports a failed task as an error with APIFRAME\'s own message', async () => {
		const { error } = await apiframe(emu, imagine('a cat [emulator:fail]'));
		expect(error?.message).toMatch(/^APIFRAME job [0-9a-f-]+ failed: Task failed \(the prompt contains \[emulator:fail\]\)/);
	});

	it('gives an error item for a failed task under Continue On Fail; the other items go on', async () => {
		const { items, error } = await apiframe(emu, imagine('={{ $json.prompt }}'), [{ prompt: 'ok one' }, { prompt: 'bad [emulator:fail]' }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect(String(items[1].json.error)).toMatch(/failed/);
	});

	it('stops at the timeout, says the task keeps running, and does not resubmit', async () => {
		emu.setJobDurationMs(8000);
		const started = Date.now();
		const { error } = await apiframe(emu, imagine('slow', { options: { timeout: 2 } }));
		expect(Date.now() - started).toBeLessThan(6000);
		expect(error?.message).toMatch(/is still (pending|staged|starting|processing).* after 2 s/);
		expect(error?.description).toMatch(/Task > Get/);
		expect(calls(emu, 'POST', '/imagine')).toHaveLength(1);
	});

	it('honours Retry-After on a status read that gets 429', async () => {
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'status', status: 429, retryAfter: 2 });
		const { items, error } = await apiframe(emu, imagine('patient'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const reads = calls(emu, 'POST', '/fetch');
		const limited = reads.findIndex((r) => r.status === 429);
		expect(limited).toBeGreaterThanOrEqual(0);
		expect(reads[limited + 1].at - reads[limited].at).toBeGreaterThanOrEqual(1900);
	});

	it('absorbs 5xx, resets and malformed JSON while polling, and never resubmits', async () => {
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'status', status: 503 });
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'reset' });
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'malformed' });
		const { items, error } = await apiframe(emu, imagine('sturdy'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect(calls(emu, 'POST', '/imagine')).toHaveLength(1);
		expect(calls(emu, 'POST', '/fetch').length).toBeGreaterThanOrEqual(4);
	});

	it('waits through a "retrying" status (queued for another attempt) to the result', async () => {
		emu.setJobDurationMs(2500);
		const { items, error } = await apiframe(emu, imagine('second try [emulator:retry]'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
	});
});

describe('answer shapes the docs leave open, read with Task > Get', () => {
	it('a final result with no status and with status "finished" (percentage the number 100)', async () => {
		const taskId = await submit(emu, '/imagine', { prompt: 'shapes' });
		await waitEnd(emu, taskId);
		for (const finalShape of ['no-status', 'finished'] as const) {
			emu.configure({ finalShape });
			const { items, error } = await apiframe(emu, getTask(taskId));
			expect(error, finalShape).toBeUndefined();
			expect(items[0].json, finalShape).toMatchObject({ jobId: taskId, status: 'completed', progress: 100 });
			expect(items[0].json.imageUrls, finalShape).toHaveLength(4);
			expect((items[0].json.raw as IDataObject).status, finalShape).toBe(finalShape === 'finished' ? 'finished' : undefined);
		}
	});

	it('a failure that says why in `message`, in `error`, or in both', async () => {
		const taskId = await submit(emu, '/imagine', { prompt: 'doomed [emulator:fail]' });
		await waitEnd(emu, taskId);
		for (const failureShape of ['message', 'error', 'both'] as const) {
			emu.configure({ failureShape });
			const { items, error } = await apiframe(emu, getTask(taskId));
			expect(error, failureShape).toBeUndefined();
			expect(items[0].json, failureShape).toMatchObject({
				status: 'failed',
				error: { code: null, message: 'Task failed (the prompt contains [emulator:fail])' },
			});
		}
	});

	it('videos as `video_urls` (four) or as one `videoUrl`', async () => {
		const taskId = await submit(emu, '/imagine-video', { prompt: 'waves', image_url: 'https://img.example.com/sea.png' });
		await waitEnd(emu, taskId);
		emu.configure({ videoShape: 'video_urls' });
		const four = await apiframe(emu, getTask(taskId, { options: { download: 'results' } }));
		expect(four.items.map((item) => item.binary?.data.mimeType)).toEqual(Array(4).fill('video/mp4'));
		emu.configure({ videoShape: 'videoUrl' });
		const one = await apiframe(emu, getTask(taskId, { options: { download: 'results' } }));
		expect(one.items).toHaveLength(1);
		expect(one.items[0].json).toMatchObject({ status: 'completed', videoUrls: [expect.stringMatching(/1\.mp4$/)] });
		expect(one.items[0].binary?.data).toMatchObject({ fileName: `${taskId}_0.mp4`, mimeType: 'video/mp4' });
	});

	it('a task in progress: APIFRAME\'s status word and the string percentage as a number', async () => {
		emu.setJobDurationMs(4000);
		const taskId = await submit(emu, '/imagine', { prompt: 'midway' });
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const { items } = await apiframe(emu, getTask(taskId));
		const raw = items[0].json.raw as IDataObject;
		expect(raw.status).toBe('processing');
		expect(typeof raw.percentage).toBe('string');
		expect(items[0].json).toMatchObject({ status: 'processing', progress: Number(raw.percentage), imageUrls: [] });
	});
});

describe('Submit only', () => {
	it('returns the pending task at once, with the kind the endpoint makes, without reading it', async () => {
		const { items, error } = await apiframe(emu, op('image', 'upscale1x', { waitMode: 'submit' }), [{ jobId: 'x' }], { continueOnFail: true });
		// APIFRAME refuses the unknown parent: the node reports it, nothing is read.
		expect(error).toBeUndefined();
		expect(String(items[0].json.error)).toMatch(/parent_task_id: no task with id x/);
		const submitted = await apiframe(emu, imagine('quick', { waitMode: 'submit' }));
		expect(submitted.items[0].json).toMatchObject({ status: 'pending', taskType: 'imagine', imageUrls: [], progress: null });
		expect(calls(emu, 'POST', '/fetch')).toHaveLength(0);
	});
});

describe('Callbacks: webhook_url (and webhook_secret for the trigger)', () => {
	it('sends any http(s) callback URL as webhook_url, without the webhook secret', async () => {
		const url = 'https://hooks.example.com/apiframe?x=1';
		const { items } = await apiframe(emu, imagine('cb', { waitMode: 'callback', callbackUrl: url }));
		expect(calls(emu, 'POST', '/imagine')[0].body).toEqual({ prompt: 'cb', webhook_url: url });
		expect(items[0].json.status).toBe('pending');
	});

	it('for an APIFRAME Trigger: the URL with our token, and the webhook secret to come back as x-webhook-secret', async () => {
		const url = 'https://n8n.example.com/webhook/apiframe-results';
		const { items, error } = await apiframe(emu, imagine('to trigger', { waitMode: 'trigger', triggerUrl: url }));
		expect(error).toBeUndefined();
		expect(calls(emu, 'POST', '/imagine')[0].body).toEqual({
			prompt: 'to trigger',
			webhook_url: `${url}?token=${TOKEN}`,
			webhook_secret: WEBHOOK_SECRET,
		});
		expect(JSON.stringify(items[0].json)).not.toContain(WEBHOOK_SECRET);
		expect(JSON.stringify(items[0].json)).not.toContain(TOKEN);
	});

	it('builds the trigger URL from a bare webhook path', async () => {
		await apiframe(emu, imagine('path only', { waitMode: 'trigger', triggerUrl: 'apiframe-results/apiframe' }));
		const sent = calls(emu, 'POST', '/imagine')[0].body as IDataObject;
		expect(sent.webhook_url).toBe(`${N8N_BASE_URL}/webhook/apiframe-results/apiframe?token=${TOKEN}`);
	});

	it('refuses the trigger mode when the credential has no webhook secret, sending nothing', async () => {
		const { error } = await apiframe(emu, imagine('no secret', { waitMode: 'trigger', triggerUrl: 'x' }), [{}], {
			credentialOverrides: { webhookSecret: '' },
		});
		expect(error?.message).toMatch(/Webhook Secret is empty/);
		expect(emu.requests).toHaveLength(0);
	});

	it('sends the execution resume URL for the Wait-node pattern, without the secret', async () => {
		await apiframe(emu, imagine('resume me', { waitMode: 'resume' }));
		const sent = calls(emu, 'POST', '/imagine')[0].body as IDataObject;
		expect(String(sent.webhook_url).startsWith(`${N8N_BASE_URL}/webhook-waiting/`)).toBe(true);
		expect(sent.webhook_secret).toBeUndefined();
	});
});

describe('Task > Get and Task > Get Many', () => {
	it('reads the current state, or waits until finished when asked', async () => {
		const submitted = await apiframe(emu, imagine('later', { waitMode: 'submit' }));
		const jobId = submitted.items[0].json.jobId as string;
		const now = await apiframe(emu, getTask(jobId));
		expect(now.items[0].json.jobId).toBe(jobId);
		expect(['pending', 'staged', 'starting', 'processing']).toContain(now.items[0].json.status);
		const done = await apiframe(emu, op('task', 'getTask', { waitForFinish: true }), [submitted.items[0].json]);
		expect(done.error).toBeUndefined();
		expect(done.items[0].json).toMatchObject({ jobId, status: 'completed', taskType: 'imagine' });
	});

	it('returns a failed task as data when not waiting', async () => {
		const failed = await runTask(emu, '/imagine', { prompt: 'x [emulator:fail]' });
		const { items, error } = await apiframe(emu, op('task', 'getTask'), [{ task_id: failed.task_id }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/emulator:fail/) } });
	});

	it('an unknown task: APIFRAME\'s 400 with its message and a hint', async () => {
		const { error } = await apiframe(emu, getTask('no-such-task'));
		expect(error?.message).toBe('APIFRAME: task_id: no task with id no-such-task');
		expect(error?.description).toMatch(/Check the fields named in the message/);
	});

	it('Get Many with Wait Until Finished: all tasks, one item each; failed ones as data; read with fetch-many', async () => {
		const ids = await Promise.all(
			['one', 'two', 'three [emulator:fail]'].map(async (prompt) => await submit(emu, '/imagine', { prompt })),
		);
		const { items, error } = await apiframe(emu, op('task', 'getManyTasks', { taskIds: ids, waitForFinish: true }));
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.jobId, item.json.status])).toEqual([
			[ids[0], 'completed'],
			[ids[1], 'completed'],
			[ids[2], 'failed'],
		]);
		expect(emu.statusReadCalls().fetch).toBe(0);
		expect(emu.statusReadCalls().fetchMany).toBeGreaterThanOrEqual(2);
	});
});
