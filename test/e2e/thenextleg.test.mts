/**
 * The TheNextLeg nodes inside a real n8n 2.41 (the built package loaded as an installed community
 * package), driven through n8n's REST API against the TheNextLeg emulator running in this process
 * (TheNextLeg itself was switched off in January 2024; the emulator is a compatible server):
 *
 * - the credential test (GET /info) with a good and a wrong token;
 * - the examples as a user imports them: the webhook pipeline Imagine -> TheNextLeg Trigger ->
 *   Press Button U1 -> TheNextLeg Trigger -> file on disk, with `ref` carried along; forged
 *   callbacks (no token, wrong token: 401, no execution; a message the API does not know: dropped)
 *   and redelivered duplicates (one execution); the paced batch;
 * - every operation once, in generated workflows; downloads through /getImage where image URLs
 *   answer 403.
 *
 * Run: cd /work/main && npm run build && E2E_N8N_DIR=/work/n8n-cache npx vitest run test/e2e/thenextleg.test.mts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, onTestFinished } from 'vitest';

import { startTheNextLegEmulator, type TheNextLegEmulator } from '../emulator/thenextleg/index.mts';
import { nodeOutput } from './n8n-instance.mts';
import { useN8nWithEmulator } from './provider-file.mts';
import {
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
	type CredentialRef,
	type OperationGroups,
} from './provider-support.mts';
import { API_TOKEN, SERVER_INTERVAL_MS, TNL, TNL_E2E, TNL_TRIGGER, WEBHOOK_SECRET } from './thenextleg-support.mts';

const JOB_MS = 1200;
const EMULATOR_OPTIONS = { host: '127.0.0.1', jobDurationMs: JOB_MS, token: API_TOKEN, minIntervalMs: SERVER_INTERVAL_MS, imageSize: 64 };

const { instance, emulator, credential, filesDir } = useN8nWithEmulator({
	name: 'thenextleg',
	startEmulator: () => startTheNextLegEmulator(EMULATOR_OPTIONS),
	createCredential: (n8n, emu) => TNL_E2E.createCredential(n8n, { apiToken: API_TOKEN, baseUrl: emu.baseUrl }),
	filesDir: true,
});

/** A second server whose image URLs answer 403 ("get image safely"). */
let guarded: TheNextLegEmulator | undefined;
let guardedCredential: CredentialRef;

beforeAll(async () => {
	guarded = await startTheNextLegEmulator({ ...EMULATOR_OPTIONS, protectImages: true });
	guardedCredential = await TNL_E2E.createCredential(instance(), { apiToken: API_TOKEN, baseUrl: guarded.baseUrl }, 'TheNextLeg API (guarded images)');
}, 60_000);

afterAll(async () => {
	await guarded?.close().catch((e: unknown) => console.error('[thenextleg e2e] emulator close failed', e));
}, 60_000);

/** The body the emulator took (not a 429) for the request that created `messageId`. */
function sentFor(messageId: unknown, server = emulator()): Record<string, unknown> | undefined {
	return server.requests.find((r) => r.messageId === messageId && r.method === 'POST' && r.status === 200)?.body as
		| Record<string, unknown>
		| undefined;
}

describe.concurrent('TheNextLeg nodes in real n8n', () => {
	it('loads both nodes and the credential; the credential test reads GET /info with the Bearer token', async ({ expect }) => {
		const api = instance().api;
		const names = (await api.nodeTypes()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining([TNL, TNL_TRIGGER]));
		expect((await api.credentialTypes()).map((c) => c.name)).toContain('theNextLegApi');

		// Its own emulator: the other tests of this file run at the same time with the same token, and
		// the server's one-request-per-interval limit would answer the credential test 429.
		const own = await startTheNextLegEmulator({ host: '127.0.0.1', token: API_TOKEN, minIntervalMs: SERVER_INTERVAL_MS });
		onTestFinished(() => own.close());
		// The editor's "Test" button: POST /rest/credentials/test with the credential as filled in.
		const test = async (apiToken: string) =>
			await TNL_E2E.testCredential(
				instance(),
				{ apiToken, baseUrl: `${own.baseUrl}/`, webhookSecret: '', minIntervalMs: 3000 },
				`TheNextLeg test ${apiToken.slice(-4)}`,
			);
		expect(await test(API_TOKEN)).toMatchObject({ status: 'OK' });
		await sleep(SERVER_INTERVAL_MS * 2);
		expect(await test('not-the-token')).toMatchObject({ status: 'Error' });
		const infoReads = own.requests.filter((r) => r.method === 'GET' && r.apiPath === '/v2/info').map((r) => r.status);
		expect(infoReads).toEqual(expect.arrayContaining([200, 401]));
	});

	it('webhook pipeline example: Imagine -> Grid ready -> U1 -> Upscale ready -> file on disk, ref carried along; forged callbacks refused; duplicates start nothing', async ({
		expect,
	}) => {
		const api = instance().api;
		const json = TNL_E2E.loadExample('thenextleg-callback-pipeline', credential());
		// The example writes under /home/node/.n8n-files (n8n's Docker image); here a temp dir is allowed.
		const save = node(json, 'Save file');
		expect(String(save.parameters.fileName)).toMatch(/^=\/home\/node\/\.n8n-files\/\{\{ \$json\.ref \}\}-\{\{ \$binary\.data\.fileName \}\}$/);
		save.parameters.fileName = `=${filesDir()}/{{ $json.ref }}-{{ $binary.data.fileName }}`;
		const wf = await api.importWorkflow(json);
		await api.activateWorkflow(wf.id);

		const { executionId } = await api.runWorkflowManually(wf.id, { triggerNodeName: 'Every morning' });
		const first = await api.waitForExecution({ id: executionId, timeoutMs: 30_000 });
		expect(first.status, failure(first)).toBe('success');
		const [submitted] = nodeOutput(first, 'Imagine');
		expect(submitted).toMatchObject({ status: 'pending', taskType: 'imagine' });
		const gridId = String(submitted.jobId);
		const imagineBody = sentFor(gridId);
		const ref = String(imagineBody?.ref);
		expect(ref).toMatch(/^daily-\d{4}-\d{2}-\d{2}$/);
		expect(imagineBody).toMatchObject({ msg: 'A lighthouse at dawn, soft watercolor, seagulls --ar 3:2' });
		expect(String(imagineBody?.webhookOverride)).toMatch(new RegExp(`^${instance().url}/webhook/thenextleg-grid-ready/thenextleg\\?token=[\\w-]{20,}$`));

		const finished = await finishedWebhookExecutions(instance(), wf.id, 2);
		const deliveries = () => emulator().callbacks.map((c) => ({ id: c.messageId, event: c.event, status: c.status, error: c.error }));
		expect(finished, JSON.stringify(deliveries())).toHaveLength(2);
		const gridExec = finished.find((e) => e.data.resultData.runData['Grid ready'])!;
		const upscaleExec = finished.find((e) => e.data.resultData.runData['Upscale ready'])!;
		expect(gridExec.status, failure(gridExec)).toBe('success');
		expect(upscaleExec.status, failure(upscaleExec)).toBe('success');

		const [grid] = nodeOutput(gridExec, 'Grid ready');
		expect(grid).toMatchObject({ jobId: gridId, status: 'completed', event: 'completed', verified: true, taskType: 'imagine', ref });
		const [upscaleSubmitted] = nodeOutput(gridExec, 'Upscale image 1');
		expect(upscaleSubmitted).toMatchObject({ status: 'pending', taskType: 'button' });
		const upscaleBody = sentFor(upscaleSubmitted.jobId);
		expect(upscaleBody).toMatchObject({ button: 'U1', buttonMessageId: grid.buttonMessageId, ref });
		expect(String(upscaleBody?.webhookOverride)).toMatch(new RegExp(`^${instance().url}/webhook/thenextleg-upscale-ready/thenextleg\\?token=`));
		const token = new URL(String(upscaleBody?.webhookOverride)).searchParams.get('token')!;
		expect(JSON.stringify(upscaleSubmitted)).not.toContain(token);

		const upscaled = items(upscaleExec, 'Upscale ready');
		expect(upscaled).toHaveLength(1);
		expect(upscaled[0].json).toMatchObject({ jobId: upscaleSubmitted.jobId, status: 'completed', taskType: 'button', verified: true, ref });
		const fileName = `${String(upscaleSubmitted.jobId)}_0.png`;
		expect(upscaled[0].binary?.data).toMatchObject({ fileName, mimeType: 'image/png' });
		runOf(upscaleExec, 'Save file');
		const written = join(filesDir(), `${ref}-${fileName}`);
		expect(existsSync(written), `files: ${readdirSync(filesDir()).join(', ')}`).toBe(true);
		expect(readFileSync(written).subarray(0, 8)).toEqual(PNG_SIGNATURE);
		// Both real webhooks were accepted at once.
		const real = emulator().callbacks.filter((c) => c.source === 'message' && [gridId, upscaleSubmitted.jobId].includes(c.messageId));
		expect(real.map((c) => c.status), JSON.stringify(deliveries())).toEqual([200, 200]);

		// Forged callbacks: no token, a wrong token, the webhook secret itself -> 401, no execution.
		// The right token with a message the API does not know -> accepted, read back, dropped.
		const triggerUrl = `${instance().webhookBaseUrl}thenextleg-grid-ready/thenextleg`;
		const forged = { ...(grid.raw as object), originatingMessageId: 'Forged00000000000000', imageUrl: 'https://evil.example/x.png' };
		const count = async () => (await api.listExecutions({ workflowId: wf.id }, 100)).length;
		const before = await count();
		expect(await emulator().deliverCallback(triggerUrl, forged)).toBe(401);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=not-the-token`, forged)).toBe(401);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=${WEBHOOK_SECRET}`, forged)).toBe(401);
		expect(await emulator().deliverCallback(`${triggerUrl}?token=${token}`, forged)).toBe(200);
		// The finished upscale's webhook delivered again, 8 times at once: already emitted, nothing starts.
		const again = await Promise.all(Array.from({ length: 8 }, async () => await emulator().resendCallback(String(upscaleSubmitted.jobId))));
		expect(again).toEqual(Array(8).fill(200));
		await sleep(2000);
		expect(await count()).toBe(before);
		expect(instance().logs()).toContain('TheNextLeg Trigger refused a callback (401)');
		for (const secret of [API_TOKEN, WEBHOOK_SECRET, token]) expect(instance().logs()).not.toContain(secret);
		for (const exec of finished) expect(JSON.stringify(exec.data).includes(API_TOKEN), exec.id).toBe(false);

		await api.deactivateWorkflow(wf.id);
	}, 150_000);

	it('batch example: three rows, paced, each waited for; results downloaded as PNG binaries, ref per row', async ({ expect }) => {
		const exec = await runToEnd(instance(), TNL_E2E.loadExample('thenextleg-batch-prompts', credential()), 60_000);
		expect(exec.status, failure(exec)).toBe('success');
		const out = items(exec, 'Imagine');
		expect(out).toHaveLength(12);
		const byRef = new Map(out.map((item) => [item.json.ref, item.json.prompt]));
		expect(Object.fromEntries(byRef)).toEqual({
			r1: 'A red bicycle in the rain --ar 1:1',
			r2: 'A paper boat on a pond --ar 1:1',
			r3: 'A snowy mountain hut at night --ar 1:1',
		});
		for (const item of out) {
			expect(item.json).toMatchObject({ status: 'completed', taskType: 'imagine', provider: 'TheNextLeg', error: null });
			const index = (item.json.file as { index: number }).index;
			expect(item.binary?.data).toMatchObject({ fileName: `${String(item.json.jobId)}_${index}.png`, mimeType: 'image/png' });
		}
		// Each row made one message.
		const messages = [...new Set(out.map((item) => String(item.json.jobId)))];
		expect(messages.map((id) => sentFor(id)?.ref).sort()).toEqual(['r1', 'r2', 'r3']);
	}, 90_000);

	it('image URLs that answer 403: the files come through /getImage', async ({ expect }) => {
		const exec = await runToEnd(
			instance(),
			{
				name: 'E2E TheNextLeg: guarded images',
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						name: 'Imagine',
						type: TNL,
						typeVersion: 1,
						position: [240, 0],
						parameters: { resource: 'image', operation: 'imagine', prompt: 'A guarded castle', options: { download: 'all' } },
						credentials: { theNextLegApi: guardedCredential },
					},
				],
				connections: { Start: { main: [[{ node: 'Imagine', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			},
			60_000,
		);
		expect(exec.status, failure(exec)).toBe('success');
		const out = items(exec, 'Imagine');
		expect(out).toHaveLength(5);
		for (const item of out) expect(item.binary?.data.mimeType).toBe('image/png');
		const server = guarded!;
		expect(server.downloads.filter((d) => d.status === 403)).toHaveLength(5);
		expect(server.requests.filter((r) => r.apiPath === '/getImage' && r.status === 200)).toHaveLength(5);
	}, 90_000);

	describe('every TheNextLeg operation once (generated workflows, run side by side)', () => {
		const IMG = 'https://images.example.com/photos';
		const image = (operation: string, params: Record<string, unknown> = {}) => ({ resource: 'image', operation, ...params });
		const account = (operation: string, params: Record<string, unknown> = {}) => ({ resource: 'account', operation, ...params });

		const groups: OperationGroups = {
			'grid follow-ups': [
				{ name: 'Imagine', params: image('imagine', { prompt: 'A lighthouse at dawn --ar 3:2', ref: 'ops' }), expect: 'imagine' },
				{ name: 'Press Button U1', after: 'Imagine', params: image('button', { button: 'U1' }), expect: 'button' },
				{
					name: 'Get Seed',
					after: 'Press Button U1',
					params: image('seed'),
					expect: (out, expect) => expect(out[0].json).toMatchObject({ taskType: 'button', seed: expect.stringMatching(/^\d+$/) }),
				},
				{ name: 'Get Seed (Instant)', after: 'Imagine', params: image('seedInstant'), expect: (out, expect) => expect(out[0].json).toEqual({ seed: expect.stringMatching(/^\d+$/) }) },
				{
					name: 'Get Image',
					after: 'Imagine',
					params: image('getImage'),
					expect: (out, expect) => expect(out[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: expect.stringMatching(/_grid_0\.png$/) }),
				},
				{ name: 'Message Get', after: 'Imagine', params: { resource: 'message', operation: 'get' }, expect: 'imagine' },
			],
			'your own images': [
				{ name: 'Blend', params: image('blend', { imageUrls: [`${IMG}/a.png`, `${IMG}/b.png`] }), expect: 'blend' },
				{
					name: 'Describe',
					params: image('describe', { describeUrl: `${IMG}/red-bicycle.png` }),
					expect: (out, expect) => {
						expect(out[0].json.taskType).toBe('describe');
						expect(out[0].json.prompts).toHaveLength(4);
					},
				},
			],
			account: [
				{ name: 'Get Info', params: account('info'), expect: (out, expect) => expect(out[0].json.info).toMatchObject({ 'Job Mode': expect.any(String) }) },
				{ name: 'Get Settings', after: 'Get Info', params: account('getSettings'), expect: 'settings' },
				{ name: 'Toggle Setting', after: 'Get Settings', params: account('toggleSetting', { setting: 'Remix mode' }), expect: 'settings' },
				{ name: 'Switch Mode', after: 'Toggle Setting', params: account('switchMode', { mode: 'relax' }), expect: 'slash-commands' },
			],
		};

		it('runs all 12 operations; each node outputs its finished message (or its answer)', async ({ expect }) => {
			expect(new Set(operationsOf(groups)).size).toBe(12);

			const results = await TNL_E2E.runOperationGroups(instance(), groups, credential(), 100_000);
			const problems = operationProblems(
				results,
				{
					items: ({ step, out }) => {
						if (!['seedInstant', 'getImage'].includes(String(step.params.operation))) {
							for (const item of out) expect(item.json, step.name).toMatchObject({ status: 'completed', error: null, provider: 'TheNextLeg' });
						}
					},
				},
				expect,
			);
			expect(problems).toEqual([]);
			// The follow-ups used the incoming item's message, as the fields' defaults say.
			const grid = results.find((r) => r.name === 'grid follow-ups')!.exec;
			const imagine = nodeOutput(grid, 'Imagine')[0];
			const upscale = nodeOutput(grid, 'Press Button U1')[0];
			expect(sentFor(upscale.jobId)).toMatchObject({ button: 'U1', buttonMessageId: imagine.buttonMessageId });
			expect(sentFor(nodeOutput(grid, 'Get Seed')[0].jobId)).toMatchObject({ button: '✉️', buttonMessageId: upscale.buttonMessageId });
			expect(emulator().requests.find((r) => r.apiPath === '/v2/seed' && r.status === 200 && (r.body as { messageId?: string }).messageId === imagine.jobId)).toBeTruthy();
			expect(emulator().requests.find((r) => r.apiPath === '/getImage' && (r.body as { imgUrl?: string }).imgUrl === imagine.imageUrl)).toBeTruthy();
			expect(emulator().account.remix).toBe(true);
			// No output of any operation carries the token or the webhook secret.
			expectNoSecretsIn(results, [API_TOKEN, WEBHOOK_SECRET], expect);
		}, 150_000);
	});
});
