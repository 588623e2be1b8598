// The Legnext Trigger beside n8n's own Webhook node in a real n8n 2.x: 400 callbacks from 20
// concurrent senders into each, one after the other in the same n8n. Prints executions per
// second (from the first callback sent to the last execution finished) and n8n's CPU time per
// callback (its whole process group, from /proc). Target (issue 8): at least 0.8x the Webhook
// node with Verify with API off, 0.5x with it on. Also checks nothing was lost or doubled, and
// that every callback is remembered afterwards (the same 400 again start no execution).
//
// n8n 2.x evaluates expressions in an isolate; for a webhook whose node is not the Webhook node
// it acquires one before calling the node (pool size 1 by default, so concurrent callbacks each
// build a fresh isolate). That cost is n8n's, paid by every trigger node but the Webhook node,
// so each case runs three times: n8n's defaults, with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
// (acquire only when an expression is evaluated), and with the legacy engine (no isolate). E2E_PACKAGE_ROOT measures another build.
import { request } from 'undici';

import { startLegnextEmulator } from '../emulator/legnext/index.mts';
import { createLegnextCredential, LEGNEXT_TRIGGER, PACKAGE_ROOT } from '../e2e/legnext-support.mts';
import { startN8n, type N8nInstance, type WorkflowJson } from '../e2e/n8n-instance.mts';
import { report, seconds } from './common.mts';
import { groupCpuSeconds } from './process-cpu.mts';

interface Case {
	label: string;
	workflow: WorkflowJson;
	url: string;
	body: (i: number) => object;
}

function triggerWorkflow(name: string, path: string, node: object): WorkflowJson {
	return {
		name,
		nodes: [
			{ id: `${path}-in`, name: 'In', webhookId: path, position: [0, 0], ...node } as never,
			{ id: `${path}-out`, name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { In: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as WorkflowJson;
}

async function finishedExecutions(n8n: N8nInstance, workflowId: string): Promise<number> {
	return await n8n.api.countExecutions({ workflowId, status: ['success', 'error', 'crashed', 'canceled'] });
}

async function send(count: number, senders: number, url: string, body: (i: number) => object) {
	let next = 0;
	const statuses: number[] = [];
	await Promise.all(
		Array.from({ length: senders }, async () => {
			while (next < count) {
				const i = next++;
				const res = await request(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body(i)),
				});
				await res.body.dump();
				statuses.push(res.statusCode);
			}
		}),
	);
	return statuses;
}

const CONFIGS: Array<{ label: string; env: Record<string, string> }> = [
	{ label: "n8n's defaults", env: {} },
	{ label: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } },
	// n8n's previous expression engine, without isolates: what the trigger itself costs.
	{ label: 'N8N_EXPRESSION_ENGINE=legacy', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
];

export async function triggerN8nBenchmark({ callbacks = 400, senders = 20 } = {}): Promise<void> {
	for (const config of CONFIGS) await benchmarkOne(callbacks, senders, config);
}

async function benchmarkOne(callbacks: number, senders: number, config: (typeof CONFIGS)[number]): Promise<void> {
	const emu = await startLegnextEmulator({ jobDurationMs: 50, apiKey: 'bench-n8n-key' });
	const n8n = await startN8n({ nodePackages: [PACKAGE_ROOT], env: config.env });
	const rows: Array<[string, string, string?]> = [];
	try {
		const credential = await createLegnextCredential(n8n, { apiKey: emu.apiKey, baseUrl: emu.baseUrl });
		const credentials = { legnextApi: { id: credential.id, name: credential.name } };
		// Real jobs, for the trigger that reads each one back from the API.
		const jobs: object[] = [];
		for (let i = 0; i < callbacks; i++) {
			const res = await request(`${emu.baseUrl}/v1/diffusion`, {
				method: 'POST',
				headers: { 'x-api-key': emu.apiKey, 'content-type': 'application/json' },
				body: JSON.stringify({ text: `bench ${i}` }),
			});
			jobs.push((await res.body.json()) as object);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
		const readJob = async (job: object) => {
			const id = (job as { job_id: string }).job_id;
			return (await (await request(`${emu.baseUrl}/v1/job/${id}`, { headers: { 'x-api-key': emu.apiKey } })).body.json()) as object;
		};
		const realJobs = await Promise.all(jobs.map(readJob));
		// The token the Legnext node would put in the callback URL.
		const { createHmac } = await import('node:crypto');
		const token = createHmac('sha256', 'e2e-whsec-7f3a9c1d5b2e8f04a6c1d9e3b7f2a5c8')
			.update('n8n-nodes-midjourney-api:legnext-callback:v1')
			.digest('base64url')
			.slice(0, 32);
		const legnext = (verify: boolean) => ({
			type: LEGNEXT_TRIGGER,
			typeVersion: 1,
			credentials,
			parameters: { events: ['completed', 'failed'], verifyWithApi: verify },
		});
		const cases: Case[] = [
			{
				label: "n8n's Webhook node",
				workflow: triggerWorkflow('bench webhook', 'bench-webhook', {
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					parameters: { httpMethod: 'POST', path: 'bench-webhook', responseMode: 'onReceived' },
				}),
				url: `${n8n.webhookBaseUrl}bench-webhook`,
				body: (i) => ({ job_id: `webhook-${i}`, status: 'completed' }),
			},
			{
				label: 'Legnext Trigger, Verify with API off',
				workflow: triggerWorkflow('bench trigger off', 'bench-off', legnext(false)),
				url: `${n8n.webhookBaseUrl}bench-off/legnext?token=${token}`,
				body: (i) => ({ ...(realJobs[i] as object), job_id: `synthetic-${i}` }),
			},
			{
				label: 'Legnext Trigger, Verify with API on',
				workflow: triggerWorkflow('bench trigger on', 'bench-on', legnext(true)),
				url: `${n8n.webhookBaseUrl}bench-on/legnext?token=${token}`,
				body: (i) => realJobs[i],
			},
		];
		let webhookRate = 0;
		for (const item of cases) {
			const wf = await n8n.api.importWorkflow(item.workflow);
			await n8n.api.activateWorkflow(wf.id);
			const cpu0 = groupCpuSeconds(n8n.pid);
			const t0 = Date.now();
			const statuses = await send(callbacks, senders, item.url, item.body);
			const answered = Date.now();
			let done = 0;
			while (Date.now() - answered < 180_000) {
				done = await finishedExecutions(n8n, wf.id);
				if (done >= callbacks) break;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			const wall = Date.now() - t0;
			const cpu = groupCpuSeconds(n8n.pid) - cpu0;
			const rate = (done / wall) * 1000;
			if (!webhookRate) webhookRate = rate;
			const ok = statuses.filter((s) => s === 200).length;
			rows.push([`${item.label}: executions/s`, rate.toFixed(1), webhookRate === rate ? 'baseline' : `${(rate / webhookRate).toFixed(2)}x the Webhook node`]);
			rows.push([`${item.label}: CPU per callback`, `${((cpu / callbacks) * 1000).toFixed(0)} ms`]);
			rows.push([`${item.label}: answered 200 / executions`, `${ok} / ${done}`, `${callbacks} sent; all answered in ${seconds(answered - t0)}`]);
			if (item.label.startsWith('Legnext')) {
				// Everything remembered: the same callbacks again start nothing.
				await send(callbacks, senders, item.url, item.body);
				await new Promise((resolve) => setTimeout(resolve, 2000));
				rows.push([`${item.label}: executions from ${callbacks} duplicates`, String((await finishedExecutions(n8n, wf.id)) - done)]);
			}
			await n8n.api.deactivateWorkflow(wf.id);
		}
		rows.push(['n8n', n8n.version]);
		rows.push(['load average at the end (1 min)', (await import('node:os')).loadavg()[0].toFixed(2), '2 cores']);
	} finally {
		await n8n.stop();
		await emu.close();
	}
	report(`Trigger in a real n8n (${config.label}): ${callbacks} callbacks, ${senders} concurrent senders`, rows);
}
