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
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { startLegnextEmulator, type LegnextEmulator } from '../emulator/legnext/index.mts';
import { ensureInstalled } from './install.mts';
import {
	createLegnextCredential,
	LEGNEXT,
	loadExample,
	node,
	PACKAGE_ROOT,
	WEBHOOK_SECRET,
	type CredentialRef,
} from './legnext-support.mts';
import {
	freePort,
	nodeOutput,
	startN8n,
	type ExecutionDetails,
	type N8nInstance,
	type NodeRun,
	type WorkflowJson,
} from './n8n-instance.mts';

const JOB_MS = 1500;
/** Distinctive, so a leak into outputs or logs is easy to find. */
const API_KEY = 'e2e-lnx-api-key-3b9d7c2a41f0e6d8';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let n8n: N8nInstance | undefined;
let emu: LegnextEmulator | undefined;
let credential: CredentialRef;
/** Where the pipeline's Read/Write Files node may write (N8N_RESTRICT_FILE_ACCESS_TO). */
let filesDir = '';

function instance(): N8nInstance {
	if (!n8n) throw new Error('n8n did not start (see beforeAll)');
	return n8n;
}

function emulator(): LegnextEmulator {
	if (!emu) throw new Error('emulator did not start (see beforeAll)');
	return emu;
}

type Item = { json: Record<string, unknown>; binary?: Record<string, BinaryRef> };
interface BinaryRef {
	fileName: string;
	mimeType: string;
	fileExtension?: string;
	id?: string;
	bytes?: number;
}

function run(exec: ExecutionDetails, nodeName: string, runIndex = 0): NodeRun {
	const r = exec.data.resultData.runData[nodeName]?.[runIndex];
	if (!r) {
		throw new Error(
			`node "${nodeName}" did not run in execution ${exec.id} (${exec.status}); ran: ${Object.keys(exec.data.resultData.runData).join(', ')}; error: ${JSON.stringify(exec.data.resultData.error ?? null).slice(0, 1500)}`,
		);
	}
	return r;
}

function items(exec: ExecutionDetails, nodeName: string): Item[] {
	return (run(exec, nodeName).data?.main?.[0] ?? []) as Item[];
}

/** Why an execution did not succeed, readable in a failed assertion. */
function failure(exec: ExecutionDetails): string {
	const errors = Object.entries(exec.data.resultData.runData)
		.flatMap(([name, runs]) =>
			runs.map((r) =>
				r.error ? `${name}: ${r.error.message} ${JSON.stringify(r.error.description ?? '')}` : '',
			),
		)
		.filter(Boolean);
	return `execution ${exec.id} ${exec.status}: ${JSON.stringify(exec.data.resultData.error?.message ?? null)} ${errors.join(' | ')}`;
}

/** A binary's bytes through the editor's own endpoint (GET /rest/binary-data). */
async function binaryBytes(ref: BinaryRef): Promise<Buffer> {
	const res = await instance().api.fetchRaw(
		'GET',
		`/rest/binary-data?id=${encodeURIComponent(String(ref.id))}&action=download`,
	);
	if (!res.ok) throw new Error(`GET /rest/binary-data -> ${res.status}`);
	return Buffer.from(await res.arrayBuffer());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	const install = await ensureInstalled(); // fresh: ~4 min; reused: milliseconds
	console.log(
		`[legnext e2e] install ${install.reused ? 'reused' : 'fresh'} in ${(install.totalMs / 1000).toFixed(1)} s`,
	);
	filesDir = mkdtempSync(join(tmpdir(), 'e2e-legnext-files-'));
	emu = await startLegnextEmulator({ host: '127.0.0.1', jobDurationMs: JOB_MS, apiKey: API_KEY });
	n8n = await startN8n({
		nodePackages: [PACKAGE_ROOT],
		// n8n 2.x lets Read/Write Files touch only ~/.n8n-files unless told otherwise.
		env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
	});
	console.log(
		`[legnext e2e] ran against n8n ${n8n.version} (started in ${(n8n.startupMs / 1000).toFixed(1)} s); emulator ${emu.baseUrl}`,
	);
	credential = await createLegnextCredential(n8n, { apiKey: emu.apiKey, baseUrl: emu.baseUrl });
}, 25 * 60_000);

afterAll(async () => {
	// Each step on its own: a failure in one must not leave the others running.
	await n8n?.stop().catch((e: unknown) => console.error('[legnext e2e] n8n stop failed', e));
	await emu?.close().catch((e: unknown) => console.error('[legnext e2e] emulator close failed', e));
	if (filesDir) rmSync(filesDir, { recursive: true, force: true });
}, 60_000);

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
		const api = instance().api;
		const wf = await api.importWorkflow(loadExample('legnext-batch-prompts', credential));
		const { executionId } = await api.runWorkflowManually(wf.id, { triggerNodeName: 'Start' });
		const exec = await api.waitForExecution({ id: executionId, timeoutMs: 60_000 });
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
		const bytes = await binaryBytes(out[0].binary!.data);
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
		const json = loadExample('legnext-callback-pipeline', credential);
		// The example writes under /home/node/.n8n-files (the default allowed folder of n8n's
		// Docker image); here the allowed folder is a temp dir.
		const save = node(json, 'Save file');
		const examplePath = String(save.parameters.fileName);
		expect(examplePath).toMatch(/\{\{ \$binary\.data\.fileName \}\}$/);
		save.parameters.fileName = `=${filesDir}/{{ $binary.data.fileName }}`;
		const wf = await api.importWorkflow(json);
		await api.activateWorkflow(wf.id); // waits until the triggers are published

		const webhookExecutions = async () =>
			(await api.listExecutions({ workflowId: wf.id }, 100)).filter((e) => e.mode === 'webhook');

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
		const deadline = Date.now() + 45_000;
		let finished: ExecutionDetails[] = [];
		while (Date.now() < deadline) {
			const list = await webhookExecutions();
			if (list.length >= 2 && list.every((e) => !['new', 'running'].includes(e.status))) {
				finished = await Promise.all(list.map((e) => api.getExecution(e.id)));
				break;
			}
			await sleep(300);
		}
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
		run(upscaleExec!, 'Save file');
		const written = join(filesDir, fileName);
		expect(
			existsSync(written),
			`files: ${readdirSync(filesDir, { recursive: true }).join(', ')}`,
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
		const before = (await webhookExecutions()).length;
		expect(await emulator().deliverCallback(triggerUrl, forgedJob)).toBe(401);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=not-the-token`, forgedJob)).toBe(
			401,
		);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=${token}`, forgedJob)).toBe(200);
		await sleep(2000);
		expect((await webhookExecutions()).length).toBe(before);
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
		const wf = await api.importWorkflow(loadExample('legnext-wait-resume', credential));
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
		const json = loadExample('legnext-wait-resume', credential);
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
		type Step = {
			name: string;
			params: Record<string, unknown>;
			after?: string;
			/** Expected `taskType` of the output, or a check of the output items. */
			expect: string | ((out: Item[], expect: typeof import('vitest').expect) => void);
		};
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
		const gridSource = (prompt: string): Step => ({
			name: 'Imagine',
			params: image('imagine', { prompt }),
			expect: 'diffusion',
		});
		const SQUARE = '10,10, 10,300, 300,300, 300,10';

		// Each group is one workflow; groups run concurrently, steps of a group in order.
		const groups: Record<string, Step[]> = {
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

		function opsWorkflow(name: string, steps: Step[]): WorkflowJson {
			const depth = (s: Step): number =>
				s.after ? 1 + depth(steps.find((x) => x.name === s.after)!) : 1;
			const rows: Record<number, number> = {};
			const nodes: WorkflowJson['nodes'] = [
				{
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			];
			const connections: Record<
				string,
				{ main: Array<Array<{ node: string; type: 'main'; index: 0 }>> }
			> = {};
			for (const step of steps) {
				const column = depth(step);
				const row = (rows[column] = (rows[column] ?? -1) + 1);
				nodes.push({
					name: step.name,
					type: LEGNEXT,
					typeVersion: 1,
					position: [column * 240, row * 180],
					parameters: step.params,
					credentials: { legnextApi: credential },
				});
				const from = step.after ?? 'Start';
				(connections[from] ??= { main: [[]] }).main[0].push({
					node: step.name,
					type: 'main',
					index: 0,
				});
			}
			return {
				name: `E2E Legnext operations: ${name}`,
				nodes,
				connections,
				settings: { executionOrder: 'v1' },
			};
		}

		it('runs all 22 operations; each node outputs its completed job (or the balance)', async ({
			expect,
		}) => {
			const api = instance().api;
			const operations = Object.values(groups)
				.flat()
				.map((s) => `${String(s.params.resource)}.${String(s.params.operation)}`);
			expect(new Set(operations).size).toBe(22);

			const results = await Promise.all(
				Object.entries(groups).map(async ([name, steps]) => {
					const wf = await api.importWorkflow(opsWorkflow(name, steps));
					const { executionId } = await api.runWorkflowManually(wf.id, {
						triggerNodeName: 'Start',
					});
					return {
						name,
						steps,
						exec: await api.waitForExecution({ id: executionId, timeoutMs: 90_000 }),
					};
				}),
			);
			const problems: string[] = [];
			for (const { name, steps, exec } of results) {
				if (exec.status !== 'success') problems.push(`${name}: ${failure(exec)}`);
				for (const step of steps) {
					const r = exec.data.resultData.runData[step.name]?.[0];
					if (!r || r.error) {
						problems.push(`${name} / ${step.name}: ${r ? r.error?.message : 'did not run'}`);
						continue;
					}
					const out = (r.data?.main?.[0] ?? []) as Item[];
					try {
						expect(out.length, step.name).toBeGreaterThan(0);
						if (step.params.resource !== 'account') {
							for (const item of out)
								expect(item.json, step.name).toMatchObject({
									status: 'completed',
									error: null,
									provider: 'Legnext',
								});
						}
						if (typeof step.expect === 'string')
							expect(out[0].json.taskType, step.name).toBe(step.expect);
						else step.expect(out, expect);
						// Follow-ups used the incoming item's job (the Job ID field's default).
						if (step.after && step.params.resource !== 'job') {
							const source =
								exec.data.resultData.runData[step.after][0].data!.main![0]![0].json.jobId;
							const sent = emulator().requests.find((q) => q.jobId === out[0].json.jobId)?.body as {
								jobId?: string;
							};
							expect(sent?.jobId, `${step.name} jobId`).toBe(source);
						}
					} catch (error) {
						problems.push(`${name} / ${step.name}: ${(error as Error).message}`);
					}
				}
			}
			expect(problems).toEqual([]);
			// No output of any operation carries the API key or the webhook secret.
			for (const { name, exec } of results) {
				const data = JSON.stringify(exec.data);
				expect(data.includes(API_KEY) || data.includes(WEBHOOK_SECRET), name).toBe(false);
			}
		}, 120_000);
	});
});
