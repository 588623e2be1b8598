/**
 * The Legnext nodes inside a real n8n 2.41 (the built package loaded as an installed community
 * package), driven through n8n's REST API against the Legnext emulator running in this process:
 *
 * - the example workflows as a user imports them (credential reference replaced by a real one):
 *   the batch (wait + binaries), the trigger pipeline (activate, callbacks through the Legnext
 *   Trigger, file written to disk; forged callbacks refused), the Wait-node resume flow and its
 *   fallback when the callback never comes;
 * - every Legnext operation once, in generated workflows, each node's output checked.
 *
 * One n8n and one emulator for the whole file. The tests are independent and run concurrently:
 * the Wait-node fallback has to sit out n8n's wait tracker (it looks for due executions only
 * every 60 s), and the other tests finish in that shadow.
 *
 * Run: cd /work/main && npm run build && npx vitest run test/e2e/legnext.test.mts
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

import { startLegnextEmulator } from '../emulator/legnext/index.mts';
import { createLegnextCredential, LEGNEXT, LEGNEXT_E2E, loadExample, WEBHOOK_SECRET } from './legnext-support.mts';
import { freePort, nodeOutput } from './n8n-instance.mts';
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
/** Distinctive, so a leak into outputs or logs is easy to find. */
const API_KEY = 'e2e-lnx-api-key-3b9d7c2a41f0e6d8';

const { instance, emulator, credential, filesDir } = useN8nWithEmulator({
	name: 'legnext',
	startEmulator: () => startLegnextEmulator({ host: '127.0.0.1', jobDurationMs: JOB_MS, apiKey: API_KEY }),
	createCredential: (n8n, emu) => createLegnextCredential(n8n, { apiKey: emu.apiKey, baseUrl: emu.baseUrl }),
	filesDir: true,
});

describe.concurrent('Legnext nodes in real n8n', () => {
	it('loads both nodes and the credential type from the installed package', async ({ expect }) => {
		const names = (await instance().api.nodeTypes()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining([LEGNEXT, `${LEGNEXT}Trigger`]));
		const creds = (await instance().api.credentialTypes()).map((c) => c.name);
		expect(creds).toContain('legnextApi');
		expect(instance().version).toMatch(/^2\.41\./);
	});

	it('batch example: three prompts, each waited for, results downloaded as PNG binaries', async ({
		expect,
	}) => {
		const exec = await runToEnd(instance(), loadExample('legnext-batch-prompts', credential()), 60_000);
		expect(exec.status, failure(exec)).toBe('success');

		// Set -> Split Out make one item per prompt.
		expect(nodeOutput(exec, 'One item per prompt').map((j) => j.prompt)).toEqual([
			'A red bicycle in the rain',
			'A paper boat on a pond',
			'A snowy mountain hut at night',
		]);
		// Download "Result Files" with the default layout: one item per file, 4 per job.
		const out = items(exec, 'Imagine');
		const jobs = [...new Set(out.map((i) => String(i.json.jobId)))];
		expect(jobs).toHaveLength(3);
		expect(out).toHaveLength(12);
		for (const item of out) {
			expect(item.json).toMatchObject({
				status: 'completed',
				taskType: 'diffusion',
				provider: 'Legnext',
				error: null,
			});
			const bin = item.binary?.data;
			expect(bin, JSON.stringify(item.json)).toBeDefined();
			const index = (item.json.file as { index: number }).index;
			expect(bin!.fileName).toBe(`${String(item.json.jobId)}_${index}.png`);
			expect(bin!.mimeType).toBe('image/png');
			expect(bin!.fileExtension).toBe('png');
		}
		for (const job of jobs) {
			expect(
				out
					.filter((i) => i.json.jobId === job)
					.map((i) => (i.json.file as { index: number }).index),
			).toEqual([0, 1, 2, 3]);
		}
		// The bytes n8n stored are the PNG the emulator served.
		const bytes = await binaryBytes(instance(), out[0].binary!.data);
		expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);

		// Each prompt went out once, with the Midjourney Parameters appended.
		const sent = emulator()
			.requests.filter(
				(r) =>
					r.method === 'POST' && r.apiPath === '/v1/diffusion' && jobs.includes(String(r.jobId)),
			)
			.map((r) => (r.body as { text: string }).text)
			.sort();
		expect(sent).toEqual([
			'A paper boat on a pond --ar 1:1',
			'A red bicycle in the rain --ar 1:1',
			'A snowy mountain hut at night --ar 1:1',
		]);
	}, 90_000);

	it('callback pipeline example: Imagine -> Grid ready -> Upscale -> Upscale ready -> file on disk; forged callbacks get 401', async ({
		expect,
	}) => {
		const api = instance().api;
		const json = loadExample('legnext-callback-pipeline', credential());
		// The example writes under /home/node/.n8n-files (the default allowed folder of n8n's
		// Docker image); here the allowed folder is a temp dir.
		const save = node(json, 'Save file');
		const examplePath = String(save.parameters.fileName);
		expect(examplePath).toMatch(/\{\{ \$binary\.data\.fileName \}\}$/);
		save.parameters.fileName = `=${filesDir()}/{{ $binary.data.fileName }}`;
		const wf = await api.importWorkflow(json);
		await api.activateWorkflow(wf.id); // waits until the triggers are published

		// "Execute workflow" from the schedule trigger: runs Imagine in trigger mode.
		const { executionId } = await api.runWorkflowManually(wf.id, {
			triggerNodeName: 'Every morning',
		});
		const first = await api.waitForExecution({ id: executionId, timeoutMs: 30_000 });
		expect(first.status, failure(first)).toBe('success');
		const [submitted] = nodeOutput(first, 'Imagine');
		expect(submitted).toMatchObject({ status: 'pending', taskType: 'diffusion' });
		const gridJobId = String(submitted.jobId);

		// The emulator calls back Grid ready, which upscales, whose callback reaches Upscale ready.
		const finished = await finishedWebhookExecutions(instance(), wf.id, 2);
		expect(
			finished,
			`callbacks: ${JSON.stringify(emulator().callbacks.map((c) => ({ url: c.url.replace(/token=[^&]+/, 'token=…'), status: c.status, error: c.error })))}`,
		).toHaveLength(2);
		const gridExec = finished.find((e) => e.data.resultData.runData['Grid ready']);
		const upscaleExec = finished.find((e) => e.data.resultData.runData['Upscale ready']);
		expect(gridExec && upscaleExec).toBeTruthy();
		expect(gridExec!.status, failure(gridExec!)).toBe('success');
		expect(upscaleExec!.status, failure(upscaleExec!)).toBe('success');

		const [grid] = nodeOutput(gridExec!, 'Grid ready');
		expect(grid).toMatchObject({
			jobId: gridJobId,
			status: 'completed',
			event: 'completed',
			verified: true,
			taskType: 'diffusion',
		});
		expect(grid.imageUrls).toHaveLength(4);
		const [upscaleSubmitted] = nodeOutput(gridExec!, 'Upscale image 1');
		expect(upscaleSubmitted).toMatchObject({ status: 'pending', taskType: 'upscale' });
		const upscaleBody = emulator().requests.find(
			(r) => r.apiPath === '/v1/upscale' && r.jobId === upscaleSubmitted.jobId,
		)?.body as Record<string, unknown>;
		expect(upscaleBody).toMatchObject({ jobId: gridJobId, imageNo: 0, type: 0 });
		// The callback URL carries the token, and it is not shown in the output.
		expect(String(upscaleBody.callback)).toMatch(
			new RegExp(`^${instance().url}/webhook/legnext-upscale-ready/legnext\\?token=[\\w-]{20,}$`),
		);
		expect(JSON.stringify(upscaleSubmitted)).not.toContain(
			new URL(String(upscaleBody.callback)).searchParams.get('token'),
		);

		const upscaled = items(upscaleExec!, 'Upscale ready');
		expect(upscaled).toHaveLength(1);
		expect(upscaled[0].json).toMatchObject({
			jobId: upscaleSubmitted.jobId,
			status: 'completed',
			taskType: 'upscale',
			verified: true,
		});
		const fileName = `${String(upscaleSubmitted.jobId)}_0.png`;
		expect(upscaled[0].binary?.data).toMatchObject({ fileName, mimeType: 'image/png' });
		runOf(upscaleExec!, 'Save file');
		const written = join(filesDir(), fileName);
		expect(
			existsSync(written),
			`files: ${readdirSync(filesDir(), { recursive: true }).join(', ')}`,
		).toBe(true);
		expect(readFileSync(written).subarray(0, 8)).toEqual(PNG_SIGNATURE);

		// Both real callbacks were accepted at once.
		const real = emulator().callbacks.filter(
			(c) => c.source === 'job' && [gridJobId, upscaleSubmitted.jobId].includes(c.jobId),
		);
		expect(real.map((c) => c.status)).toEqual([200, 200]);

		// Forged callbacks: no token, a wrong token -> 401 and no execution. The right token with
		// a job the API does not know -> accepted (answered before verification) but dropped.
		const triggerUrl = `${instance().webhookBaseUrl}legnext-grid-ready/legnext`;
		const token = new URL(real[0].url).searchParams.get('token');
		const forgedJob = {
			...(grid.raw as object),
			job_id: '00000000-0000-4000-8000-00000000f0r9',
			status: 'completed',
		};
		const before = (await webhookExecutions(instance(), wf.id)).length;
		expect(await emulator().deliverCallback(triggerUrl, forgedJob)).toBe(401);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=not-the-token`, forgedJob)).toBe(
			401,
		);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=${token}`, forgedJob)).toBe(200);
		await sleep(2000);
		expect((await webhookExecutions(instance(), wf.id)).length).toBe(before);
		expect(instance().logs()).toContain('Legnext Trigger refused a callback (401)');
		// Neither the credential's secrets nor the callback token reach n8n's log.
		for (const secret of [API_KEY, WEBHOOK_SECRET, String(token)])
			expect(instance().logs()).not.toContain(secret);

		await api.deactivateWorkflow(wf.id);
	}, 120_000);

	it('wait-resume example: the execution waits, the callback resumes it, Get result outputs the job with binaries', async ({
		expect,
	}) => {
		const api = instance().api;
		const wf = await api.importWorkflow(loadExample('legnext-wait-resume', credential()));
		const { executionId } = await api.runWorkflowManually(wf.id, { triggerNodeName: 'Start' });
		const waiting = await api.waitForExecution({
			id: executionId,
			includeWaiting: true,
			timeoutMs: 30_000,
		});
		expect(waiting.status, failure(waiting)).toBe('waiting');
		const [submitted] = nodeOutput(waiting, 'Imagine');
		expect(submitted).toMatchObject({ status: 'pending', taskType: 'diffusion' });
		expect(waiting.data.resultData.runData['Get result']).toBeUndefined();

		const exec = await api.waitForExecution({ id: executionId, timeoutMs: 45_000 });
		expect(exec.status, failure(exec)).toBe('success');
		// Resumed by the callback (a POST to the execution's resume URL), not by the time limit.
		const [resumedWith] = nodeOutput(exec, 'Wait for callback');
		expect(resumedWith.body as Record<string, unknown>).toMatchObject({
			job_id: submitted.jobId,
			status: 'completed',
		});
		const callback = emulator().callbacks.find(
			(c) => c.jobId === submitted.jobId && c.source === 'job',
		);
		expect(callback?.url).toMatch(
			new RegExp(`^${instance().url}/webhook-waiting/${executionId}\\b`),
		);
		expect(callback?.status).toBe(200);

		const result = items(exec, 'Get result');
		expect(result).toHaveLength(4);
		result.forEach((item, index) => {
			expect(item.json).toMatchObject({
				jobId: submitted.jobId,
				status: 'completed',
				file: { index },
			});
			expect(item.binary?.data).toMatchObject({
				fileName: `${String(submitted.jobId)}_${index}.png`,
				mimeType: 'image/png',
			});
		});
	}, 90_000);

	it('wait-resume fallback: the callback never arrives, the Wait time limit passes, Get result still reads the job', async ({
		expect,
	}) => {
		const api = instance().api;
		const json = loadExample('legnext-wait-resume', credential());
		json.name += ' (callback lost)';
		// Legnext's callback goes to a port nobody listens on, so it is lost for good.
		const deadPort = await freePort();
		Object.assign(node(json, 'Imagine').parameters, {
			waitMode: 'callback',
			callbackUrl: `http://127.0.0.1:${deadPort}/lost-callback`,
		});
		Object.assign(node(json, 'Wait for callback').parameters, {
			resumeAmount: 2,
			resumeUnit: 'seconds',
		});
		const wf = await api.importWorkflow(json);
		const { executionId } = await api.runWorkflowManually(wf.id, { triggerNodeName: 'Start' });
		const waiting = await api.waitForExecution({
			id: executionId,
			includeWaiting: true,
			timeoutMs: 30_000,
		});
		expect(waiting.status, failure(waiting)).toBe('waiting');
		const [submitted] = nodeOutput(waiting, 'Imagine');

		// n8n's wait tracker looks for due executions every 60 s: allow one full round.
		const exec = await api.waitForExecution({
			id: executionId,
			timeoutMs: 100_000,
			intervalMs: 500,
		});
		expect(exec.status, failure(exec)).toBe('success');
		// The Wait node passed its input on (the pending job), not a callback body.
		expect(nodeOutput(exec, 'Wait for callback')[0]).toMatchObject({
			jobId: submitted.jobId,
			status: 'pending',
		});
		const result = items(exec, 'Get result');
		expect(result).toHaveLength(4);
		for (const item of result) {
			expect(item.json).toMatchObject({ jobId: submitted.jobId, status: 'completed' });
			expect(item.binary?.data.mimeType).toBe('image/png');
		}
		const attempts = emulator().callbacks.filter((c) => c.jobId === submitted.jobId);
		expect(attempts.length).toBeGreaterThan(0);
		expect(attempts.every((c) => c.status === undefined && c.error)).toBe(true);
	}, 150_000);

	describe('every Legnext operation once (generated workflows, run side by side)', () => {
		const IMG = 'https://images.example.com/photos';
		const image = (operation: string, params: Record<string, unknown> = {}) => ({
			resource: 'image',
			operation,
			waitMode: 'wait',
			...params,
		});
		const video = (operation: string, params: Record<string, unknown> = {}) => ({
			resource: 'video',
			operation,
			waitMode: 'wait',
			...params,
		});
		const gridSource = (prompt: string): OperationStep => ({
			name: 'Imagine',
			params: image('imagine', { prompt }),
			expect: 'diffusion',
		});
		const SQUARE = '10,10, 10,300, 300,300, 300,10';

		// Each group is one workflow; groups run concurrently, steps of a group in order.
		const groups: OperationGroups = {
			'grid follow-ups A': [
				gridSource('A lighthouse at dawn, watercolor'),
				{
					name: 'Variation',
					after: 'Imagine',
					params: image('variation', {
						imageNo: 1,
						variationType: 1,
						remixPrompt: 'more seagulls',
					}),
					expect: 'variation',
				},
				{
					name: 'Upscale',
					after: 'Imagine',
					params: image('upscale', { imageNo: 2, upscaleType: 0 }),
					expect: 'upscale',
				},
				{ name: 'Reroll', after: 'Imagine', params: image('reroll'), expect: 'reroll' },
			],
			'grid follow-ups B': [
				gridSource('A fox in a snowy forest'),
				{
					name: 'Pan',
					after: 'Imagine',
					params: image('pan', { imageNo: 0, panDirection: 2, panScale: 1.5 }),
					expect: 'pan',
				},
				{
					name: 'Outpaint',
					after: 'Imagine',
					params: image('outpaint', { imageNo: 3, outpaintScale: 2, remixPrompt: 'a wide valley' }),
					expect: 'outpaint',
				},
				{
					name: 'Inpaint',
					after: 'Imagine',
					params: image('inpaint', {
						imageNo: 1,
						maskSource: 'areas',
						maskAreas: { area: [{ width: 1024, height: 1024, points: SQUARE }] },
						remixPrompt: 'a red scarf',
					}),
					expect: 'inpaint',
				},
			],
			'grid follow-ups C': [
				gridSource('A tea house on a cliff'),
				{
					name: 'Remix',
					after: 'Imagine',
					params: image('remix', { imageNo: 2, remixPrompt: 'as an ink drawing', remixMode: 1 }),
					expect: 'remix',
				},
				{
					name: 'Edit',
					after: 'Imagine',
					params: image('edit', {
						imageNo: 0,
						remixPrompt: 'mountains behind',
						maskSource: 'none',
					}),
					expect: 'edit',
				},
				{
					name: 'Topaz Upscale',
					after: 'Imagine',
					params: image('topazUpscale', {
						topazSource: 'job',
						imageNo: 1,
						topazResolution: '4K',
						topazOutputFormat: 'png',
					}),
					expect: 'enhance_upscale',
				},
			],
			'draft -> enhance': [
				{
					name: 'Imagine draft',
					params: image('imagine', { prompt: 'A paper boat on a pond --v 7 --draft' }),
					expect: 'diffusion',
				},
				{
					name: 'Enhance',
					after: 'Imagine draft',
					params: image('enhance', { imageNo: 2 }),
					expect: 'enhance',
				},
			],
			video: [
				gridSource('Waves on a rocky shore'),
				{
					name: 'Video Generate',
					after: 'Imagine',
					params: video('videoDiffusion', {
						videoInput: 'job',
						imageNo: 0,
						prompt: 'the waves roll in --motion low',
						videoType: 0,
					}),
					expect: (out, expect) => {
						expect(out[0].json).toMatchObject({ taskType: 'video_diffusion' });
						expect(out[0].json.videoUrls).toHaveLength(4);
					},
				},
				{
					name: 'Extend Video',
					after: 'Video Generate',
					params: video('extendVideo', { videoNo: 1, prompt: 'the tide goes out' }),
					expect: 'extend_video',
				},
				{
					name: 'Video Upscale',
					after: 'Video Generate',
					params: video('videoUpscale', { videoNo: 0, options: { download: 'results' } }),
					expect: (out, expect) => {
						expect(out).toHaveLength(1);
						expect(out[0].json).toMatchObject({ taskType: 'video_upscale' });
						expect(out[0].binary?.data).toMatchObject({
							fileName: `${String(out[0].json.jobId)}_0.mp4`,
							mimeType: 'video/mp4',
						});
					},
				},
			],
			'URL and text tools': [
				{
					name: 'Blend',
					params: image('blend', {
						imageUrls: [`${IMG}/a.png`, `${IMG}/b.png`, `${IMG}/c.png`],
						aspectRatio: '3:2',
					}),
					expect: 'blend',
				},
				{
					name: 'Describe',
					params: image('describe', { imageUrl: `${IMG}/red-bicycle.png` }),
					expect: (out, expect) => {
						expect(out[0].json).toMatchObject({ taskType: 'describe' });
						expect(out[0].json.prompts).toHaveLength(4);
					},
				},
				{
					name: 'Shorten',
					params: image('shorten', {
						prompt:
							'A very detailed, highly intricate, beautifully lit painting of an old lighthouse standing on a rocky cliff at dawn --ar 16:9',
					}),
					expect: (out, expect) => {
						expect(out[0].json).toMatchObject({ taskType: 'shorten' });
						expect((out[0].json.prompts as string[]).length).toBeGreaterThan(0);
					},
				},
				{
					name: 'Job Get',
					after: 'Shorten',
					params: { resource: 'job', operation: 'get', waitForFinish: true },
					expect: 'shorten',
				},
			],
			'your own images': [
				{
					name: 'Upload Paint',
					params: image('uploadPaint', {
						imageUrl: `${IMG}/room.png`,
						remixPrompt: 'a cat on the sofa',
						maskSource: 'url',
						maskUrl: `${IMG}/room-mask.png`,
					}),
					expect: 'upload_paint',
				},
				{
					name: 'Retexture',
					params: image('retexture', {
						imageUrl: `${IMG}/vase.png`,
						remixPrompt: 'made of brushed copper',
					}),
					expect: 'retexture',
				},
				{
					name: 'Remove Background',
					params: image('removeBackground', {
						imageUrl: `${IMG}/portrait.png`,
						options: { download: 'results' },
					}),
					expect: (out, expect) => {
						expect(out).toHaveLength(1);
						expect(out[0].json).toMatchObject({ taskType: 'remove_background' });
						expect(out[0].binary?.data).toMatchObject({ mimeType: 'image/png' });
					},
				},
				{
					name: 'Account Balance',
					params: { resource: 'account', operation: 'getBalance' },
					expect: (out, expect) => {
						expect(out).toHaveLength(1);
						expect(out[0].json).toMatchObject({
							available_credits: expect.any(Number),
							balance_usd: expect.any(Number),
							available_points: expect.any(Number),
							low_balance_alert: expect.any(Boolean),
						});
						expect(JSON.stringify(out[0].json)).not.toContain(emulator().apiKey);
					},
				},
			],
		};

		it('runs all 22 operations; each node outputs its completed job (or the balance)', async ({
			expect,
		}) => {
			expect(new Set(operationsOf(groups)).size).toBe(22);

			const results = await LEGNEXT_E2E.runOperationGroups(instance(), groups, credential(), 90_000);
			const problems = operationProblems(
				results,
				{
					items: ({ step, out }) => {
						if (step.params.resource !== 'account') {
							for (const item of out)
								expect(item.json, step.name).toMatchObject({
									status: 'completed',
									error: null,
									provider: 'Legnext',
								});
						}
					},
					// Follow-ups used the incoming item's job (the Job ID field's default).
					after: ({ step, out, exec }) => {
						if (step.after && step.params.resource !== 'job') {
							const source = exec.data.resultData.runData[step.after][0].data!.main![0]![0].json.jobId;
							const sent = emulator().requests.find((q) => q.jobId === out[0].json.jobId)?.body as {
								jobId?: string;
							};
							expect(sent?.jobId, `${step.name} jobId`).toBe(source);
						}
					},
				},
				expect,
			);
			expect(problems).toEqual([]);
			// No output of any operation carries the API key or the webhook secret.
			expectNoSecretsIn(results, [API_KEY, WEBHOOK_SECRET], expect);
		}, 120_000);
	});
});
