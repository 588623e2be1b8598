/**
 * Start a real n8n (installed by install.mts) on 127.0.0.1 with SQLite in a throw-away user
 * folder, create the owner, log in, and drive it through n8n's own REST API (the one the editor
 * uses, under /rest). Every endpoint and payload here was read from n8n 2.41's source
 * (packages/cli/src/**\/*.controller.ts and @n8n/api-types) and checked against the running server.
 *
 *   const n8n = await startN8n({ nodePackages: [REPO_ROOT] });
 *   const wf = await n8n.api.importWorkflow(json);
 *   const { executionId } = await n8n.api.runWorkflowManually(wf.id);
 *   const exec = await n8n.api.waitForExecution({ id: executionId });
 *   await n8n.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
	cpSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ensureInstalled, E2E_DIR, N8N_PKG_DIR } from './install.mts';

export const REPO_ROOT = resolve(E2E_DIR, '..', '..');

export interface StartN8nOptions {
	/**
	 * Passed as N8N_CUSTOM_EXTENSIONS. n8n 2.41 loads every `**\/*.node.js` and
	 * `**\/*.credentials.js` under it with its CustomDirectoryLoader, so node types are named
	 * `CUSTOM.<name>` (not `<package>.<name>`). Use `nodePackages` to get package-qualified names.
	 */
	customExtensionsDir?: string;
	/**
	 * Roots of built node packages (package.json with an `n8n` section, plus dist/). Each is copied
	 * to `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<package name>/`, the folder where n8n keeps
	 * installed community packages; n8n's community-packages module scans `n8n-nodes-*` there at
	 * start, so node types are named `<package name>.<node>` exactly as for a user who installed
	 * the package. Copied (not symlinked) so the nodes resolve n8n's own `n8n-workflow`.
	 */
	nodePackages?: string[];
	/** Default: a free port. */
	port?: number;
	/** Extra environment for n8n (wins over the defaults below). */
	env?: Record<string, string | undefined>;
	/** Owner account; default e2e-owner@example.com / E2e-Owner-Passw0rd. */
	owner?: Partial<OwnerAccount>;
	/** Default 180 s. */
	startTimeoutMs?: number;
	/** Echo n8n's output to this process's stdout (also when E2E_N8N_VERBOSE=1). */
	verbose?: boolean;
	/** Keep the temp N8N_USER_FOLDER after stop() (also when E2E_KEEP=1). */
	keepUserFolder?: boolean;
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface N8nInstance {
	/** http://127.0.0.1:<port> (no trailing slash) */
	url: string;
	port: number;
	/** n8n's own version (GET /rest/settings -> versionCli) */
	version: string;
	/** Base URL of production webhooks: `${url}/webhook/` */
	webhookBaseUrl: string;
	userFolder: string;
	owner: OwnerAccount;
	/** Value of the `n8n-auth` cookie from the REST login. */
	authCookie: string;
	api: N8nApi;
	/** Milliseconds from spawn to REST ready (before owner setup). */
	startupMs: number;
	/** n8n's process id; it leads a process group (task runners, workers' children). */
	readonly pid: number;
	/** Stops n8n and starts it again on the same user folder, database and settings; logs in again. */
	restart(): Promise<void>;
	/** Everything n8n printed so far. */
	logs(): string;
	stop(): Promise<void>;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string; // new | running | success | error | canceled | crashed | waiting
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: {
		main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null>;
	};
	error?: { message: string; [key: string]: unknown };
	[key: string]: unknown;
}

export interface ExecutionDetails extends ExecutionSummary {
	/** Unflattened IRunExecutionData. */
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: { message: string; [key: string]: unknown };
		};
		[key: string]: unknown;
	};
	workflowData: WorkflowJson;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters: Record<string, unknown>;
		[k: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface SavedWorkflow extends WorkflowJson {
	id: string;
	versionId: string;
	active: boolean;
	activeVersionId?: string | null;
}

export class N8nApiError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${path} -> HTTP ${status}: ${body.slice(0, 800)}`);
	}
}

const requireFromN8n = createRequire(join(N8N_PKG_DIR, 'package.json'));

/** n8n stores execution data with `flatted` (circular-safe JSON); use n8n's own copy to read it. */
export function unflattenExecutionData(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	const flatted = requireFromN8n('flatted') as { parse: (s: string) => unknown };
	return flatted.parse(data);
}

/** Client for n8n's internal REST API (/rest/*), authenticated with the `n8n-auth` cookie. */
export class N8nApi {
	constructor(
		readonly baseUrl: string,
		public cookie = '',
	) {}

	/** Raw call. n8n wraps REST results in `{ data }`; this returns the unwrapped `data`. */
	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await this.fetchRaw(method, path, body);
		const text = await res.text();
		if (!res.ok) throw new N8nApiError(method, path, res.status, text);
		if (!text) return undefined as T;
		const json = JSON.parse(text) as { data?: T };
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	async fetchRaw(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<Response> {
		const res = await fetch(this.baseUrl + path, {
			method,
			headers: {
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: `n8n-auth=${this.cookie}` } : {}),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			redirect: 'manual',
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		for (const c of setCookie) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m && m[1]) this.cookie = m[1];
		}
		return res;
	}

	/** POST /rest/owner/setup {email, firstName, lastName, password} (skipAuth; sets the n8n-auth cookie). */
	async setupOwner(owner: OwnerAccount) {
		return this.request<{ id: string; email: string }>('POST', '/rest/owner/setup', owner);
	}

	/** POST /rest/login {emailOrLdapLoginId, password} -> sets the n8n-auth cookie. */
	async login(email: string, password: string) {
		return this.request<{ id: string; email: string }>('POST', '/rest/login', {
			emailOrLdapLoginId: email,
			password,
		});
	}

	/**
	 * GET /rest/settings: without a cookie n8n answers with the public subset (enough to know the
	 * REST layer is up); logged in, the full frontend settings including `versionCli`.
	 */
	async settings() {
		return this.request<{ versionCli?: string; [k: string]: unknown }>('GET', '/rest/settings');
	}

	/** POST /rest/credentials {name, type, data} -> saved in the owner's personal project. */
	async createCredential(type: string, name: string, data: Record<string, unknown>) {
		return this.request<{ id: string; name: string; type: string }>('POST', '/rest/credentials', {
			name,
			type,
			data,
		});
	}

	/**
	 * POST /rest/workflows with the workflow JSON (name, nodes, connections, settings, pinData).
	 * Export-only fields (id, active, versionId, meta, tags, shared...) are dropped: n8n assigns
	 * its own id/versionId, and activation goes through activateWorkflow().
	 * Credentials referenced by a node as `{ credentials: { <type>: { id, name } } }` must exist.
	 */
	async importWorkflow(json: WorkflowJson): Promise<SavedWorkflow> {
		const { name, nodes, connections, settings, pinData, staticData } = json;
		return this.request<SavedWorkflow>('POST', '/rest/workflows', {
			name,
			// Publication (activation) in 2.41 tracks triggers by node id: give id-less nodes one.
			nodes: nodes.map((n) => (n.id ? n : { ...n, id: randomUUID() })),
			connections,
			settings: settings ?? { executionOrder: 'v1' },
			...(pinData ? { pinData } : {}),
			...(staticData ? { staticData } : {}),
		});
	}

	async getWorkflow(id: string) {
		return this.request<SavedWorkflow>('GET', `/rest/workflows/${id}`);
	}

	/**
	 * n8n 2.x "publish": POST /rest/workflows/:id/activate {versionId} (the version to publish,
	 * from the saved workflow). Registers production webhooks/triggers; fails with HTTP 400 when a
	 * trigger cannot start (e.g. a webhook path already taken).
	 */
	async activateWorkflow(
		id: string,
		opts: { waitForPublication?: boolean; timeoutMs?: number } = {},
	) {
		const wf = await this.getWorkflow(id);
		const activated = await this.request<SavedWorkflow>('POST', `/rest/workflows/${id}/activate`, {
			versionId: wf.versionId,
		});
		if (opts.waitForPublication !== false) await this.waitForPublication(id, opts.timeoutMs);
		return activated;
	}

	/** GET /rest/workflows/:id/publication-status -> { status, liveVersionId, pendingVersionId, triggers[] } */
	async publicationStatus(id: string) {
		return this.request<{
			status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
			liveVersionId: string | null;
			pendingVersionId: string | null;
			triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
		}>('GET', `/rest/workflows/${id}/publication-status`);
	}

	/**
	 * In 2.41 /activate only queues the publication (an outbox consumed in the background, polled
	 * every N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS); production webhooks answer 404
	 * until it is applied. Wait until it is `published`; throw on `failed`/`partial`.
	 */
	async waitForPublication(id: string, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		let last: Awaited<ReturnType<N8nApi['publicationStatus']>> | undefined;
		while (Date.now() < deadline) {
			last = await this.publicationStatus(id);
			if (last.status === 'published') return last;
			if (last.status === 'failed' || last.status === 'partial') {
				throw new Error(
					`publication of workflow ${id} ${last.status}: ${JSON.stringify(last.triggers)}`,
				);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`workflow ${id} not published within ${timeoutMs} ms: ${JSON.stringify(last)}`);
	}

	/** POST /rest/workflows/:id/deactivate {} */
	async deactivateWorkflow(id: string) {
		return this.request<SavedWorkflow>('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/**
	 * The editor's "Execute workflow" button: POST /rest/workflows/:id/run with
	 * `{ triggerToStartFrom: { name } }`; n8n runs the SAVED workflow (2.x no longer takes
	 * workflowData in the body). Returns `{ executionId }`, or `{ waitingForWebhook: true }` when the
	 * trigger is a webhook-type trigger that waits for a test call.
	 * Default trigger: the workflow's Manual Trigger, else the first node without inputs.
	 */
	async runWorkflowManually(
		id: string,
		opts: { triggerNodeName?: string; destinationNode?: string } = {},
	): Promise<{ executionId?: string; waitingForWebhook?: boolean }> {
		let trigger = opts.triggerNodeName;
		if (!trigger) {
			const wf = await this.getWorkflow(id);
			const targets = new Set<string>();
			for (const byType of Object.values(wf.connections) as Array<
				Record<string, Array<Array<{ node: string }> | null>>
			>) {
				for (const outputs of Object.values(byType))
					for (const out of outputs) for (const c of out ?? []) targets.add(c.node);
			}
			trigger =
				wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')?.name ??
				wf.nodes.find((n) => !targets.has(n.name) && !/stickyNote$/.test(n.type))?.name;
		}
		return this.request('POST', `/rest/workflows/${id}/run`, {
			triggerToStartFrom: { name: trigger },
			...(opts.destinationNode
				? { destinationNode: { nodeName: opts.destinationNode, mode: 'inclusive' } }
				: {}),
		});
	}

	/**
	 * GET /rest/executions?filter={"workflowId":..,"status":..}&limit=N -> newest first.
	 * Allowed filter keys in 2.41 include id, finished, mode, retryOf, retrySuccessId, status,
	 * workflowId, waitTill, metadata, startedAfter, startedBefore.
	 */
	async listExecutions(
		filter: Record<string, unknown> = {},
		limit = 50,
	): Promise<ExecutionSummary[]> {
		const qs = new URLSearchParams({ limit: String(limit) });
		if (Object.keys(filter).length) qs.set('filter', JSON.stringify(filter));
		const res = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`/rest/executions?${qs}`,
		);
		return res.results.map((e) => ({ ...e, id: String(e.id) }));
	}

	/** How many executions match `filter` (n8n counts them; the list itself is capped at 100). */
	async countExecutions(filter: Record<string, unknown> = {}): Promise<number> {
		const qs = new URLSearchParams({ limit: '1', filter: JSON.stringify(filter) });
		const res = await this.request<{ count: number }>('GET', `/rest/executions?${qs}`);
		return res.count;
	}

	/** GET /rest/executions/:id, with `data` unflattened (n8n returns it as a flatted string). */
	async getExecution(id: string): Promise<ExecutionDetails> {
		const raw = await this.request<ExecutionDetails & { data: unknown }>(
			'GET',
			`/rest/executions/${id}`,
		);
		return {
			...raw,
			id: String(raw.id),
			data: unflattenExecutionData(raw.data) as ExecutionDetails['data'],
		};
	}

	/**
	 * Poll until an execution matching `id` / `workflowId` / `predicate` has stopped (status not
	 * new/running; `waiting` counts as stopped only with includeWaiting), then return it in full.
	 */
	async waitForExecution(
		opts: {
			id?: string;
			workflowId?: string;
			predicate?: (e: ExecutionSummary) => boolean;
			includeWaiting?: boolean;
			timeoutMs?: number;
			intervalMs?: number;
		} = {},
	): Promise<ExecutionDetails> {
		const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
		const stopped = (s: string) =>
			!['new', 'running', 'unknown'].includes(s) && (opts.includeWaiting || s !== 'waiting');
		let last: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			const filter: Record<string, unknown> = {};
			if (opts.workflowId) filter.workflowId = opts.workflowId;
			last = await this.listExecutions(filter, 100);
			const match = last.find(
				(e) =>
					(opts.id === undefined || e.id === opts.id) &&
					(!opts.predicate || opts.predicate(e)) &&
					stopped(e.status),
			);
			if (match) return this.getExecution(match.id);
			await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
		}
		throw new Error(
			`no finished execution matched within ${opts.timeoutMs ?? 60_000} ms; latest: ${JSON.stringify(
				last.slice(0, 5).map((e) => ({ id: e.id, workflowId: e.workflowId, status: e.status })),
			)}`,
		);
	}

	/** GET /types/nodes.json (auth): every loaded node type description, as the editor sees them. */
	async nodeTypes() {
		return this.request<
			Array<{
				name: string;
				version: number | number[];
				displayName: string;
				credentials?: Array<{ name: string }>;
			}>
		>('GET', '/types/nodes.json');
	}

	/** GET /types/credentials.json (auth): every loaded credential type. */
	async credentialTypes() {
		return this.request<Array<{ name: string; displayName: string; properties: unknown[] }>>(
			'GET',
			'/types/credentials.json',
		);
	}

	/** POST /rest/node-types {nodeInfos:[{name, version}]} -> full descriptions of those versions. */
	async nodeTypeDescriptions(nodeInfos: Array<{ name: string; version: number }>) {
		return this.request<Array<{ name: string; [k: string]: unknown }>>('POST', '/rest/node-types', {
			nodeInfos,
		});
	}
}

/** First-run-node output items (`main[output]`) of `nodeName` in an execution. */
export function nodeOutput(exec: ExecutionDetails, nodeName: string, output = 0, runIndex = 0) {
	const run = exec.data.resultData.runData[nodeName]?.[runIndex];
	if (!run)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(exec.data.resultData.runData).join(', ')}`,
		);
	return (run.data?.main?.[output] ?? []).map((i) => i.json);
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() =>
				typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port')),
			);
		});
	});
}

export function readPackageName(root: string): string {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: unknown;
	};
	if (!pkg.n8n) throw new Error(`${root}/package.json has no "n8n" section`);
	return pkg.name;
}

/** Lay out a built package the way n8n keeps an installed community package. */
/**
 * On a fresh n8n: creates the owner account, logs in as the owner (the n8n-auth cookie is then
 * on `api`) and reads n8n's version.
 */
export async function signInOwner(
	api: N8nApi,
	given: Partial<OwnerAccount> = {},
): Promise<{ owner: OwnerAccount; version: string }> {
	const owner: OwnerAccount = {
		email: 'e2e-owner@example.com',
		password: 'E2e-Owner-Passw0rd',
		firstName: 'E2E',
		lastName: 'Owner',
		...given,
	};
	await api.setupOwner(owner);
	api.cookie = '';
	await api.login(owner.email, owner.password);
	if (!api.cookie) throw new Error('login did not set the n8n-auth cookie');
	return { owner, version: (await api.settings()).versionCli ?? '?' };
}

export function installNodePackage(userFolder: string, packageRoot: string): string {
	const name = readPackageName(packageRoot);
	if (!existsSync(join(packageRoot, 'dist')))
		throw new Error(`${packageRoot}/dist missing: build the package first`);
	const dest = join(userFolder, '.n8n', 'nodes', 'node_modules', name);
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	cpSync(join(packageRoot, 'package.json'), join(dest, 'package.json'));
	cpSync(join(packageRoot, 'dist'), join(dest, 'dist'), { recursive: true, dereference: true });
	return dest;
}

/** Signals `child`'s process group (it was spawned detached), else the child alone. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal); // detached => its own process group (n8n + task runner)
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/**
 * Environment that keeps n8n offline-friendly, quiet and deterministic (regular mode, SQLite);
 * queue-cluster.mts starts from it and overrides the database, queue and URLs.
 */
export function defaultEnv(
	url: string,
	port: number,
	userFolder: string,
	brokerPort: number,
): Record<string, string> {
	return {
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${url}/`,
		// Production + test webhook base URL (WEBHOOK_URL still works but is deprecated in 2.x).
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		N8N_SECURE_COOKIE: 'false', // http://127.0.0.1: the browser must keep the auth cookie
		// No phoning home: telemetry, version checks, banners, templates, personalization survey.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// Community packages must load (that's how our package is laid out), never be fetched.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// Nodes call the emulator on 127.0.0.1 (SSRF protection is off by default in 2.41; be explicit).
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		// Task runner (Code node) broker: default 5679 would clash between parallel instances.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		// Activation ("publish") is applied by a background outbox consumer, polled every 15 s by
		// default: poll fast so production webhooks are live within a second of activateWorkflow().
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '250',
		// Explicit values for settings whose defaults n8n 2.41 announces it will change (keeps the
		// startup log free of deprecation notices).
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: '1',
		NO_COLOR: '1',
		NODE_ENV: 'production',
	};
}

/** This process's environment without N8N_, DB_, QUEUE_, npm_ and similar variables from the caller's shell (hermetic runs). */
export function hermeticBaseEnv(): NodeJS.ProcessEnv {
	const baseEnv: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|npm_|QUEUE_|GENERIC_TIMEZONE$|OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS$)/.test(k))
			baseEnv[k] = v;
	}
	return baseEnv;
}

export async function startN8n(opts: StartN8nOptions = {}): Promise<N8nInstance> {
	const install = await ensureInstalled();
	const port = opts.port ?? (await freePort());
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	const keep = opts.keepUserFolder ?? process.env.E2E_KEEP === '1';
	const verbose = opts.verbose ?? process.env.E2E_N8N_VERBOSE === '1';

	for (const root of opts.nodePackages ?? []) installNodePackage(userFolder, root);

	const env: NodeJS.ProcessEnv = {
		...hermeticBaseEnv(),
		...defaultEnv(url, port, userFolder, brokerPort),
		...(opts.customExtensionsDir ? { N8N_CUSTOM_EXTENSIONS: opts.customExtensionsDir } : {}),
		...opts.env,
	};
	for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];

	const logFile = join(userFolder, 'n8n.log');
	const logStream = createWriteStream(logFile);
	let logs = '';
	let t0 = Date.now();
	let child: ChildProcess;
	let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	/** Spawns n8n (again, for restart) with the same user folder and environment. */
	const spawnN8n = () => {
		t0 = Date.now();
		exited = undefined;
		const spawned = spawn(install.nodeBin, [install.n8nBin, 'start'], {
			cwd: userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		spawned.on('exit', (code, signal) => {
			if (spawned === child) exited = { code, signal };
		});
		const onData = (b: Buffer) => {
			const s = b.toString();
			logs += s;
			logStream.write(s);
			if (verbose) process.stdout.write(`[n8n:${port}] ${s}`);
		};
		spawned.stdout!.on('data', onData);
		spawned.stderr!.on('data', onData);
		child = spawned;
	};
	/** SIGTERM, then SIGKILL after 10 s; the whole process group (task runners too). */
	const kill = async () => {
		if (!exited) {
			killTree(child, 'SIGTERM');
			const t = Date.now();
			while (!exited && Date.now() - t < 10_000) await new Promise((r) => setTimeout(r, 100));
			if (!exited) killTree(child, 'SIGKILL');
		}
		killTree(child, 'SIGKILL'); // stragglers in the group (task runner)
	};
	spawnN8n();

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await kill();
		logStream.end();
		if (!keep) rmSync(userFolder, { recursive: true, force: true });
		else console.log(`[e2e n8n] kept user folder ${userFolder}`);
	};

	const api = new N8nApi(url);
	const waitReady = async () => {
		const deadline = t0 + (opts.startTimeoutMs ?? 180_000);
		let settings: Record<string, unknown> | undefined;
		while (!settings) {
			if (exited) throw new Error(`n8n exited during start (${JSON.stringify(exited)})`);
			if (Date.now() > deadline)
				throw new Error(`n8n not ready after ${opts.startTimeoutMs ?? 180_000} ms`);
			try {
				const health = await fetch(`${url}/healthz/readiness`);
				if (health.ok) settings = await api.settings();
			} catch {
				// not listening yet
			}
			if (!settings) await new Promise((r) => setTimeout(r, 250));
		}
	};
	try {
		await waitReady();
		const startupMs = Date.now() - t0;
		const { owner, version } = await signInOwner(api, opts.owner);
		// n8n logs a package that fails to load and starts anyway: fail fast here instead.
		const expectedPrefixes = [
			...(opts.nodePackages ?? []).map((root) => `${readPackageName(root)}.`),
			...(opts.customExtensionsDir ? ['CUSTOM.'] : []),
		];
		if (expectedPrefixes.length) {
			const loaded = (await api.nodeTypes()).map((t) => t.name);
			const missing = expectedPrefixes.filter((p) => !loaded.some((n) => n.startsWith(p)));
			if (missing.length) throw new Error(`no node types loaded for ${missing.join(', ')}`);
		}
		console.log(
			`[e2e n8n] n8n ${version} (node ${install.nodeVersion}) ready at ${url} in ${(startupMs / 1000).toFixed(1)} s; user folder ${userFolder}`,
		);
		return {
			url,
			port,
			version,
			webhookBaseUrl: `${url}/webhook/`,
			userFolder,
			owner,
			get authCookie() {
				return api.cookie;
			},
			api,
			startupMs,
			get pid() {
				return child.pid!;
			},
			logs: () => logs,
			stop,
			async restart() {
				await kill();
				spawnN8n();
				await waitReady();
				api.cookie = '';
				await api.login(owner.email, owner.password);
			},
		};
	} catch (err) {
		await stop();
		(err as Error).message += `\n--- n8n output (last 4000 chars) ---\n${logs.slice(-4000)}`;
		throw err;
	}
}
