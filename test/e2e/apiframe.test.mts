/**
 * The APIFRAME nodes inside a real n8n 2.41 (the built package loaded as an installed community
 * package), driven through n8n's REST API against the APIFRAME emulator running in this process:
 *
 * - the credential test (GET /account) with a good and a wrong key;
 * - the examples as a user imports them: the batch (wait + binaries), the webhook pipeline
 *   (Imagine -> APIFRAME Trigger -> Upscale 1x -> APIFRAME Trigger -> file on disk, with
 *   APIFRAME's progress updates arriving too), forged deliveries (401, no execution), concurrent
 *   duplicate deliveries (one execution), and the Wait-node flow;
 * - every APIFRAME operation once, in generated workflows, each node's output checked.
 *
 * One n8n and one emulator for the whole file; the tests are independent and run concurrently.
 * Run: cd /work/main && npm run build && E2E_N8N_DIR=/work/n8n-cache npx vitest run test/e2e/apiframe.test.mts
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

import { startApiframeEmulator } from '../emulator/apiframe/index.mts';
import { run as runTask } from '../emulator/apiframe/client.mts';
import { API_KEY, APIFRAME, APIFRAME_E2E, APIFRAME_TRIGGER, WEBHOOK_SECRET } from './apiframe-support.mts';
import { nodeOutput } from './n8n-instance.mts';
import { useN8nWithEmulator } from './provider-file.mts';
import {
	binaryBytes,
	expectNoSecretsIn,
	failure,
	finishedWebhookExecutions,
	items,
	node,
	operationProblems,
	operationsOf,
	PNG_SIGNATURE,
	runOf,
	runToEnd,
	sleep,
	webhookExecutions,
	type OperationGroups,
	type OperationStep,
} from './provider-support.mts';

const JOB_MS = 1500;

const { instance, emulator, credential, filesDir } = useN8nWithEmulator({
	name: 'apiframe',
	startEmulator: () => startApiframeEmulator({ host: '127.0.0.1', jobDurationMs: JOB_MS, apiKey: API_KEY, imageSize: 64 }),
	createCredential: (n8n, emu) => APIFRAME_E2E.createCredential(n8n, { apiKey: emu.apiKey, baseUrl: emu.baseUrl }),
	filesDir: true,
});

/** The body of the POST to `apiPath` that created `taskId`. */
function sentFor(apiPath: string, taskId: unknown): Record<string, unknown> | undefined {
	return emulator().requests.find((r) => r.method === 'POST' && r.apiPath === apiPath && r.taskId === taskId)?.body as
		| Record<string, unknown>
		| undefined;
}

describe.concurrent('APIFRAME nodes in real n8n', () => {
	it('loads both nodes and the credential; the credential test reads GET /account', async ({ expect }) => {
		const api = instance().api;
		const names = (await api.nodeTypes()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining([APIFRAME, APIFRAME_TRIGGER]));
		expect((await api.credentialTypes()).map((c) => c.name)).toContain('apiframeApi');

		// The editor's "Test" button: POST /rest/credentials/test with the credential as filled in.
		const test = async (apiKey: string) =>
			await APIFRAME_E2E.testCredential(instance(), { apiKey, baseUrl: `${emulator().baseUrl}/`, webhookSecret: '' }, `APIFRAME test ${apiKey}`);
		expect(await test(API_KEY)).toMatchObject({ status: 'OK' });
		expect(await test('not-the-key')).toMatchObject({ status: 'Error' });
		const accountReads = emulator().requests.filter((r) => r.method === 'GET' && r.apiPath === '/account');
		expect(accountReads.map((r) => [r.auth, r.status])).toEqual(expect.arrayContaining([['raw', 200], ['wrong', 401]]));
	});

	it('batch example: three prompts, each waited for with fetch-many, results downloaded as PNG binaries', async ({ expect }) => {
		const exec = await runToEnd(instance(), APIFRAME_E2E.loadExample('apiframe-batch-prompts', credential()), 60_000);
		expect(exec.status, failure(exec)).toBe('success');

		const out = items(exec, 'Imagine');
		const tasks = [...new Set(out.map((i) => String(i.json.jobId)))];
		expect(tasks).toHaveLength(3);
		expect(out).toHaveLength(12);
		for (const item of out) {
			expect(item.json).toMatchObject({ status: 'completed', taskType: 'imagine', provider: 'APIFRAME', error: null });
			const index = (item.json.file as { index: number }).index;
			expect(item.binary?.data).toMatchObject({ fileName: `${String(item.json.jobId)}_${index}.png`, mimeType: 'image/png' });
		}
		expect((await binaryBytes(instance(), out[0].binary!.data)).subarray(0, 8)).toEqual(PNG_SIGNATURE);
		// Each prompt went out once, as typed, with the aspect ratio field.
		const sent = tasks.map((task) => sentFor('/imagine', task)).map((body) => `${String(body?.prompt)} ${String(body?.aspect_ratio)}`);
		expect(sent.sort()).toEqual(['A paper boat on a pond 1:1', 'A red bicycle in the rain 1:1', 'A snowy mountain hut at night 1:1']);
		// The three tasks were read together.
		const reads = emulator().requests.filter((r) => r.apiPath === '/fetch-many' && tasks.some((t) => r.readTaskIds?.includes(t)));
		expect(reads.length).toBeGreaterThan(0);
		expect(reads.every((r) => r.readTaskIds?.length === 3)).toBe(true);
	}, 90_000);

	it('webhook pipeline example: Imagine -> Grid ready -> Upscale 1x -> Upscale ready -> file on disk; forged deliveries get 401', async ({ expect }) => {
		const api = instance().api;
		const json = APIFRAME_E2E.loadExample('apiframe-callback-pipeline', credential());
		// The example writes under /home/node/.n8n-files (n8n's Docker image); here a temp dir is allowed.
		const save = node(json, 'Save file');
		expect(String(save.parameters.fileName)).toMatch(/\{\{ \$binary\.data\.fileName \}\}$/);
		save.parameters.fileName = `=${filesDir()}/{{ $binary.data.fileName }}`;
		const wf = await api.importWorkflow(json);
		await api.activateWorkflow(wf.id);

		const { executionId } = await api.runWorkflowManually(wf.id, { triggerNodeName: 'Every morning' });
		const first = await api.waitForExecution({ id: executionId, timeoutMs: 30_000 });
		expect(first.status, failure(first)).toBe('success');
		const [submitted] = nodeOutput(first, 'Imagine');
		expect(submitted).toMatchObject({ status: 'pending', taskType: 'imagine' });
		const gridTaskId = String(submitted.jobId);
		// The task carries the trigger's URL with our token, and the webhook secret for the header.
		const imagineBody = sentFor('/imagine', gridTaskId);
		expect(imagineBody).toMatchObject({ prompt: 'A lighthouse at dawn, soft watercolor, seagulls --ar 3:2', webhook_secret: WEBHOOK_SECRET });
		expect(String(imagineBody?.webhook_url)).toMatch(new RegExp(`^${instance().url}/webhook/apiframe-grid-ready/apiframe\\?token=[\\w-]{20,}$`));

		// APIFRAME posts progress updates and the result; only the results start executions.
		const finished = await finishedWebhookExecutions(instance(), wf.id, 2);
		const deliveries = () => emulator().callbacks.map((c) => ({ task: c.taskId, event: c.event, status: c.status, error: c.error }));
		expect(finished, JSON.stringify(deliveries())).toHaveLength(2);
		const gridExec = finished.find((e) => e.data.resultData.runData['Grid ready'])!;
		const upscaleExec = finished.find((e) => e.data.resultData.runData['Upscale ready'])!;
		expect(gridExec.status, failure(gridExec)).toBe('success');
		expect(upscaleExec.status, failure(upscaleExec)).toBe('success');

		const [grid] = nodeOutput(gridExec, 'Grid ready');
		expect(grid).toMatchObject({ jobId: gridTaskId, status: 'completed', event: 'completed', verified: true, taskType: 'imagine' });
		const [upscaleSubmitted] = nodeOutput(gridExec, 'Upscale image 1');
		expect(upscaleSubmitted).toMatchObject({ status: 'pending', taskType: 'upscale-1x' });
		const upscaleBody = sentFor('/upscale-1x', upscaleSubmitted.jobId);
		expect(upscaleBody).toMatchObject({ parent_task_id: gridTaskId, index: '1', webhook_secret: WEBHOOK_SECRET });
		expect(String(upscaleBody?.webhook_url)).toMatch(new RegExp(`^${instance().url}/webhook/apiframe-upscale-ready/apiframe\\?token=`));
		expect(JSON.stringify(upscaleSubmitted)).not.toContain(WEBHOOK_SECRET);

		const upscaled = items(upscaleExec, 'Upscale ready');
		expect(upscaled).toHaveLength(1);
		expect(upscaled[0].json).toMatchObject({ jobId: upscaleSubmitted.jobId, status: 'completed', taskType: 'upscale#1', verified: true });
		const fileName = `${String(upscaleSubmitted.jobId)}_0.png`;
		expect(upscaled[0].binary?.data).toMatchObject({ fileName, mimeType: 'image/png' });
		runOf(upscaleExec, 'Save file');
		const written = join(filesDir(), fileName);
		expect(existsSync(written), `files: ${readdirSync(filesDir()).join(', ')}`).toBe(true);
		expect(readFileSync(written).subarray(0, 8)).toEqual(PNG_SIGNATURE);

		// Every delivery of both tasks (progress and result) was accepted at once, with the header.
		const real = emulator().callbacks.filter((c) => c.source === 'task' && [gridTaskId, upscaleSubmitted.jobId].includes(c.taskId));
		expect(real.filter((c) => c.event === 'processing').length).toBeGreaterThan(0);
		expect(real.every((c) => c.status === 200), JSON.stringify(deliveries())).toBe(true);
		expect(real.every((c) => c.headers['x-webhook-secret'] === '[redacted]')).toBe(true);

		// Forged deliveries: no secret, a wrong one, the secret in the wrong header -> 401, no execution.
		const triggerUrl = `${instance().webhookBaseUrl}apiframe-grid-ready/apiframe`;
		const forged = { ...(grid.raw as object), task_id: '00000000-0000-4000-8000-00000000f0a9' };
		const before = (await api.listExecutions({ workflowId: wf.id }, 100)).length;
		expect(await emulator().deliverCallback(triggerUrl, forged)).toBe(401);
		expect(await emulator().deliverCallback(triggerUrl, forged, { 'x-webhook-secret': 'guess' })).toBe(401);
		expect(await emulator().deliverCallback(triggerUrl, forged, { 'x-apiframe-signature': WEBHOOK_SECRET })).toBe(401);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=not-the-token`, forged)).toBe(401);
		// The right secret with a task APIFRAME does not know: accepted, read back, dropped.
		expect(await emulator().deliverCallback(triggerUrl, forged, { 'x-webhook-secret': WEBHOOK_SECRET })).toBe(200);
		await sleep(1500);
		expect((await api.listExecutions({ workflowId: wf.id }, 100)).length).toBe(before);
		expect(instance().logs()).toContain('APIFRAME Trigger refused a callback (401)');
		for (const secret of [API_KEY, WEBHOOK_SECRET]) expect(instance().logs()).not.toContain(secret);
		for (const exec of finished) expect(JSON.stringify(exec.data).includes(API_KEY), exec.id).toBe(false);

		// Concurrent duplicates: one finished Upscale 1x task delivered 12 times at once -> one execution.
		const parent = await runTask(emulator(), '/imagine', { prompt: 'duplicates' });
		const upscale = await runTask(emulator(), '/upscale-1x', { parent_task_id: parent.task_id, index: '3' });
		const upscaleUrl = `${instance().webhookBaseUrl}apiframe-upscale-ready/apiframe`;
		const statuses = await Promise.all(
			Array.from({ length: 12 }, async () => await emulator().deliverCallback(upscaleUrl, upscale, { 'x-webhook-secret': WEBHOOK_SECRET })),
		);
		expect(statuses).toEqual(Array(12).fill(200));
		await sleep(2000);
		const forUpscale = (await webhookExecutions(instance(), wf.id)).filter(
			(e) => e.data.resultData.runData['Upscale ready'] && nodeOutput(e, 'Upscale ready')[0]?.jobId === upscale.task_id,
		);
		expect(forUpscale).toHaveLength(1);
		expect(forUpscale[0].status, failure(forUpscale[0])).toBe('success');

		await api.deactivateWorkflow(wf.id);
	}, 150_000);

	it('wait-resume example: the execution waits, an APIFRAME webhook resumes it, Get result waits for the finished task', async ({ expect }) => {
		const api = instance().api;
		const wf = await api.importWorkflow(APIFRAME_E2E.loadExample('apiframe-wait-resume', credential()));
		const { executionId } = await api.runWorkflowManually(wf.id, { triggerNodeName: 'Start' });
		// The execution pauses in the Wait node until APIFRAME posts to its resume URL (the first
		// progress update may come at once, so its 'waiting' state is not always seen from here).
		const exec = await api.waitForExecution({ id: executionId, timeoutMs: 45_000 });
		expect(exec.status, failure(exec)).toBe('success');
		const [submitted] = nodeOutput(exec, 'Imagine');
		expect(submitted).toMatchObject({ status: 'pending', taskType: 'imagine' });
		expect(String(sentFor('/imagine', submitted.jobId)?.webhook_url)).toMatch(new RegExp(`^${instance().url}/webhook-waiting/${executionId}\\b`));
		expect(sentFor('/imagine', submitted.jobId)?.webhook_secret).toBeUndefined();
		// Resumed by one of APIFRAME's posts (a progress update or the result), not by the time limit.
		const [resumedWith] = nodeOutput(exec, 'Wait for webhook');
		expect((resumedWith.body as Record<string, unknown>).task_id).toBe(submitted.jobId);
		const accepted = emulator().callbacks.filter((c) => c.taskId === submitted.jobId && c.status === 200);
		expect(accepted.some((c) => c.url.startsWith(`${instance().url}/webhook-waiting/${executionId}`))).toBe(true);
		const result = items(exec, 'Get result');
		expect(result).toHaveLength(4);
		result.forEach((item, index) => {
			expect(item.json).toMatchObject({ jobId: submitted.jobId, status: 'completed', file: { index } });
			expect(item.binary?.data).toMatchObject({ fileName: `${String(submitted.jobId)}_${index}.png`, mimeType: 'image/png' });
		});
	}, 90_000);

	describe('every APIFRAME operation once (generated workflows, run side by side)', () => {
		const IMG = 'https://images.example.com/photos';
		const image = (operation: string, params: Record<string, unknown> = {}) => ({ resource: 'image', operation, waitMode: 'wait', ...params });
		const video = (operation: string, params: Record<string, unknown> = {}) => ({ resource: 'video', operation, waitMode: 'wait', ...params });
		const gridSource = (prompt: string): OperationStep => ({ name: 'Imagine', params: image('imagine', { prompt, processMode: 'fast' }), expect: 'imagine' });

		// Each group is one workflow; groups run concurrently, steps of a group in order.
		const groups: OperationGroups = {
			'grid follow-ups': [
				gridSource('A lighthouse at dawn, watercolor --ar 3:2'),
				{ name: 'Reroll', after: 'Imagine', params: image('reroll', { prompt: 'at dusk' }), expect: 'reroll' },
				{ name: 'Variations', after: 'Imagine', params: image('variations', { index: 2, prompt: 'more seagulls' }), expect: 'variation-2' },
				{ name: 'Seed', after: 'Imagine', params: image('seed'), expect: (out, expect) => expect(out[0].json.seed).toMatch(/^\d+$/) },
				{ name: 'High-Res of a grid image', after: 'Imagine', params: image('upscaleHighres', { highresIndex: 3, highresType: '4x' }), expect: 'upscale-4x' },
			],
			'upscale follow-ups': [
				gridSource('A fox in a snowy forest'),
				{ name: 'Upscale 1x', after: 'Imagine', params: image('upscale1x', { index: 4, options: { download: 'results' } }), expect: 'upscale#4' },
				{ name: 'Upscale Alt', after: 'Upscale 1x', params: image('upscaleAlt', { upscaleType: 'subtle' }), expect: 'upscale-subtle' },
				// The upscaled image itself, from n8n's binary store, stands in for a mask.
				{ name: 'Inpaint', after: 'Upscale 1x', params: image('inpaint', { maskSource: 'binary', maskBinaryProperty: 'data', prompt: 'a red scarf' }), expect: 'inpaint' },
				{ name: 'Outpaint', after: 'Upscale 1x', params: image('outpaint', { zoom: 1.5 }), expect: 'outpaint-1.5' },
				{ name: 'Pan', after: 'Upscale 1x', params: image('pan', { direction: 'left', prompt: 'a valley' }), expect: 'pan-left' },
			],
			video: [
				{
					name: 'Imagine Video',
					params: video('imagineVideo', { prompt: 'waves roll in', imageUrl: `${IMG}/sea.png`, motion: 'high' }),
					expect: (out, expect) => {
						expect(out[0].json).toMatchObject({ taskType: 'imagine-video' });
						expect(out[0].json.videoUrls).toHaveLength(4);
					},
				},
				{
					name: 'Extend Video',
					after: 'Imagine Video',
					params: video('extendVideo', { index: 2, prompt: 'the tide goes out', options: { download: 'results', binaryLayout: 'oneItem' } }),
					expect: (out, expect) => {
						expect(out[0].json).toMatchObject({ taskType: 'imagine-video-extend' });
						expect(out[0].binary?.data_0).toMatchObject({ mimeType: 'video/mp4' });
					},
				},
			],
			'URL and text tools': [
				{ name: 'Blend', params: image('blend', { imageUrls: [`${IMG}/a.png`, `${IMG}/b.png`], dimension: 'landscape' }), expect: 'blend' },
				{
					name: 'Describe',
					after: 'Blend',
					params: image('describe', { imageUrl: `${IMG}/red-bicycle.png` }),
					expect: (out, expect) => expect(out[0].json.prompts).toHaveLength(4),
				},
				{
					name: 'Get Many',
					after: 'Describe',
					params: { resource: 'task', operation: 'getManyTasks', taskIds: "={{ [$('Blend').first().json.jobId, $json.jobId] }}" },
					expect: (out, expect) => expect(out.map((item) => item.json.taskType)).toEqual(['blend', 'describe']),
				},
				{
					name: 'Shorten',
					after: 'Get Many',
					params: image('shorten', { prompt: 'A very detailed, highly intricate painting of an old lighthouse on a cliff at dawn', waitMode: 'submit' }),
					expect: (out, expect) => expect(out[0].json).toMatchObject({ status: 'pending', taskType: 'shorten' }),
				},
				{
					name: 'Task Get',
					after: 'Shorten',
					params: { resource: 'task', operation: 'getTask', waitForFinish: true },
					expect: (out, expect) => {
						expect(out[0].json.taskType).toBe('shorten');
						expect((out[0].json.prompts as string[]).length).toBeGreaterThan(0);
					},
				},
			],
			'your own images': [
				{ name: 'Face Swap', params: image('faceSwap', { targetImageUrl: `${IMG}/poster.png`, swapImageUrl: `${IMG}/me.png` }), expect: 'faceswap' },
				{ name: 'High-Res of a URL', after: 'Face Swap', params: image('upscaleHighres', { highresSource: 'url', imageUrl: `${IMG}/cat.png` }), expect: 'upscale-2x' },
				{
					name: 'Account',
					after: 'High-Res of a URL',
					params: { resource: 'account', operation: 'getAccount' },
					expect: (out, expect) => {
						expect(out[0].json).toEqual({ email: expect.any(String), credits: expect.any(Number), total_images: expect.any(Number), plan: expect.any(String) });
					},
				},
			],
		};

		it('runs all 19 operations; each node outputs its finished task (or the account)', async ({ expect }) => {
			expect(new Set(operationsOf(groups)).size).toBe(19);

			const results = await APIFRAME_E2E.runOperationGroups(instance(), groups, credential(), 100_000);
			const problems = operationProblems(
				results,
				{
					items: ({ step, out }) => {
						if (step.params.resource !== 'account' && step.params.waitMode !== 'submit') {
							for (const item of out) expect(item.json, step.name).toMatchObject({ status: 'completed', error: null, provider: 'APIFRAME' });
						}
					},
					// Follow-ups used the incoming item's task (the Parent Task ID default).
					after: ({ step, out, exec, steps }) => {
						const parentStep = steps.find((s) => s.name === step.after);
						const sent = emulator().requests.find((q) => q.taskId === out[0].json.jobId)?.body as Record<string, unknown> | undefined;
						if (parentStep && step.params.resource === 'image' && !['describe', 'shorten', 'faceSwap', 'blend'].includes(String(step.params.operation)) && step.params.highresSource !== 'url') {
							const source = exec.data.resultData.runData[step.after!][0].data!.main![0]![0].json.jobId;
							expect(sent?.parent_task_id ?? sent?.task_id, `${step.name} parent`).toBe(source);
						}
					},
				},
				expect,
			);
			expect(problems).toEqual([]);
			// Inpaint sent the upscaled image's bytes as a PNG data URL.
			const upscaleGroup = results.find((r) => r.name === 'upscale follow-ups')!;
			const inpaintTask = upscaleGroup.exec.data.resultData.runData.Inpaint[0].data!.main![0]![0].json.jobId;
			expect(String(sentFor('/inpaint', inpaintTask)?.mask)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
			// No output of any operation carries the API key or the webhook secret.
			expectNoSecretsIn(results, [API_KEY, WEBHOOK_SECRET], expect);
		}, 150_000);
	});
});
