/**
 * The trigger's promises and n8n's Request Options, inside a real n8n 2.41 against the Legnext
 * emulator (the core is shared, so this holds for every provider's trigger):
 * - never doubled: 20 identical callbacks at once start one execution; 200 distinct callbacks
 *   from 20 senders are all remembered, also after n8n restarts;
 * - never lost: a callback whose read-back fails is answered 503, and the provider's retry
 *   starts the one execution; a "completed" callback the API does not confirm yet is answered
 *   503, and the real one is executed;
 * - Request Options > Batching and Timeout on a batch that waits and downloads.
 *
 * One n8n and one emulator for the file; the tests run one after another (they count executions).
 * Run: npm run build && npx vitest run test/e2e/trigger-delivery.test.mts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { call, run } from '../emulator/helpers.mts';
import { startLegnextEmulator, type LegnextEmulator } from '../emulator/legnext/index.mts';
import { callbackToken } from '../support/callback-token.mts';
import { ensureInstalled } from './install.mts';
import { createLegnextCredential, LEGNEXT, LEGNEXT_TRIGGER, PACKAGE_ROOT, WEBHOOK_SECRET, type CredentialRef } from './legnext-support.mts';
import { nodeOutput, startN8n, type N8nInstance, type WorkflowJson } from './n8n-instance.mts';
import { settledExecutions as settled } from './provider-support.mts';

const API_KEY = 'e2e-delivery-key-5c1e9a7d3b';
const TOKEN = callbackToken(WEBHOOK_SECRET, 'legnext');

let n8n: N8nInstance;
let emu: LegnextEmulator;
let credential: CredentialRef;

function triggerWorkflow(path: string, verifyWithApi: boolean): WorkflowJson {
	return {
		name: `delivery ${path}`,
		nodes: [
			{
				id: `${path}-trigger`,
				name: 'Job done',
				type: LEGNEXT_TRIGGER,
				typeVersion: 1,
				webhookId: path,
				position: [0, 0],
				credentials: { legnextApi: credential },
				parameters: { events: ['completed', 'failed'], verifyWithApi },
			},
			{ id: `${path}-noop`, name: 'Carry on', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'Job done': { main: [[{ node: 'Carry on', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as WorkflowJson;
}

async function activated(path: string, verifyWithApi: boolean) {
	const wf = await n8n.api.importWorkflow(triggerWorkflow(path, verifyWithApi));
	await n8n.api.activateWorkflow(wf.id);
	return { id: wf.id, url: `${n8n.webhookBaseUrl}${path}/legnext?token=${TOKEN}` };
}

/** Finished executions of the workflow once their count has settled (see settledExecutions). */
const settledExecutions = async (workflowId: string, atLeast: number, quietMs = 2500, timeoutMs = 90_000) =>
	await settled(n8n.api, workflowId, atLeast, quietMs, timeoutMs);

/** The emulator's API as Legnext's own clients call it (x-api-key). */
const api = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> =>
	(await call(emu, method, path, body)).json as Record<string, unknown>;

/** A real job, run to its end in the emulator, as Legnext would post it. */
const finishedJob = async (prompt: string) => (await run(emu, '/v1/diffusion', { text: prompt }, Infinity)) as Record<string, unknown>;

beforeAll(async () => {
	await ensureInstalled();
	// A loaded n8n may take longer than a provider's usual 10 s to answer a burst: wait for the answer.
	emu = await startLegnextEmulator({
		jobDurationMs: 800,
		apiKey: API_KEY,
		callbackRetries: 4,
		callbackRetryDelayMs: 400,
		callbackTimeoutMs: 120_000,
	});
	n8n = await startN8n({ nodePackages: [PACKAGE_ROOT] });
	credential = await createLegnextCredential(n8n, { apiKey: API_KEY, baseUrl: emu.baseUrl });
}, 25 * 60_000);

afterAll(async () => {
	await n8n?.stop().catch(() => undefined);
	await emu?.close().catch(() => undefined);
}, 60_000);

describe('Legnext Trigger in real n8n: never doubled, never lost', () => {
	it('20 identical callbacks at once start exactly one execution', async () => {
		const { id, url } = await activated('delivery-twenty', true);
		const job = await finishedJob('twenty at once');
		const statuses = await Promise.all(Array.from({ length: 20 }, async () => await emu.deliverCallback(url, job)));
		expect(statuses).toEqual(Array(20).fill(200));
		expect(await settledExecutions(id, 1)).toBe(1);
	}, 120_000);

	it('a callback whose read-back fails is answered 503; the provider retries and it runs once', async () => {
		const { id, url } = await activated('delivery-readback', true);
		const before = emu.callbacks.length;
		const { job_id: jobId } = await api('POST', '/v1/diffusion', { text: 'read back fails', callback: url });
		// Every read of this job fails for a while: the trigger tries 4 times, then answers 503.
		emu.addFault({ method: 'GET', path: `/v1/job/${String(jobId)}`, kind: 'status', status: 503, times: 4 });
		expect(await settledExecutions(id, 1)).toBe(1);
		const deliveries = emu.callbacks.slice(before).filter((c) => c.jobId === jobId);
		expect(deliveries.map((c) => c.status)).toEqual([503, 200]);
		const exec = (await n8n.api.listExecutions({ workflowId: id }, 5))[0];
		expect(nodeOutput(await n8n.api.getExecution(exec.id), 'Job done')[0]).toMatchObject({ jobId, status: 'completed', verified: true });
	}, 120_000);

	it('"completed" before the API confirms it is answered 503; the real completion runs once', async () => {
		const { id, url } = await activated('delivery-early', true);
		// Long enough that the early claim surely arrives before the job really finishes.
		emu.setJobDurationMs(20_000);
		try {
			const { job_id: jobId } = await api('POST', '/v1/diffusion', { text: 'early claim', callback: url });
			const running = await api('GET', `/v1/job/${String(jobId)}`);
			expect(await emu.deliverCallback(url, { ...running, status: 'completed' })).toBe(503);
			expect(await settledExecutions(id, 1, 2500, 90_000)).toBe(1);
			const exec = (await n8n.api.listExecutions({ workflowId: id }, 5))[0];
			expect(nodeOutput(await n8n.api.getExecution(exec.id), 'Job done')[0]).toMatchObject({ jobId, status: 'completed' });
		} finally {
			emu.setJobDurationMs(800);
		}
	}, 120_000);

	it('200 distinct callbacks from 20 senders are all remembered, also after n8n restarts', async () => {
		const { id, url } = await activated('delivery-load', false);
		const body = (i: number) => ({ job_id: `load-${i}`, status: 'completed', task_type: 'diffusion', output: {} });
		const sendAll = async (count: number) => {
			let next = 0;
			const statuses: number[] = [];
			await Promise.all(
				Array.from({ length: 20 }, async () => {
					while (next < count) statuses.push(await emu.deliverCallback(url, body(next++)));
				}),
			);
			return statuses;
		};
		expect((await sendAll(200)).filter((s) => s === 200)).toHaveLength(200);
		expect(await settledExecutions(id, 200, 3000, 180_000)).toBe(200);
		// The same 200 again: nothing new.
		await sendAll(200);
		expect(await settledExecutions(id, 200, 3000)).toBe(200);
		// n8n restarts: the memory comes back from the saved static data.
		await n8n.restart();
		await sendAll(50);
		expect(await settledExecutions(id, 200, 3000)).toBe(200);
	}, 600_000);
});

describe("n8n's Request Options in real n8n", () => {
	it('Batching (1 item per 300 ms) and Timeout: three items, spaced, waited for, downloaded', async () => {
		const wf = await n8n.api.importWorkflow({
			name: 'request options',
			nodes: [
				{ id: 'ro-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'ro-prompts',
					name: 'Prompts',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [220, 0],
					parameters: { mode: 'raw', jsonOutput: '={{ { "prompts": ["a red kite", "a blue kite", "a green kite"] } }}' },
				},
				{ id: 'ro-split', name: 'One per prompt', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [440, 0], parameters: { fieldToSplitOut: 'prompts' } },
				{
					id: 'ro-imagine',
					name: 'Imagine',
					type: LEGNEXT,
					typeVersion: 1,
					position: [660, 0],
					credentials: { legnextApi: credential },
					parameters: {
						resource: 'image',
						operation: 'imagine',
						prompt: '={{ $json.prompts }}',
						options: { download: 'grid' },
						requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 300 } }, timeout: 5000 },
					},
				},
			],
			connections: {
				Start: { main: [[{ node: 'Prompts', type: 'main', index: 0 }]] },
				Prompts: { main: [[{ node: 'One per prompt', type: 'main', index: 0 }]] },
				'One per prompt': { main: [[{ node: 'Imagine', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		} as WorkflowJson);
		const logsBefore = n8n.logs().length;
		const { executionId } = await n8n.api.runWorkflowManually(wf.id, { triggerNodeName: 'Start' });
		const exec = await n8n.api.waitForExecution({ id: executionId, timeoutMs: 60_000 });
		expect(exec.status, JSON.stringify(exec.data.resultData.error ?? null)).toBe('success');
		const out = nodeOutput(exec, 'Imagine');
		expect(out.map((item) => item.status)).toEqual(['completed', 'completed', 'completed']);
		const posts = emu.requests.filter((r) => r.method === 'POST' && r.apiPath === '/v1/diffusion' && /kite/.test(JSON.stringify(r.body)));
		expect(posts).toHaveLength(3);
		const gaps = posts.slice(1).map((p, i) => p.at - posts[i].at);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(280);
		expect(n8n.logs().slice(logsBefore)).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
	}, 120_000);
});
