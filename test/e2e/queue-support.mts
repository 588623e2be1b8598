/**
 * What the queue-mode tests and benchmarks share: a "sink" (a tiny HTTP server each workflow
 * posts its result to, so results that reached a workflow are counted without paging through
 * n8n's executions), workflow builders for the Legnext node and trigger, the callback token,
 * and the worker-death scenario (test/e2e/queue-mode.test.mts asserts it,
 * test/bench/worker-death.mts prints it).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { callbackToken as tokenFor } from '../support/callback-token.mts';
import {
	LEGNEXT,
	LEGNEXT_E2E,
	LEGNEXT_TRIGGER,
	WEBHOOK_SECRET,
	type CredentialRef,
} from './legnext-support.mts';
import type { N8nApi, WorkflowJson } from './n8n-instance.mts';
import { FINISHED, settledExecutions, sleep } from './provider-support.mts';
import type { QueueCluster, QueueProcess } from './queue-cluster.mts';

export { FINISHED, settledExecutions, sleep } from './provider-support.mts';

/** The token the action node adds to a Legnext Trigger URL (nodes/shared/trigger/callbackToken.ts). */
export const callbackToken = (secret = WEBHOOK_SECRET): string => tokenFor(secret, 'legnext');

export async function createCredential(api: N8nApi, emu: LegnextEmulator): Promise<CredentialRef> {
	return await LEGNEXT_E2E.createCredential({ api }, { apiKey: emu.apiKey, baseUrl: emu.baseUrl });
}

// ---------------------------------------------------------------------------------------------
// Sink

export interface SinkHit {
	/** Path after the sink's URL, e.g. `/wait`. */
	path: string;
	body: Record<string, unknown>;
	at: number;
}

export interface Sink {
	url: string;
	hits: SinkHit[];
	/** Hits on `path` (e.g. '/wait'). */
	on(path: string): SinkHit[];
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const hits: SinkHit[] = [];
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (c: Buffer) => (raw += c.toString()));
		req.on('end', () => {
			let body: Record<string, unknown> = {};
			try {
				body = JSON.parse(raw || '{}') as Record<string, unknown>;
			} catch {
				body = { raw };
			}
			hits.push({ path: (req.url ?? '/').split('?')[0], body, at: Date.now() });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits,
		on: (path) => hits.filter((h) => h.path === path),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

// ---------------------------------------------------------------------------------------------
// Workflow builders

type Node = WorkflowJson['nodes'][number];

/** HTTP Request node posting `{ ...fields, executionId }` to `<sink>/<path>`. */
export function sinkNode(sink: Sink, path: string, fields: string, name = 'Report'): Node {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [660, 0],
		parameters: {
			method: 'POST',
			url: `${sink.url}/${path}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ ${fields}, executionId: $execution.id }) }}`,
			options: {},
		},
	};
}

function chain(name: string, nodes: Node[]): WorkflowJson {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		nodes[i + 1].position = [220 * (i + 1), 0];
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Webhook (POST <path>, answered at once) -> ...rest. */
export function webhookWorkflow(name: string, path: string, rest: Node[]): WorkflowJson {
	return chain(name, [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			position: [0, 0],
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		...rest,
	]);
}

/** Legnext Trigger (production URL `<base>/webhook/<webhookId>/legnext`) -> ...rest. */
export function triggerWorkflow(
	name: string,
	webhookId: string,
	credential: CredentialRef,
	rest: Node[],
	verifyWithApi = true,
): WorkflowJson {
	return chain(name, [
		{
			id: randomUUID(),
			name: 'Job done',
			type: LEGNEXT_TRIGGER,
			typeVersion: 1,
			webhookId,
			position: [0, 0],
			credentials: { legnextApi: credential },
			parameters: { events: ['completed', 'failed'], verifyWithApi },
		},
		...rest,
	]);
}

/** Legnext Imagine with the prompt from `promptExpression`. */
export function imagineNode(
	credential: CredentialRef,
	promptExpression: string,
	wait: Record<string, unknown>,
	options: Record<string, unknown> = {},
): Node {
	return {
		id: randomUUID(),
		name: 'Imagine',
		type: LEGNEXT,
		typeVersion: 1,
		position: [220, 0],
		credentials: { legnextApi: credential },
		parameters: {
			resource: 'image',
			operation: 'imagine',
			prompt: promptExpression,
			...wait,
			options: { timeout: 600, ...options },
		},
	};
}

/** Imports and publishes; production webhooks are live when it returns. */
export async function publish(api: N8nApi, json: WorkflowJson): Promise<string> {
	const wf = await api.importWorkflow(json);
	await api.activateWorkflow(wf.id, { timeoutMs: 60_000 });
	return wf.id;
}

/** POST to a production webhook; returns the HTTP status. */
export async function callWebhook(url: string, body: unknown): Promise<number> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	await res.arrayBuffer();
	return res.status;
}

/** POSTs of Imagine at the emulator, per prompt text (Midjourney parameters included). */
export function submissionsByPrompt(
	emu: LegnextEmulator,
	match: (prompt: string) => boolean,
): Map<string, number> {
	const counts = new Map<string, number>();
	for (const r of emu.requests) {
		if (r.method !== 'POST' || r.apiPath !== '/v1/diffusion') continue;
		const text = String((r.body as { text?: unknown } | null)?.text ?? '');
		if (match(text)) counts.set(text, (counts.get(text) ?? 0) + 1);
	}
	return counts;
}

// ---------------------------------------------------------------------------------------------
// Worker death

export interface WorkerDeathFigures {
	/** Executions (or jobs) started per mode. */
	executions: number;
	killed: string;
	/** Of the executions (wait mode) the killed worker was running when it died. */
	onKilledWorker: number;
	/** Results that reached the workflow's last node (sink hits, distinct jobs). */
	resultsReached: number;
	/** Prompts POSTed more than once to the provider. */
	submittedTwice: number;
	/** Imagine POSTs at the provider for these prompts. */
	submissions: number;
	/** Execution statuses of the workflow(s) involved, counted. */
	statuses: Record<string, number>;
	/** Distinct error messages the user sees on those executions. */
	errors: string[];
	/** Seconds from the kill until every execution had a final status. */
	settledAfterKillS: number;
}

export interface WorkerDeathResult {
	wait: WorkerDeathFigures;
	callback: WorkerDeathFigures;
	/** The kill, as printed. */
	note: string;
}

function countBy<T>(values: T[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
	return out;
}

/**
 * Kills (SIGKILL) one worker while `count` executions wait for results in Wait for Result mode
 * and `count` jobs submitted in callback mode (Send Result to Legnext Trigger) are at the
 * provider, all at once; measures what reached the workflows, what was submitted twice and what
 * the user sees. The killed worker is the one running most of the waiting executions. It is
 * started again afterwards (the cluster keeps its size).
 */
export async function workerDeath(opts: {
	cluster: QueueCluster;
	emu: LegnextEmulator;
	credential: CredentialRef;
	sink: Sink;
	count?: number;
	/** How long each emulated job takes; the kill comes ~1/3 into it. */
	jobMs?: number;
	/** A distinct tag per run (paths, prompts). */
	tag?: string;
	/** The emulator's job duration to set back afterwards (default 3000). */
	restoreJobMs?: number;
	log?: (line: string) => void;
}): Promise<WorkerDeathResult> {
	const { cluster, emu, credential, sink } = opts;
	const api = cluster.api;
	const count = opts.count ?? 10;
	const jobMs = opts.jobMs ?? 20_000;
	const tag = opts.tag ?? `death${Date.now().toString(36)}`;
	const say = opts.log ?? ((line: string) => console.log(`[worker death] ${line}`));

	// Wait for Result: Webhook -> Imagine (wait) -> report.
	const waitWf = await publish(
		api,
		webhookWorkflow(`${tag} wait`, `${tag}-wait`, [
			imagineNode(credential, '={{ $json.body.prompt }}', { waitMode: 'wait' }),
			sinkNode(
				sink,
				`${tag}/wait`,
				'jobId: $json.jobId, prompt: $json.prompt, status: $json.status',
			),
		]),
	);
	// Callback: Webhook -> Imagine (Send Result to Legnext Trigger); Trigger -> report.
	const submitWf = await publish(
		api,
		webhookWorkflow(`${tag} submit`, `${tag}-submit`, [
			imagineNode(credential, '={{ $json.body.prompt }}', {
				waitMode: 'trigger',
				triggerUrl: `${tag}-done/legnext`,
			}),
		]),
	);
	const triggerWf = await publish(
		api,
		triggerWorkflow(`${tag} done`, `${tag}-done`, credential, [
			sinkNode(sink, `${tag}/callback`, 'jobId: $json.jobId, status: $json.status'),
		]),
	);

	emu.setJobDurationMs(jobMs);
	const waitPrompts = Array.from({ length: count }, (_, i) => `${tag} wait ${i + 1}`);
	const cbPrompts = Array.from({ length: count }, (_, i) => `${tag} callback ${i + 1}`);
	try {
		const statuses = await Promise.all([
			...waitPrompts.map(
				async (prompt) => await callWebhook(`${cluster.webhookBaseUrl}${tag}-wait`, { prompt }),
			),
			...cbPrompts.map(
				async (prompt) => await callWebhook(`${cluster.webhookBaseUrl}${tag}-submit`, { prompt }),
			),
		]);
		if (statuses.some((s) => s !== 200))
			throw new Error(`webhook calls answered ${JSON.stringify(countBy(statuses))}`);
		// Every job is at the provider and every waiting execution runs on a worker.
		const mine = (p: string) => p.startsWith(tag);
		const deadline = Date.now() + 60_000;
		let waitExecs: string[] = [];
		while (Date.now() < deadline) {
			const submitted = [...submissionsByPrompt(emu, mine).keys()].length;
			waitExecs = (await api.listExecutions({ workflowId: waitWf }, 100)).map((e) => e.id);
			const placed = waitExecs.filter((id) => cluster.workerOf(id));
			if (submitted >= 2 * count && placed.length >= count) break;
			await sleep(250);
		}
		const perWorker = new Map<QueueProcess, string[]>();
		for (const id of waitExecs) {
			const w = cluster.workerOf(id);
			if (w) perWorker.set(w, [...(perWorker.get(w) ?? []), id]);
		}
		const [victim, victimExecs] =
			[...perWorker.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
		if (!victim || !victimExecs) throw new Error('no waiting execution was placed on a worker');
		const placement = [...perWorker.entries()]
			.map(([w, ids]) => `${w.name}: ${ids.length}`)
			.join(', ');
		await sleep(Math.min(3000, jobMs / 4));
		const killedAt = Date.now();
		await victim.kill('SIGKILL');
		const note = `SIGKILL ${victim.name} (pid ${victim.pid}) ${((killedAt - Math.min(...emu.requests.filter((r) => mine(String((r.body as { text?: string } | null)?.text ?? ''))).map((r) => r.at))) / 1000).toFixed(1)} s after the first submit; waiting executions per worker: ${placement}`;
		say(note);

		// Everything settles: the survivors finish, the dead worker's jobs are found stalled.
		const settle = async (workflowId: string, expected: number) => {
			const end = Date.now() + 240_000;
			for (;;) {
				const list = await api.listExecutions({ workflowId }, 100);
				if (list.length >= expected && list.every((e) => FINISHED.includes(e.status))) return list;
				if (Date.now() > end)
					throw new Error(
						`executions of ${workflowId} not settled: ${JSON.stringify(countBy(list.map((e) => e.status)))}`,
					);
				await sleep(500);
			}
		};
		const waitList = await settle(waitWf, count);
		const triggerList = await settle(triggerWf, 0);
		// Callbacks still to come (jobs finishing after the kill) and their executions.
		const cbDeadline = Date.now() + jobMs + 60_000;
		while (sink.on(`/${tag}/callback`).length < count && Date.now() < cbDeadline) await sleep(500);
		const finalTrigger = await settledExecutions(api, triggerWf, triggerList.length, 3000, 60_000);
		const settledAfterKillS = (Date.now() - killedAt) / 1000;

		const messages = async (ids: string[]) => {
			const out = new Set<string>();
			for (const id of ids) {
				const exec = await api.getExecution(id);
				const err = exec.data.resultData.error?.message;
				if (err) out.add(err);
				for (const runs of Object.values(exec.data.resultData.runData ?? {}))
					for (const r of runs) if (r.error?.message) out.add(r.error.message);
			}
			return [...out];
		};
		const waitFailed = waitList.filter((e) => e.status !== 'success').map((e) => e.id);
		const triggerAll = await api.listExecutions({ workflowId: triggerWf }, 100);
		const submitList = await api.listExecutions({ workflowId: submitWf }, 100);
		const waitSubs = submissionsByPrompt(emu, (p) => p.startsWith(`${tag} wait`));
		const cbSubs = submissionsByPrompt(emu, (p) => p.startsWith(`${tag} callback`));
		const distinctJobs = (path: string) =>
			new Set(sink.on(path).map((h) => String(h.body.jobId))).size;
		const result: WorkerDeathResult = {
			note,
			wait: {
				executions: count,
				killed: victim.name,
				onKilledWorker: victimExecs.length,
				resultsReached: distinctJobs(`/${tag}/wait`),
				submittedTwice: [...waitSubs.values()].filter((n) => n > 1).length,
				submissions: [...waitSubs.values()].reduce((a, b) => a + b, 0),
				statuses: countBy(waitList.map((e) => e.status)),
				errors: await messages(waitFailed),
				settledAfterKillS,
			},
			callback: {
				executions: count,
				killed: victim.name,
				onKilledWorker: 0,
				resultsReached: distinctJobs(`/${tag}/callback`),
				submittedTwice: [...cbSubs.values()].filter((n) => n > 1).length,
				submissions: [...cbSubs.values()].reduce((a, b) => a + b, 0),
				statuses: {
					...Object.fromEntries(
						Object.entries(countBy(submitList.map((e) => e.status))).map(([k, v]) => [
							`submit ${k}`,
							v,
						]),
					),
					...Object.fromEntries(
						Object.entries(countBy(triggerAll.map((e) => e.status))).map(([k, v]) => [
							`trigger ${k}`,
							v,
						]),
					),
				},
				errors: await messages(triggerAll.filter((e) => e.status !== 'success').map((e) => e.id)),
				settledAfterKillS,
			},
		};
		if (finalTrigger !== triggerAll.length)
			say(`trigger executions still moving: ${finalTrigger} vs ${triggerAll.length}`);
		say(`wait for result: ${JSON.stringify(result.wait)}`);
		say(`callback:        ${JSON.stringify(result.callback)}`);
		// The cluster keeps its size for whatever runs next.
		await victim.restart();
		return result;
	} finally {
		emu.setJobDurationMs(opts.restoreJobMs ?? 3000);
		for (const id of [waitWf, submitWf, triggerWf])
			await api.deactivateWorkflow(id).catch(() => undefined);
	}
}
