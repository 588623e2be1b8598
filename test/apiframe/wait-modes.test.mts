// The wait modes and the read operations against the emulator, through n8n's engine, and the
// answer shapes apiframe-v1.md leaves open (§4: final results with or without `status`,
// failures with `message` and/or `error`; §3: videos as `video_urls` or `videoUrl`): the node is
// tested against every shape the emulator can answer, not just the one it guesses.
import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { N8N_BASE_URL } from '../harness/index.mts';
import { run as runTask, submit, waitEnd } from '../emulator/apiframe/client.mts';
import { apiframe, calls, imagine, op, startEmulator, WEBHOOK_SECRET, type ApiframeEmulator } from './support.mts';

// One emulator for the file. Tests that change its global state (faults, job duration) run one
// at a time in the last block; the others run side by side and find their own requests.
let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 16 });
});
afterAll(async () => emu?.close());

/** The submit that created `taskId`, and the body it carried. */
const submitOf = (taskId: unknown) => emu.requests.find((r) => r.method === 'POST' && r.taskId === taskId);
/** The submits to `apiPath` whose prompt is `prompt` (each test uses its own prompts). */
const submitsWith = (apiPath: string, prompt: string) => calls(emu, 'POST', apiPath).filter((r) => (r.body as IDataObject)?.prompt === prompt);

const TOKEN = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:apiframe-callback:v1')
	.digest('base64url')
	.slice(0, 32);

const getTask = (taskId: string, extra: IDataObject = {}) => op('task', 'getTask', { taskId, ...extra });

describe.concurrent('Wait for result', () => {
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
		expect(submitOf(task.jobId)?.body).toEqual({ prompt: 'a red fox in snow' });
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
});

describe.concurrent('answer shapes the docs leave open, read with Task > Get', () => {
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
		emu.configure({ finalShape: 'no-status' });
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
		emu.configure({ failureShape: 'message' });
	});

	it('videos as `video_urls` (four) or as one `videoUrl`', async () => {
		const taskId = await submit(emu, '/imagine-video', { prompt: 'waves', image_url: 'https://img.example.com/sea.png' });
		await waitEnd(emu, taskId);
		emu.configure({ videoShape: 'video_urls' });
		const four = await apiframe(emu, getTask(taskId, { options: { download: 'results' } }));
		expect(four.items.map((item) => item.binary?.data.mimeType)).toEqual(Array(4).fill('video/mp4'));
		emu.configure({ videoShape: 'videoUrl' });
		const one = await apiframe(emu, getTask(taskId, { options: { download: 'results' } }));
		emu.configure({ videoShape: 'video_urls' });
		expect(one.items).toHaveLength(1);
		expect(one.items[0].json).toMatchObject({ status: 'completed', videoUrls: [expect.stringMatching(/1\.mp4$/)] });
		expect(one.items[0].binary?.data).toMatchObject({ fileName: `${taskId}_0.mp4`, mimeType: 'video/mp4' });
	});
});

describe.concurrent('Submit only, and callbacks: webhook_url (and webhook_secret for the trigger)', () => {
	it('Submit Only returns the pending task at once, with the kind the endpoint makes, without reading it', async () => {
		const { items } = await apiframe(emu, imagine('quick', { waitMode: 'submit' }));
		expect(items[0].json).toMatchObject({ status: 'pending', taskType: 'imagine', imageUrls: [], progress: null });
		expect(emu.statusReads(String(items[0].json.jobId))).toBe(0);
	});

	it('sends any http(s) callback URL as webhook_url, without the webhook secret', async () => {
		const url = 'https://hooks.example.com/apiframe?x=1';
		const { items } = await apiframe(emu, imagine('cb', { waitMode: 'callback', callbackUrl: url }));
		expect(submitOf(items[0].json.jobId)?.body).toEqual({ prompt: 'cb', webhook_url: url });
		expect(items[0].json.status).toBe('pending');
	});

	it('for an APIFRAME Trigger: the URL with our token, and the webhook secret to come back as x-webhook-secret', async () => {
		const url = 'https://n8n.example.com/webhook/apiframe-results';
		const { items, error } = await apiframe(emu, imagine('to trigger', { waitMode: 'trigger', triggerUrl: url }));
		expect(error).toBeUndefined();
		expect(submitOf(items[0].json.jobId)?.body).toEqual({
			prompt: 'to trigger',
			webhook_url: `${url}?token=${TOKEN}`,
			webhook_secret: WEBHOOK_SECRET,
		});
		expect(JSON.stringify(items[0].json)).not.toContain(WEBHOOK_SECRET);
		expect(JSON.stringify(items[0].json)).not.toContain(TOKEN);
	});

	it('builds the trigger URL from a bare webhook path', async () => {
		const { items } = await apiframe(emu, imagine('path only', { waitMode: 'trigger', triggerUrl: 'apiframe-results/apiframe' }));
		const sent = submitOf(items[0].json.jobId)?.body as IDataObject;
		expect(sent.webhook_url).toBe(`${N8N_BASE_URL}/webhook/apiframe-results/apiframe?token=${TOKEN}`);
	});

	it('refuses the trigger mode when the credential has no webhook secret, sending nothing', async () => {
		const { error } = await apiframe(emu, imagine('no secret', { waitMode: 'trigger', triggerUrl: 'x' }), [{}], {
			credentialOverrides: { webhookSecret: '' },
		});
		expect(error?.message).toMatch(/Webhook Secret is empty/);
		expect(submitsWith('/imagine', 'no secret')).toHaveLength(0);
	});

	it('sends the execution resume URL for the Wait-node pattern, without the secret', async () => {
		const { items } = await apiframe(emu, imagine('resume me', { waitMode: 'resume' }));
		const sent = submitOf(items[0].json.jobId)?.body as IDataObject;
		expect(String(sent.webhook_url).startsWith(`${N8N_BASE_URL}/webhook-waiting/`)).toBe(true);
		expect(sent.webhook_secret).toBeUndefined();
	});
});

describe.concurrent('Task > Get and Task > Get Many', () => {
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
		// The wait read all three together, with fetch-many.
		const together = emu.requests.filter((r) => r.apiPath === '/fetch-many' && ids.every((id) => r.readTaskIds?.includes(id)));
		expect(together.length).toBeGreaterThanOrEqual(2);
	});
});

describe('one at a time: faults and slow tasks', () => {
	afterEach(() => {
		emu.clearFaults();
		emu.setJobDurationMs(600);
	});

	it('stops at the timeout, says the task keeps running, and does not resubmit', async () => {
		emu.setJobDurationMs(8000);
		const started = Date.now();
		const { error } = await apiframe(emu, imagine('slow', { options: { timeout: 2 } }));
		expect(Date.now() - started).toBeLessThan(6000);
		expect(error?.message).toMatch(/is still (pending|staged|starting|processing).* after 2 s/);
		expect(error?.description).toMatch(/Task > Get/);
		expect(submitsWith('/imagine', 'slow')).toHaveLength(1);
	});

	it('honours Retry-After on a status read that gets 429', async () => {
		emu.addFault({ method: 'POST', path: '/fetch', kind: 'status', status: 429, retryAfter: 2 });
		const { items, error } = await apiframe(emu, imagine('patient'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const reads = calls(emu, 'POST', '/fetch').filter((r) => (r.body as IDataObject).task_id === items[0].json.jobId);
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
		expect(submitsWith('/imagine', 'sturdy')).toHaveLength(1);
		// Faulted reads (answered before their body is read, so found by time), then the result.
		const submittedAt = submitOf(items[0].json.jobId)!.at;
		const reads = calls(emu, 'POST', '/fetch').filter((r) => r.at >= submittedAt);
		expect(reads.slice(0, 3).map((r) => r.status)).toEqual([503, 0, 200]);
		expect(reads.length).toBeGreaterThanOrEqual(4);
	});

	it('a task in progress, then "retrying" (queued for another attempt), then finished', async () => {
		emu.setJobDurationMs(4000);
		const taskId = await submit(emu, '/imagine', { prompt: 'second try [emulator:retry]' });
		// The emulator's timeline: processing from 15%, retrying between 40% and 55% of 4 s.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const processing = await apiframe(emu, getTask(taskId));
		const raw = processing.items[0].json.raw as IDataObject;
		expect(raw.status).toBe('processing');
		expect(typeof raw.percentage).toBe('string');
		expect(processing.items[0].json).toMatchObject({ status: 'processing', progress: Number(raw.percentage), imageUrls: [] });
		await new Promise((resolve) => setTimeout(resolve, 900));
		const retrying = await apiframe(emu, getTask(taskId));
		expect(retrying.items[0].json).toMatchObject({ status: 'retrying', progress: null });
		const done = await apiframe(emu, getTask(taskId, { waitForFinish: true }));
		expect(done.items[0].json).toMatchObject({ status: 'completed', progress: 100 });
	});
});
