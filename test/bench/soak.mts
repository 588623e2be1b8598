// Fault soak (issue 12, point 3): ~1000 jobs across the four providers' emulators, run the way
// users run them, in a real n8n (queue mode: main + 2 workers + 1 webhook processor, Postgres,
// Redis; or one n8n with SQLite), with 20% transient faults injected: 429 + Retry-After, 5xx,
// connection resets, slow answers and malformed JSON on the API requests, and callbacks
// delivered twice or out of order. It counts, per prompt, what the emulators received and the
// jobs they created, reads every execution back through n8n's REST API, and scans every
// execution, every n8n process's log and every emulator's log for the credentials' secrets
// (proving the scan with a secret planted in a copy of one log). Prints one report; not a test.
//
//   npm run bench -- soak                          # 1000 jobs, queue mode
//   npx tsx test/bench/soak.mts --jobs 200 --n8n single
//
// Options: --jobs N (1000), --fault-rate R (0.2), --job-ms MS (3000), --batch N (25),
// --spread S (seconds over which the batches are started, jobs / 4, at least 30), --n8n queue|single (queue),
// --workers N (2), --log-level L (debug), --seed N, --n8n-defaults (n8n's vm expression engine and
// 2 Postgres connections instead of TUNED_ENV), --env NAME=VALUE (every n8n process, repeatable),
// --keep (keep the run folder and n8n's folders).
// Needs the package built (npm run build).
import { createHmac } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { seeded } from '../emulator/legnext/faults.mts';
import type { FaultRule } from '../emulator/legnext/types.mts';
import { PACKAGE_ROOT } from '../e2e/legnext-support.mts';
import { startN8n, unflattenExecutionData, type ExecutionDetails, type N8nApi, type WorkflowJson } from '../e2e/n8n-instance.mts';
import { apiframeSoak, chubSoak, legnextSoak, theNextLegSoak, type SoakProvider } from './soak-providers.mts';
import { plant, scan, type ScanSource, type Secret } from './soak-scan.mts';

export interface SoakOptions {
	jobs?: number;
	faultRate?: number;
	jobMs?: number;
	batch?: number;
	spreadS?: number;
	n8n?: 'queue' | 'single';
	workers?: number;
	logLevel?: string;
	seed?: number;
	keep?: boolean;
	/** TheNextLeg: the emulator's limit and the credential's pace (the docs: 3000 ms both). */
	tnlServerIntervalMs?: number;
	tnlCredentialIntervalMs?: number;
	/**
	 * n8n settings for a callback-heavy load (docs/running-at-scale.md): the legacy expression
	 * engine (n8n 2.41's default "vm" engine builds an isolate per trigger request, which a burst
	 * of callbacks on 2 cores does not survive) and 10 Postgres connections per process (n8n's
	 * default is 2). false: n8n's own defaults.
	 */
	tuned?: boolean;
	/** Extra environment for every n8n process (wins over the above). */
	env?: Record<string, string>;
}

export const TUNED_ENV = { N8N_EXPRESSION_ENGINE: 'legacy', DB_POSTGRESDB_POOL_SIZE: '10' };

type Mode = 'wait' | 'trigger';
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[soak] ${line}`);

// ---------------------------------------------------------------------------------------------
// The fault mix on API requests: five kinds, equal shares of the fault rate.

interface FaultKind {
	kind: string;
	rules: Array<{ share: number; rule: FaultRule }>;
}

const FAULT_KINDS: FaultKind[] = [
	{
		kind: '429 + Retry-After',
		rules: [
			{ share: 0.5, rule: { kind: 'status', status: 429, retryAfter: 1 } },
			{ share: 0.5, rule: { kind: 'status', status: 429, retryAfter: 2 } },
		],
	},
	{
		kind: '5xx',
		rules: [500, 502, 503].map((status) => ({ share: 1 / 3, rule: { kind: 'status', status } as FaultRule })),
	},
	{ kind: 'connection reset', rules: [{ share: 1, rule: { kind: 'reset' } }] },
	{
		kind: 'slow answer (1.5 / 4 s)',
		rules: [
			{ share: 0.5, rule: { kind: 'delay', ms: 1500 } },
			{ share: 0.5, rule: { kind: 'delay', ms: 4000 } },
		],
	},
	{ kind: 'malformed JSON', rules: [{ share: 1, rule: { kind: 'malformed' } }] },
];
const CALLBACK_KINDS = ['callback twice (+2 at once, +1 late)', 'callback out of order (early "done", stale progress)'];

/**
 * Rules tried in order, each firing on its conditional share so that every rule fires on
 * `rate * kindShare * ruleShare` of all requests and at most one fires per request.
 */
function installFaults(p: SoakProvider, rate: number, seed: number, fired: Map<string, number>, firedOnSubmit: Map<string, number>, submitPath: RegExp) {
	let left = 1;
	let n = 0;
	for (const kind of FAULT_KINDS) {
		for (const { share, rule } of kind.rules) {
			const want = (rate * share) / FAULT_KINDS.length;
			const probability = Math.min(1, want / left);
			left -= want;
			p.addFault({
				...rule,
				times: Infinity,
				probability,
				seed: seed + n++,
				onFire: (hit) => {
					fired.set(kind.kind, (fired.get(kind.kind) ?? 0) + 1);
					if (hit.method === 'POST' && submitPath.test(hit.path)) firedOnSubmit.set(kind.kind, (firedOnSubmit.get(kind.kind) ?? 0) + 1);
				},
			} as FaultRule);
		}
	}
}

const SUBMIT_PATHS: Record<string, RegExp> = {
	legnext: /^\/v1\/diffusion$/,
	apiframe: /^\/imagine$/,
	thenextleg: /^\/v2\/imagine$/,
	chub: /^\/images\/text2img$/,
};

// ---------------------------------------------------------------------------------------------
// n8n under test

interface ProcessLog {
	name: string;
	logs(): string;
}

interface N8nUnderTest {
	label: string;
	api: N8nApi;
	webhookBaseUrl: string;
	processes: ProcessLog[];
	layout: string;
	stop(): Promise<void>;
}

/** A log file read on each call; once the file is gone, its last content. */
function fileLog(file: string): () => string {
	let last = '';
	return () => {
		try {
			last = readFileSync(file, 'utf8');
		} catch {
			// removed with its folder
		}
		return last;
	};
}

async function startQueue(workers: number, env: Record<string, string>, keep: boolean): Promise<N8nUnderTest> {
	const { startQueueCluster } = await import('../e2e/queue-cluster.mts');
	const cluster = await startQueueCluster({ nodePackages: [PACKAGE_ROOT], workers, webhookProcessors: 1, env, keep });
	return {
		label: `n8n ${cluster.version} queue mode: main + ${cluster.workers.length} workers + ${cluster.webhooks.length} webhook processor, Postgres ${cluster.postgres.version}, Redis ${cluster.redis.version}`,
		api: cluster.api,
		webhookBaseUrl: cluster.webhookBaseUrl,
		processes: [
			...cluster.processes().map((p) => ({ name: p.name, logs: () => p.logs() })),
			// Postgres logs errors with the statement's values; its folder goes with the cluster, so the last read is kept.
			{ name: 'postgres', logs: fileLog(join(cluster.postgres.dataDir, '..', 'postgres.log')) },
		],
		layout: cluster.layout(),
		stop: () => cluster.stop(),
	};
}

async function startSingle(env: Record<string, string>, keep: boolean): Promise<N8nUnderTest> {
	const n8n = await startN8n({ nodePackages: [PACKAGE_ROOT], env, keepUserFolder: keep });
	return {
		label: `n8n ${n8n.version}, one process (regular mode, SQLite)`,
		api: n8n.api,
		webhookBaseUrl: n8n.webhookBaseUrl,
		processes: [{ name: 'n8n', logs: () => n8n.logs() }],
		layout: `  n8n  ${n8n.url}  pid ${n8n.pid}`,
		stop: () => n8n.stop(),
	};
}

// ---------------------------------------------------------------------------------------------
// Workflows

type Node = WorkflowJson['nodes'][number];

function chain(name: string, nodes: Node[]): WorkflowJson {
	const connections: Record<string, unknown> = {};
	nodes.forEach((node, i) => {
		node.position = [220 * i, 0];
		if (i + 1 < nodes.length) connections[node.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Webhook (POST {prompts: [...]}) -> one item per prompt -> the provider's node (Continue On Fail). */
function batchWorkflow(p: SoakProvider, path: string, credentialId: string, wait: Parameters<SoakProvider['parameters']>[1]): WorkflowJson {
	return chain(`soak ${path}`, [
		{
			id: `${path}-in`,
			name: 'Batch',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: path,
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		{
			id: `${path}-split`,
			name: 'One per prompt',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'body.prompts', options: { destinationFieldName: 'prompt' } },
		},
		{
			id: `${path}-gen`,
			name: 'Generate',
			type: p.nodeType,
			typeVersion: 1,
			onError: 'continueRegularOutput',
			credentials: { [p.credentialType]: { id: credentialId, name: `${p.name} (soak)` } },
			parameters: p.parameters('={{ $json.prompt }}', wait),
		},
	]);
}

/** <Provider> Trigger (completed + failed, read back from the API) -> No Op. */
function triggerWorkflow(p: SoakProvider, webhookId: string, credentialId: string): WorkflowJson {
	return chain(`soak ${webhookId}`, [
		{
			id: `${webhookId}-trigger`,
			name: 'Job done',
			type: p.triggerType!,
			typeVersion: 1,
			webhookId,
			credentials: { [p.credentialType]: { id: credentialId, name: `${p.name} (soak)` } },
			parameters: { events: ['completed', 'failed'], verifyWithApi: true },
		},
		{ id: `${webhookId}-noop`, name: 'Carry on', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);
}

async function publish(api: N8nApi, json: WorkflowJson, active: boolean): Promise<string> {
	const wf = await api.importWorkflow(json);
	if (active) await api.activateWorkflow(wf.id, { timeoutMs: 60_000 });
	return wf.id;
}

// ---------------------------------------------------------------------------------------------
// Executions through n8n's REST API (raw text kept for the secrets scan)

/**
 * Every execution id of this (fresh) n8n. Not by paging its list: n8n 2.41 orders the list by
 * COALESCE(startedAt, createdAt) but starts the next page at `id < last row's id`, so in queue
 * mode, where executions start in another order than they were created, later pages skip some.
 * Ids are sequential: take the highest the first pages show, then probe on until 25 in a row
 * do not exist.
 */
async function allExecutionIds(api: N8nApi, workflowIds: string[]): Promise<string[]> {
	let max = 0;
	for (const workflowId of workflowIds) {
		const qs = new URLSearchParams({ limit: '100', filter: JSON.stringify({ workflowId }) });
		const page = await api.request<{ results: Array<{ id: string }> }>('GET', `/rest/executions?${qs}`);
		for (const e of page.results) max = Math.max(max, Number(e.id));
	}
	for (let probe = max + 1, misses = 0; misses < 25; probe++) {
		// n8n answers 200 with no data for an id that does not exist (or is not readable).
		if (await fetchExecution(api, String(probe))) {
			max = probe;
			misses = 0;
		} else misses++;
	}
	return Array.from({ length: max }, (_, i) => String(i + 1));
}

async function fetchExecution(api: N8nApi, id: string): Promise<{ raw: string; exec: ExecutionDetails } | undefined> {
	const res = await api.fetchRaw('GET', `/rest/executions/${id}`);
	const raw = await res.text();
	if (res.status === 404) return undefined;
	if (!res.ok) throw new Error(`GET /rest/executions/${id} -> ${res.status}: ${raw.slice(0, 300)}`);
	const parsed = (JSON.parse(raw || '{}') as { data?: ExecutionDetails & { data: unknown } }).data;
	if (!parsed?.id) return undefined;
	return { raw, exec: { ...parsed, id: String(parsed.id), data: unflattenExecutionData(parsed.data) as ExecutionDetails['data'] } };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await fn(items[i]);
			}
		}),
	);
	return out;
}

// ---------------------------------------------------------------------------------------------
// Outcomes

type Outcome = 'completed' | 'clear error' | 'other' | 'not started';

interface Job {
	provider: SoakProvider;
	mode: Mode;
	tag: string;
	prompt: string;
	outcome?: Outcome;
	/** Why "other", or the error message. */
	detail?: string;
	jobId?: string;
}

/** A message a user can act on: it names the provider and says what happened. */
function clearMessage(p: SoakProvider, message: unknown): boolean {
	if (typeof message !== 'string') return false;
	const m = message.trim();
	if (m.length < 12 || /^(error|undefined|null|unknown error)\.?$/i.test(m)) return false;
	if (/\bundefined\b|\[object Object\]/.test(m)) return false;
	return m.toLowerCase().includes(p.name.toLowerCase());
}

/** Error messages with ids and numbers folded, so the report lists kinds, not instances. */
function foldMessage(message: string): string {
	return message
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
		.replace(/\b[A-Za-z0-9]{20}\b/g, '<id>')
		.replace(/\d+(\.\d+)?/g, 'N')
		.slice(0, 160);
}

function pad(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
	return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

// ---------------------------------------------------------------------------------------------

export async function soakBenchmark(options: SoakOptions = {}): Promise<boolean> {
	const jobsWanted = options.jobs ?? 1000;
	const rate = options.faultRate ?? 0.2;
	const jobMs = options.jobMs ?? 3000;
	const batchSize = options.batch ?? 25;
	const spreadMs = (options.spreadS ?? Math.max(30, Math.round(jobsWanted / 4))) * 1000;
	const seed = options.seed ?? 12;
	const keep = options.keep ?? process.env.E2E_KEEP === '1';
	const tnlServer = options.tnlServerIntervalMs ?? 10;
	const tnlCredential = options.tnlCredentialIntervalMs ?? 60;
	// The emulators' seeded generator, so a seed gives the same chaos choices.
	const random = seeded(seed);
	// The emulators tie every slow answer to their shutdown signal: hundreds at once are expected here.
	setMaxListeners(0);
	const run = `s${Date.now().toString(36).slice(-5)}`;
	const dir = mkdtempSync(join(tmpdir(), `soak-${run}-`));
	const t0 = Date.now();
	const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' / ');
	const timings: Array<[string, number]> = [];
	const lap = (label: string, since: number) => timings.push([label, Date.now() - since]);

	const providers = [legnextSoak(dir), apiframeSoak(dir), theNextLegSoak(dir, tnlServer, tnlCredential), chubSoak(dir)];
	const fired = new Map<SoakProvider, Map<string, number>>(providers.map((p) => [p, new Map()]));
	const firedOnSubmit = new Map<SoakProvider, Map<string, number>>(providers.map((p) => [p, new Map()]));
	const chaos = new Map<SoakProvider, Map<string, number>>(providers.map((p) => [p, new Map()]));
	let n8n: N8nUnderTest | undefined;
	let stopChaos = () => undefined as void;
	let cleaning: Promise<void> | undefined;
	const cleanup = () =>
		(cleaning ??= (async () => {
			stopChaos();
			await n8n?.stop().catch((e: Error) => say(`n8n stop: ${e.message}`));
			for (const p of providers) await p.close().catch(() => undefined);
			if (!keep) rmSync(dir, { recursive: true, force: true });
		})());
	const onSignal = () => {
		say('interrupted: stopping everything this soak started');
		void cleanup().then(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	try {
		// Emulators, fault rules
		let t = Date.now();
		for (const [i, p] of providers.entries()) {
			await p.start(jobMs);
			installFaults(p, rate, seed * 100 + i * 10, fired.get(p)!, firedOnSubmit.get(p)!, SUBMIT_PATHS[p.key]);
		}
		const secrets: Secret[] = providers.flatMap((p) => p.secrets);

		// n8n
		const env: Record<string, string> = { N8N_LOG_LEVEL: options.logLevel ?? 'debug', ...(options.tuned === false ? {} : TUNED_ENV), ...options.env };
		const wantQueue = (options.n8n ?? 'queue') === 'queue';
		say(wantQueue ? `starting n8n in queue mode (${options.workers ?? 2} workers) ...` : 'starting one n8n (SQLite) ...');
		n8n = wantQueue ? await startQueue(options.workers ?? 2, env, keep) : await startSingle(env, keep);
		lap('start emulators and n8n', t);
		say(`${n8n.label}\n${n8n.layout}`);

		// Credentials and workflows
		t = Date.now();
		const api = n8n.api;
		const credentialIds = new Map<SoakProvider, string>();
		for (const p of providers) {
			const cred = await api.createCredential(p.credentialType, `${p.name} (soak)`, p.credentialData());
			credentialIds.set(p, cred.id);
		}
		const perProvider = Math.floor(jobsWanted / providers.length);
		const plan: Array<{ p: SoakProvider; mode: Mode; jobs: number }> = [];
		for (const p of providers) {
			if (p.triggerType) {
				plan.push({ p, mode: 'wait', jobs: Math.ceil(perProvider / 2) }, { p, mode: 'trigger', jobs: Math.floor(perProvider / 2) });
			} else plan.push({ p, mode: 'wait', jobs: perProvider });
		}
		const paths = new Map<string, string>();
		const workflows = new Map<string, string>();
		const triggerWorkflows = new Map<SoakProvider, string>();
		for (const { p, mode } of plan) {
			const path = `soak-${run}-${p.tag}-${mode}`;
			const cred = credentialIds.get(p)!;
			if (mode === 'trigger') {
				const doneId = `soak-${run}-${p.tag}-done`;
				triggerWorkflows.set(p, await publish(api, triggerWorkflow(p, doneId, cred), true));
				workflows.set(`${p.key}:${mode}`, await publish(api, batchWorkflow(p, path, cred, { waitMode: 'trigger', triggerUrl: `${doneId}/${p.triggerSuffix}` }), true));
			} else {
				workflows.set(`${p.key}:${mode}`, await publish(api, batchWorkflow(p, path, cred, { waitMode: 'wait' }), true));
			}
			paths.set(`${p.key}:${mode}`, path);
		}
		lap('credentials and workflows', t);

		// The jobs, in batches, interleaved across providers and modes
		const jobs: Job[] = [];
		const batches: Array<{ key: string; jobs: Job[] }> = [];
		for (const { p, mode, jobs: count } of plan) {
			for (let i = 0; i < count; i += batchSize) {
				const batch: Job[] = [];
				for (let n = i; n < Math.min(count, i + batchSize); n++) {
					const tag = `${run}-${p.tag}-${mode[0]}-${n + 1}`;
					const job: Job = { provider: p, mode, tag, prompt: `${tag} a lighthouse at dawn, watercolor` };
					batch.push(job);
					jobs.push(job);
				}
				batches.push({ key: `${p.key}:${mode}`, jobs: batch });
			}
		}
		for (let i = batches.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[batches[i], batches[j]] = [batches[j], batches[i]];
		}
		say(`${jobs.length} jobs in ${batches.length} batches of up to ${batchSize}, started over ${spreadMs / 1000} s; ${(rate * 100).toFixed(0)}% of API requests and of callbacks get a fault`);

		// Callback chaos: duplicates and out-of-order deliveries for `rate` of the trigger jobs
		const decided = new Map<string, 'duplicate' | 'out-of-order' | 'none'>();
		const chaosSends: Array<Promise<unknown>> = [];
		const seenCallbacks = new Map<SoakProvider, number>();
		const seenSubmits = new Map<SoakProvider, number>();
		const bump = (p: SoakProvider, kind: string, n = 1) => chaos.get(p)!.set(kind, (chaos.get(p)!.get(kind) ?? 0) + n);
		let chaosOn = true;
		stopChaos = () => {
			chaosOn = false;
		};
		const chaosLoop = (async () => {
			while (chaosOn) {
				for (const p of providers) {
					if (!p.triggerType) continue;
					const submits = p.submits();
					for (let i = seenSubmits.get(p) ?? 0; i < submits.length; i++) {
						const s = submits[i];
						if (!s.jobId || !/-t-\d+ /.test(s.prompt) || decided.has(s.jobId)) continue;
						const draw = random();
						const kind = draw < rate / 2 ? 'duplicate' : draw < rate ? 'out-of-order' : 'none';
						decided.set(s.jobId, kind);
						if (kind === 'out-of-order') {
							const jobId = s.jobId;
							chaosSends.push(
								sleep(jobMs * 0.4).then(async () => {
									bump(p, CALLBACK_KINDS[1]);
									return await p.resendPremature!(jobId);
								}),
							);
						}
					}
					seenSubmits.set(p, submits.length);
					const callbacks = p.callbacks();
					for (let i = seenCallbacks.get(p) ?? 0; i < callbacks.length; i++) {
						const c = callbacks[i];
						if (!c.lifecycle || !c.final || c.attempt !== 1 || !c.jobId) continue;
						const jobId = c.jobId;
						const kind = decided.get(jobId);
						if (kind === 'duplicate') {
							bump(p, CALLBACK_KINDS[0]);
							chaosSends.push(Promise.all([p.resendNow!(jobId), p.resendNow!(jobId)]));
							chaosSends.push(sleep(1500).then(async () => await p.resendNow!(jobId)));
						} else if (kind === 'out-of-order') {
							chaosSends.push(sleep(200).then(async () => await p.resendStale!(jobId)));
						}
					}
					seenCallbacks.set(p, callbacks.length);
				}
				await sleep(100);
			}
		})();

		// Start the batches
		t = Date.now();
		const tSoak = Date.now();
		const gap = batches.length > 1 ? spreadMs / (batches.length - 1) : 0;
		const webhookFailures: string[] = [];
		/** Answers other than 200 to the calls that start a batch (n8n's webhook processor), by status. */
		const startRefusals = new Map<string, number>();
		const started = new Set<(typeof batches)[number]>();
		/** Calls that failed after sending (n8n may have started the batch): never sent again. */
		const uncertain = new Set<(typeof batches)[number]>();
		const starts = batches.map(async (batch, i) => {
			await sleep(i * gap);
			const url = `${n8n!.webhookBaseUrl}${paths.get(batch.key)}`;
			// Like a careful sender: retried only when n8n surely did not take it (503, refused), for about two minutes.
			for (let attempt = 1; ; attempt++) {
				let why: string;
				try {
					const res = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ prompts: batch.jobs.map((j) => j.prompt) }),
					});
					await res.arrayBuffer();
					if (res.ok) {
						started.add(batch);
						return;
					}
					why = `HTTP ${res.status}`;
				} catch (error) {
					const code = (error as { cause?: { code?: string } }).cause?.code;
					why = code ?? (error as Error).message;
					if (code !== 'ECONNREFUSED') {
						startRefusals.set(`${why} (not sent again)`, (startRefusals.get(`${why} (not sent again)`) ?? 0) + 1);
						uncertain.add(batch);
						started.add(batch);
						return;
					}
				}
				startRefusals.set(why, (startRefusals.get(why) ?? 0) + 1);
				if (attempt >= 12) {
					webhookFailures.push(`${batch.key} (${batch.jobs.length} prompts): ${why}, ${attempt} times`);
					return;
				}
				await sleep(Math.min(15_000, 1000 * attempt));
			}
		});
		await Promise.all(starts);
		say(`${started.size} of ${batches.length} batches started in ${((Date.now() - t) / 1000).toFixed(0)} s${webhookFailures.length ? `; ${webhookFailures.length} could not be started: ${webhookFailures.join('; ')}` : ''}`);

		// Settle: every batch execution finished, every callback delivered, the trigger executions quiet
		const expectedBatches = new Map<string, number>();
		for (const b of batches) expectedBatches.set(b.key, (expectedBatches.get(b.key) ?? 0) + 1);
		const deadline = Date.now() + Math.max(20 * 60_000, jobs.length * 1000);
		let lastReport = 0;
		let progressMark = '';
		let progressAt = Date.now();
		for (;;) {
			let finishedBatches = 0;
			let running = 0;
			for (const wf of workflows.values()) {
				finishedBatches += await api.countExecutions({ workflowId: wf, status: [...FINISHED] });
				running += await api.countExecutions({ workflowId: wf, status: ['new', 'running', 'waiting'] });
			}
			const triggerCounts = await Promise.all([...triggerWorkflows.values()].map(async (wf) => await api.countExecutions({ workflowId: wf, status: [...FINISHED] })));
			const triggerRunning = await Promise.all([...triggerWorkflows.values()].map(async (wf) => await api.countExecutions({ workflowId: wf, status: ['new', 'running'] })));
			const triggerJobs = providers.flatMap((p) => p.submits().filter((s) => s.jobId && /-t-\d+ /.test(s.prompt))).length;
			const triggerDone = triggerCounts.reduce((a, b) => a + b, 0);
			const busy = triggerRunning.reduce((a, b) => a + b, 0) + running;
			if (Date.now() - lastReport > 15_000) {
				lastReport = Date.now();
				say(`${((Date.now() - tSoak) / 1000).toFixed(0)} s: batch executions finished ${finishedBatches}/${started.size}, trigger executions ${triggerDone} for ${triggerJobs} trigger jobs, ${busy} running`);
			}
			if (finishedBatches >= started.size && triggerDone >= triggerJobs && busy === 0) break;
			// Nothing moves any more (callbacks the providers gave up on never come): count what is there.
			const mark = `${finishedBatches}/${triggerDone}/${busy}/${providers.map((p) => p.callbacks().length).join(',')}`;
			if (mark !== progressMark) {
				progressMark = mark;
				progressAt = Date.now();
			} else if (Date.now() - progressAt > (busy === 0 ? 120_000 : 300_000)) {
				// (Executions n8n lists as running for 5 minutes without anything else moving are stuck.)
				say(`nothing has moved for ${busy === 0 ? 2 : 5} minutes: counting what is there`);
				break;
			}
			if (Date.now() > deadline) {
				say('deadline reached before everything settled: counting what is there');
				break;
			}
			await sleep(2000);
		}
		// Late deliveries: the emulators' retries, the chaos resends, then a quiet spell.
		await Promise.all(providers.map(async (p) => await p.callbacksIdle()));
		await sleep(2000);
		stopChaos();
		await chaosLoop;
		await Promise.allSettled(chaosSends);
		await Promise.all(providers.map(async (p) => await p.callbacksIdle()));
		let quiet = 0;
		let lastCount = -1;
		const quietDeadline = Date.now() + 120_000;
		while (quiet < 3 && Date.now() < quietDeadline) {
			const count = (await Promise.all([...triggerWorkflows.values()].map(async (wf) => await api.countExecutions({ workflowId: wf })))).reduce((a, b) => a + b, 0);
			const busy = (await Promise.all([...triggerWorkflows.values()].map(async (wf) => await api.countExecutions({ workflowId: wf, status: ['new', 'running'] })))).reduce((a, b) => a + b, 0);
			quiet = count === lastCount && busy === 0 ? quiet + 1 : 0;
			lastCount = count;
			await sleep(2000);
		}
		const soakMs = Date.now() - tSoak;
		lap('soak: first batch started -> everything settled', tSoak);

		// Read every execution back (REST), keep the raw text for the scan
		t = Date.now();
		const sources: ScanSource[] = [];
		const execs = new Map<string, ExecutionDetails[]>();
		const allWorkflowIds = [...workflows.values(), ...triggerWorkflows.values()];
		const got = (await mapLimit(await allExecutionIds(api, allWorkflowIds), 4, async (id) => await fetchExecution(api, id))).filter(
			(g): g is NonNullable<typeof g> => g !== undefined,
		);
		for (const { raw, exec } of got) {
			sources.push({ name: `execution ${exec.id} (REST)`, group: 'executions (REST)', text: raw });
			execs.set(exec.workflowId, [...(execs.get(exec.workflowId) ?? []), exec]);
		}
		const listed = (await Promise.all(allWorkflowIds.map(async (wf) => await api.countExecutions({ workflowId: wf })))).reduce((a, b) => a + b, 0);
		if (listed !== got.length) say(`n8n counts ${listed} executions of the soak's workflows; ${got.length} were read by id`);
		for (const wf of allWorkflowIds) {
			// The workflow as saved (static data holds the trigger's memory).
			const res = await api.fetchRaw('GET', `/rest/workflows/${wf}`);
			sources.push({ name: `workflow ${wf} (REST)`, group: 'workflows (REST)', text: await res.text() });
		}
		lap('read executions back', t);

		// Outcomes per job
		const byTag = new Map(jobs.map((j) => [j.tag, j]));
		const tagOf = (prompt: string) => /\b(s[0-9a-z]+-[a-z]+-[wt]-\d+)\b/.exec(prompt)?.[1];
		const messages = new Map<string, number>();
		const inExecution = new Set<string>();
		const noteMessage = (p: SoakProvider, m: string) => {
			const key = `${p.name}: ${foldMessage(m)}`;
			messages.set(key, (messages.get(key) ?? 0) + 1);
		};
		for (const [key, wf] of workflows) {
			for (const exec of execs.get(wf) ?? []) {
				const inputs = (exec.data.resultData.runData['One per prompt']?.[0]?.data?.main?.[0] ?? []) as Array<{ json: { prompt?: string } }>;
				const outputs = (exec.data.resultData.runData.Generate?.[0]?.data?.main?.[0] ?? []) as Array<{ json: Record<string, unknown>; error?: { message?: string; description?: string } }>;
				const execError = exec.data.resultData.error?.message;
				inputs.forEach((input, i) => {
					const job = byTag.get(tagOf(String(input.json.prompt ?? '')) ?? '');
					if (!job) return;
					inExecution.add(job.tag);
					const p = job.provider;
					const out = outputs[i];
					if (!out) {
						const clear = clearMessage(p, execError);
						job.outcome = clear ? 'clear error' : 'other';
						job.detail = `no output item (execution ${exec.id} ${exec.status}: ${execError ?? 'no error'})`;
						if (execError) noteMessage(p, execError);
						return;
					}
					// Continue On Fail: n8n's error item (`error` beside an empty json), or `json.error` as text.
					if (out.error || typeof out.json.error === 'string') {
						const message = String(out.error?.message ?? out.json.error);
						job.outcome = clearMessage(p, message) ? 'clear error' : 'other';
						job.detail = message;
						noteMessage(p, message);
						return;
					}
					const outTag = tagOf(String(out.json.prompt ?? ''));
					if (outTag && outTag !== job.tag) {
						job.outcome = 'other';
						job.detail = `output ${i} is for ${outTag}`;
						return;
					}
					job.jobId = String(out.json.jobId ?? '');
					if (job.mode === 'wait') {
						if (out.json.status === 'completed') job.outcome = 'completed';
						else {
							job.outcome = 'other';
							job.detail = `status ${String(out.json.status)}`;
						}
					}
					// trigger mode: decided by the trigger executions below
				});
				void key;
			}
		}
		// Batches n8n refused, or that were sent once without an answer and never ran.
		const notStarted = new Set(
			batches.filter((b) => !started.has(b) || (uncertain.has(b) && !b.jobs.some((j) => inExecution.has(j.tag)))).flatMap((b) => b.jobs),
		);
		for (const job of notStarted) {
			job.outcome = 'not started';
			job.detail = "n8n's webhook did not take the batch";
		}
		// Trigger executions per (job, status)
		const triggerRuns = new Map<string, Array<{ exec: string; status: string }>>();
		const triggerProblems: string[] = [];
		const failedTriggerRuns = new Map<string, string[]>();
		for (const [p, wf] of triggerWorkflows) {
			for (const exec of execs.get(wf) ?? []) {
				const ran = exec.data.resultData.runData['Job done']?.[0];
				// An execution that failed before the trigger node's output was kept still holds the
				// webhook's items on its execution stack.
				const stack = (exec.data as { executionData?: { nodeExecutionStack?: Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }> } })
					.executionData?.nodeExecutionStack;
				const item = ran?.data?.main?.[0]?.[0]?.json ?? stack?.[0]?.data?.main?.[0]?.[0]?.json;
				const why = ran?.error?.message ?? exec.data.resultData.error?.message;
				if (!item) {
					triggerProblems.push(`${p.name} trigger execution ${exec.id} (${exec.status}) has no trigger item${why ? `: ${why}` : ''}`);
					continue;
				}
				if (exec.status !== 'success') {
					const said = `trigger execution ${exec.id} ended ${exec.status}${why ? `: ${why}` : ''}`;
					triggerProblems.push(`${p.name} ${said} (job ${String(item.jobId)})`);
					failedTriggerRuns.set(`${p.key}:${String(item.jobId)}`, [...(failedTriggerRuns.get(`${p.key}:${String(item.jobId)}`) ?? []), said]);
					continue;
				}
				const key = `${p.key}:${String(item.jobId)}:${String(item.event ?? item.status)}`;
				triggerRuns.set(key, [...(triggerRuns.get(key) ?? []), { exec: exec.id, status: exec.status }]);
			}
		}
		for (const job of jobs) {
			if (job.mode !== 'trigger' || job.outcome) continue;
			if (!job.jobId) {
				job.outcome = 'other';
				job.detail = 'no submit output';
				continue;
			}
			const done = triggerRuns.get(`${job.provider.key}:${job.jobId}:completed`);
			const failed = triggerRuns.get(`${job.provider.key}:${job.jobId}:failed`);
			if (done?.length) job.outcome = 'completed';
			else if (failed?.length) {
				job.outcome = 'other';
				job.detail = 'the provider reported the job failed';
			} else {
				const answers = job.provider
					.callbacks()
					.filter((c) => c.lifecycle && c.final && c.jobId === job.jobId)
					.map((c) => (c.status === undefined ? 'no answer' : String(c.status)));
				job.outcome = 'other';
				const failedRuns = failedTriggerRuns.get(`${job.provider.key}:${job.jobId}`);
				job.detail = failedRuns
					? `submitted as ${job.jobId}; ${failedRuns.join('; ')}`
					: `submitted as ${job.jobId}, no trigger execution; the provider's callback was answered: ${answers.join(', ') || 'never sent'}`;
			}
		}
		for (const job of jobs) {
			if (!job.outcome) {
				job.outcome = 'other';
				job.detail = 'no execution carried this prompt';
			}
		}

		// Submissions per prompt, at the emulators
		const posts = new Map<string, number>();
		const created = new Map<string, string[]>();
		for (const p of providers) {
			for (const s of p.submits()) {
				const tag = tagOf(s.prompt);
				if (!tag) continue;
				posts.set(tag, (posts.get(tag) ?? 0) + 1);
				if (s.jobId) created.set(tag, [...(created.get(tag) ?? []), s.jobId]);
			}
		}
		const doubles = jobs.filter((j) => (created.get(j.tag)?.length ?? 0) > 1);
		// A job the user was told failed, but which the provider created anyway (e.g. a submit answered too late).
		const createdDespiteError = jobs.filter((j) => j.outcome === 'clear error' && (created.get(j.tag)?.length ?? 0) > 0);
		// Wait-mode completions must be the job the emulator created for that prompt.
		for (const j of jobs) {
			if (j.outcome === 'completed' && j.jobId && !(created.get(j.tag) ?? []).includes(j.jobId)) {
				j.outcome = 'other';
				j.detail = `output job ${j.jobId} is not the job created for this prompt`;
			}
		}
		const duplicates = [...triggerRuns.entries()].filter(([, runs]) => runs.length > 1);
		const ourJobIds = new Set(jobs.map((j) => `${j.provider.key}:${j.jobId}`));
		const foreign = [...triggerRuns.keys()].filter((k) => !ourJobIds.has(k.split(':').slice(0, 2).join(':')));

		// Stop everything, then scan the logs (n8n's shutdown lines included)
		t = Date.now();
		const requestCounts = new Map(providers.map((p) => [p, p.requestCount()]));
		stopChaos();
		const logCopies: Array<{ name: string; text: string }> = [];
		for (const proc of n8n.processes) proc.logs(); // file logs are read while their folders exist
		await n8n.stop().catch((e: Error) => say(`n8n stop: ${e.message}`));
		for (const proc of n8n.processes) logCopies.push({ name: `${proc.name} log`, text: proc.logs() });
		n8n = undefined;
		for (const p of providers) await p.close();
		lap('stop n8n and emulators', t);
		for (const log of logCopies) sources.push({ name: log.name, group: log.name === 'postgres log' ? 'postgres log' : 'n8n process logs', text: log.text });
		for (const p of providers) sources.push({ name: `${p.name} emulator log`, group: 'emulator logs', text: readFileSync(p.emulatorLogFile, 'utf8') });
		const hits = scan(sources, secrets);
		// Callback tokens (derived from the webhook secrets, nodes/shared/trigger/callbackToken.ts) go to the
		// provider by design, in the callback URL; n8n's outputs and logs should not show them either.
		const tokens: Secret[] = providers
			.filter((p) => p.triggerType)
			.map((p) => ({
				label: `${p.name} callback token`,
				value: createHmac('sha256', p.secrets.find((x) => /webhook secret/.test(x.label))!.value)
					.update(`n8n-nodes-midjourney-api:${p.key}-callback:v1`)
					.digest('base64url')
					.slice(0, 32),
				exactOnly: true,
			}));
		const tokenHits = scan(
			sources.filter((x) => x.group !== 'emulator logs'),
			tokens,
		);
		// The proof: one secret planted in a copy of the busiest n8n log must be found.
		const victim = [...logCopies].filter((l) => l.name !== 'postgres log').sort((a, b) => b.text.length - a.text.length)[0];
		const plantedSecret = secrets[Math.floor(random() * secrets.length)];
		const plantedFile = join(dir, `planted-${victim.name.replace(/\W+/g, '-')}.txt`);
		writeFileSync(plantedFile, plant(victim.text, plantedSecret));
		const plantedHits = scan([{ name: `copy of ${victim.name} with a planted secret`, group: 'proof', text: readFileSync(plantedFile, 'utf8') }], secrets);

		// ----------------------------------------------------------------------------------------
		// Report
		const totalMs = Date.now() - t0;
		const lines: string[] = [];
		const out = (s = '') => lines.push(s);
		out(`\n## Fault soak: ${jobs.length} jobs, ${(rate * 100).toFixed(0)}% transient faults, ${n8nLabel(wantQueue, options.workers ?? 2)}`);
		out(`run ${run}; job duration ${jobMs} ms; batches of ${batchSize} started over ${spreadMs / 1000} s; seed ${seed}`);
		out(`n8n settings beyond the harness's: ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(', ')}${options.tuned === false ? " (otherwise n8n's defaults)" : ' (--n8n-defaults drops the engine and pool size)'}`);
		out(`machine: ${cpus().length} cores, load average at start ${loadAtStart}, at the end ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min; other work on the machine counts too)`);
		out(`TheNextLeg: emulator allows 1 request per ${tnlServer} ms, credential paces 1 per ${tnlCredential} ms per n8n process (docs: 3000 ms)`);
		out('');
		const rows: string[][] = [['provider / mode', 'jobs', 'completed', 'clear error', 'other (must be 0)', 'batch refused by n8n', 'POSTs read', 'jobs created', 'double submissions', 'trigger execs', 'duplicate (job,status)']];
		const sum = { jobs: 0, completed: 0, clear: 0, other: 0, notStarted: 0, posts: 0, created: 0, doubles: 0, trig: 0, dup: 0 };
		for (const { p, mode } of plan) {
			const mine = jobs.filter((j) => j.provider === p && j.mode === mode);
			const c = (o: Outcome) => mine.filter((j) => j.outcome === o).length;
			const postsN = mine.reduce((a, j) => a + (posts.get(j.tag) ?? 0), 0);
			const createdN = mine.reduce((a, j) => a + (created.get(j.tag)?.length ?? 0), 0);
			const doublesN = mine.filter((j) => (created.get(j.tag)?.length ?? 0) > 1).length;
			const runs = mode === 'trigger' ? [...triggerRuns.entries()].filter(([k]) => k.startsWith(`${p.key}:`)) : [];
			const trig = runs.reduce((a, [, r]) => a + r.length, 0);
			const dup = runs.filter(([, r]) => r.length > 1).length;
			rows.push([`${p.name} / ${mode === 'wait' ? 'Wait for Result' : 'Send to Trigger'}`, String(mine.length), String(c('completed')), String(c('clear error')), String(c('other')), String(c('not started')), String(postsN), String(createdN), String(doublesN), mode === 'trigger' ? String(trig) : '-', mode === 'trigger' ? String(dup) : '-']);
			sum.jobs += mine.length;
			sum.completed += c('completed');
			sum.clear += c('clear error');
			sum.other += c('other');
			sum.notStarted += c('not started');
			sum.posts += postsN;
			sum.created += createdN;
			sum.doubles += doublesN;
			sum.trig += trig;
			sum.dup += dup;
		}
		rows.push(['total', String(sum.jobs), String(sum.completed), String(sum.clear), String(sum.other), String(sum.notStarted), String(sum.posts), String(sum.created), String(sum.doubles), String(sum.trig), String(sum.dup)]);
		out(pad(rows));

		if (startRefusals.size)
			out(`\nCalls starting a batch that n8n's webhook processor did not answer 200 (retried up to 12 times): ${[...startRefusals.entries()].map(([k, v]) => `${k} x${v}`).join(', ')}`);
		out('\nSubmissions per prompt (POSTs the emulator received / jobs it created):');
		const dist = (m: Map<string, number>) => {
			const d = new Map<number, number>();
			for (const j of jobs) d.set(m.get(j.tag) ?? 0, (d.get(m.get(j.tag) ?? 0) ?? 0) + 1);
			return [...d.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}: ${v}`).join(', ');
		};
		out(`  POSTs per prompt         ${dist(posts)}`);
		out(`  jobs created per prompt  ${dist(new Map([...created.entries()].map(([k, v]) => [k, v.length])))}`);
		out(`  prompts answered with an error although the provider created the job: ${createdDespiteError.length}`);
		out(
			`  submit POSTs answered by a fault before their body was read (429, 5xx, reset, malformed; nothing created, prompt unknown): ${providers
				.map((p) => `${p.name} ${p.submits().filter((s) => !tagOf(s.prompt)).length}`)
				.join(', ')}`,
		);

		out('\nFaults injected (API requests: kind -> count; on submits in brackets):');
		const frows: string[][] = [['provider', 'API requests', ...FAULT_KINDS.map((k) => k.kind), 'faults', 'share', ...CALLBACK_KINDS.map((k) => k.split(' (')[0]), 'callbacks sent', '429 from the rate limit']];
		const ftotal: number[] = new Array(frows[0].length - 1).fill(0);
		for (const p of providers) {
			const f = fired.get(p)!;
			const fs = firedOnSubmit.get(p)!;
			const req = requestCounts.get(p)!;
			const faults = FAULT_KINDS.reduce((a, k) => a + (f.get(k.kind) ?? 0), 0);
			const injected429 = f.get(FAULT_KINDS[0].kind) ?? 0;
			const cells = [
				req.total,
				...FAULT_KINDS.map((k) => f.get(k.kind) ?? 0),
				faults,
				-1,
				...CALLBACK_KINDS.map((k) => chaos.get(p)!.get(k) ?? 0),
				p.callbacks().length,
				Math.max(0, req.status429 - injected429),
			];
			cells.forEach((v, i) => (ftotal[i] += v));
			frows.push([
				p.name,
				String(req.total),
				...FAULT_KINDS.map((k) => `${f.get(k.kind) ?? 0} [${fs.get(k.kind) ?? 0}]`),
				String(faults),
				`${((faults / Math.max(1, req.total)) * 100).toFixed(1)}%`,
				...CALLBACK_KINDS.map((k) => (p.triggerType ? String(chaos.get(p)!.get(k) ?? 0) : '-')),
				p.triggerType ? String(p.callbacks().length) : '-',
				String(Math.max(0, req.status429 - injected429)),
			]);
		}
		frows.push(['total', ...ftotal.map((v, i) => (i === FAULT_KINDS.length + 2 ? `${((ftotal[FAULT_KINDS.length + 1] / Math.max(1, ftotal[0])) * 100).toFixed(1)}%` : String(v)))]);
		out(pad(frows));
		const triggerJobsN = decided.size;
		const chaosJobs = [...decided.values()].filter((k) => k !== 'none').length;
		out(`  callback chaos hit ${chaosJobs} of ${triggerJobsN} trigger jobs (${((chaosJobs / Math.max(1, triggerJobsN)) * 100).toFixed(1)}%): "twice" = 2 copies at once when the job's callback was answered, 1 more 1.5 s later; "out of order" = a finished claim at 40% of the run time, a progress callback after the final one`);

		out('\nCallback deliveries (the emulators retry an answer other than 2xx: Legnext, APIFRAME and TheNextLeg 4 times, 0.5 s doubling, 10 s answer timeout):');
		const crows: string[][] = [['provider', 'job callbacks', 'answered 2xx', '503 (redeliver)', 'other status', 'no answer (timeout, reset)', 'final callback needed retries', 'final callback never answered 2xx']];
		for (const p of providers.filter((x) => x.triggerType)) {
			const cbs = p.callbacks().filter((c) => c.lifecycle);
			const finals = new Map<string, Array<{ attempt: number; status?: number }>>();
			for (const c of cbs) if (c.final && c.jobId) finals.set(c.jobId, [...(finals.get(c.jobId) ?? []), c]);
			const retried = [...finals.values()].filter((list) => list.some((c) => c.attempt > 1)).length;
			const never = [...finals.values()].filter((list) => !list.some((c) => c.status !== undefined && c.status < 300)).length;
			crows.push([
				p.name,
				String(cbs.length),
				String(cbs.filter((c) => c.status !== undefined && c.status < 300).length),
				String(cbs.filter((c) => c.status === 503).length),
				String(cbs.filter((c) => c.status !== undefined && c.status >= 300 && c.status !== 503).length),
				String(cbs.filter((c) => c.status === undefined).length),
				String(retried),
				String(never),
			]);
		}
		out(pad(crows));

		out('\nClear errors, by kind (ids and numbers folded):');
		for (const [m, n] of [...messages.entries()].sort((a, b) => b[1] - a[1])) out(`  ${String(n).padStart(4)}  ${m}`);

		const others = jobs.filter((j) => j.outcome === 'other');
		if (others.length) {
			out('\nOther outcomes, by kind (ids and numbers folded):');
			const kinds = new Map<string, number>();
			for (const j of others) {
				const k = `${j.provider.name} / ${j.mode}: ${foldMessage(String(j.detail)).replace(/\b[0-9a-f-]{20,}\b/gi, '<id>')}`;
				kinds.set(k, (kinds.get(k) ?? 0) + 1);
			}
			for (const [k, n] of [...kinds.entries()].sort((a, b) => b[1] - a[1])) out(`  ${String(n).padStart(4)}  ${k}`);
		}
		if (others.length || doubles.length || duplicates.length || foreign.length || triggerProblems.length || webhookFailures.length) {
			out('\nProblems:');
			for (const j of others.slice(0, 30)) out(`  other: ${j.tag} (${j.provider.name}, ${j.mode}): ${j.detail}`);
			for (const j of doubles.slice(0, 30)) out(`  double submission: ${j.tag}: jobs ${created.get(j.tag)!.join(', ')}`);
			for (const [k, r] of duplicates.slice(0, 30)) out(`  duplicate trigger executions for ${k}: ${r.map((x) => x.exec).join(', ')}`);
			for (const k of foreign.slice(0, 10)) out(`  trigger execution for a job no prompt created: ${k}`);
			for (const x of triggerProblems.slice(0, 30)) out(`  ${x}`);
			for (const x of webhookFailures) out(`  batch not started: ${x}`);
		}

		out('\nSecrets scan (API keys, tokens and webhook secrets of the 4 credentials; value, random part, base64):');
		const groups = new Map<string, { n: number; bytes: number; hits: number }>();
		for (const s of sources) {
			const g = groups.get(s.group) ?? { n: 0, bytes: 0, hits: 0 };
			g.n++;
			g.bytes += s.text.length;
			groups.set(s.group, g);
		}
		for (const h of hits) {
			const g = groups.get(sources.find((s) => s.name === h.source)?.group ?? '')!;
			g.hits += h.count;
		}
		out(pad([['scanned', 'texts', 'MB', 'hits'], ...[...groups.entries()].map(([g, v]) => [g, String(v.n), (v.bytes / 1024 / 1024).toFixed(1), String(v.hits)])]));
		for (const h of hits.slice(0, 20)) out(`  LEAK: ${h.secret} (${h.form}) x${h.count} in ${h.source}: ...${h.context}...`);
		out(
			`  callback tokens (derived from the webhook secrets; in the callback URLs the providers get) in n8n's executions and logs: ${tokenHits.length ? tokenHits.map((h) => `${h.secret} x${h.count} in ${h.source}`).slice(0, 10).join('; ') : 'none'}`,
		);
		for (const h of tokenHits.slice(0, 5)) out(`    ...${h.context}...`);
		out(`  proof: ${plantedSecret.label} planted in a copy of the ${victim.name} (${(victim.text.length / 1024).toFixed(0)} KB) -> ${plantedHits.map((h) => `found (${h.form}, x${h.count})`).join(', ') || 'NOT FOUND: the scan is broken'}`);

		out('\nWall time:');
		for (const [label, ms] of timings) out(`  ${label.padEnd(48)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
		out(`  ${'total'.padEnd(48)} ${(totalMs / 1000).toFixed(1).padStart(7)} s`);

		const planted = plantedHits.some((h) => h.secret === plantedSecret.label);
		const ok = sum.other === 0 && sum.doubles === 0 && sum.dup === 0 && hits.length === 0 && planted && foreign.length === 0 && webhookFailures.length === 0;
		out(
			`\nVerdict: ${ok ? 'PASS' : 'FAIL'} (other outcomes ${sum.other}, double submissions ${sum.doubles}, duplicate trigger executions ${sum.dup}, secrets found ${hits.length}, planted secret found ${planted ? 'yes' : 'NO'})`,
		);
		if (keep) out(`kept: ${dir}`);
		console.log(lines.join('\n'));
		if (keep) {
			mkdirSync(dir, { recursive: true });
			writeFileSync(join(dir, 'report.txt'), lines.join('\n'));
			for (const log of logCopies) writeFileSync(join(dir, `${log.name.replace(/\W+/g, '-')}.txt`), log.text);
		}
		void soakMs;
		return ok;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await cleanup();
	}
}

function n8nLabel(queue: boolean, workers: number): string {
	return queue ? `n8n queue mode (main + ${workers} workers + 1 webhook processor, Postgres, Redis)` : 'one n8n process (SQLite)';
}

// `npx tsx test/bench/soak.mts [--jobs N] ...`
if (process.argv[1] && /soak\.mts$/.test(process.argv[1])) {
	const args = process.argv.slice(2);
	const value = (name: string) => {
		const at = args.indexOf(`--${name}`);
		return at >= 0 ? args[at + 1] : undefined;
	};
	const num = (name: string) => (value(name) === undefined ? undefined : Number(value(name)));
	const env = Object.fromEntries(
		args.flatMap((a, i) => (a === '--env' && args[i + 1]?.includes('=') ? [[args[i + 1].split('=')[0], args[i + 1].split('=').slice(1).join('=')]] : [])),
	);
	const ok = await soakBenchmark({
		env,
		jobs: num('jobs'),
		faultRate: num('fault-rate'),
		jobMs: num('job-ms'),
		batch: num('batch'),
		spreadS: num('spread'),
		n8n: value('n8n') as 'queue' | 'single' | undefined,
		workers: num('workers'),
		logLevel: value('log-level'),
		seed: num('seed'),
		keep: args.includes('--keep') || undefined,
		tuned: !args.includes('--n8n-defaults'),
	}).catch((error: unknown) => {
		console.error(error);
		return false;
	});
	process.exit(ok ? 0 : 1);
}
