/**
 * The TypeScript part of `npm start` (scripts/start.mjs installs and builds, then calls
 * runDemo): an emulator per provider (or the chosen provider's real API) + a real n8n with our
 * nodes, owner, a credential per provider, every example workflow, one example run whose files
 * land in output/<timestamp>/, then it keeps running until Ctrl-C / SIGTERM.
 *
 * Reuses the e2e harness: ensureInstalled() (n8n 2.41.1 on Node 24 in test/e2e/.n8n) and
 * startN8n() (spawn, readiness, owner, REST client); and the emulators (start-providers.mts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { relative, resolve, join, isAbsolute } from 'node:path';

import { ensureInstalled, INSTALL_DIR } from '../test/e2e/install.mts';
import {
	freePort,
	REPO_ROOT,
	startN8n,
	type ExecutionDetails,
	type N8nInstance,
} from '../test/e2e/n8n-instance.mts';
import { saveNodeBinaries, type SavedFile } from './start-example-images.mts';
import { importExamples, type Credentials, type ImportedExample } from './start-example-workflows.mts';
import {
	describeProvider,
	PROVIDER_KEYS,
	PROVIDERS,
	type DemoProvider,
	type ProviderKey,
	type RunningEmulator,
} from './start-providers.mts';
import { installSignalHandlers, isStopping, shutdown, startTracked } from './start-shutdown.mts';

export interface DemoOptions {
	/** Whose example runs once, and whose real API `real` means. */
	provider: ProviderKey;
	real: boolean;
	apiKey?: string;
	baseUrl?: string;
	port?: number;
	emulatorPort?: number;
	jobDurationMs: number;
	outputRoot: string;
	runExample: boolean;
	activatePipeline: boolean;
	webhookUrl?: string;
	keep: boolean;
	verbose: boolean;
	/** Date.now() when `npm start` began (scripts/start.mjs). */
	startedAt: number;
	/** Milliseconds of the steps already done by scripts/start.mjs (deps, build). */
	timings: Record<string, number>;
}

const DEFAULT_N8N_PORT = 5678;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (line = '') => console.log(line);

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolvePort) => {
		const srv = createServer();
		srv.once('error', () => resolvePort(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolvePort(true)));
	});
}

/** The wanted port if given (it must be free), else the default, else any free port. */
async function choosePort(
	wanted: number | undefined,
	preferred: number,
	what: string,
): Promise<number> {
	if (wanted !== undefined) {
		if (!(await portIsFree(wanted))) throw new Error(`${what} port ${wanted} is already in use`);
		return wanted;
	}
	if (await portIsFree(preferred)) return preferred;
	const port = await freePort();
	say(`Port ${preferred} is taken: ${what} uses ${port} instead`);
	return port;
}

function ownerAccount() {
	// n8n wants 8-64 characters with a digit and an uppercase letter.
	return {
		email: 'demo@example.com',
		password: `Midjourney-${randomBytes(4).toString('hex')}-Demo1`,
		firstName: 'Demo',
		lastName: 'Owner',
	};
}

/** --output: the default "output" is the repo's (git-ignored) folder; a given path is taken from where npm start was typed. */
function outputRootOf(o: DemoOptions): string {
	return o.outputRoot === 'output'
		? join(REPO_ROOT, 'output')
		: resolve(process.env.INIT_CWD ?? process.cwd(), o.outputRoot);
}

function shown(path: string): string {
	const rel = relative(process.cwd(), path);
	return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** "512x512 PNG" from the IHDR chunk, else the MIME type. */
function describeImage(file: SavedFile, body: Buffer): string {
	if (
		file.mimeType !== 'image/png' ||
		body.length < 24 ||
		body.toString('latin1', 12, 16) !== 'IHDR'
	)
		return file.mimeType;
	return `${body.readUInt32BE(16)}x${body.readUInt32BE(20)} PNG`;
}

/** A provider's emulator on its default port (or --emulator-port for the chosen one), else a free port. */
async function startEmulator(provider: DemoProvider, o: DemoOptions): Promise<RunningEmulator> {
	const { name, port: preferred } = describeProvider(provider.key);
	const asked = provider.key === o.provider ? o.emulatorPort : undefined;
	const start = (port: number) =>
		provider.startEmulator({
			port,
			jobDurationMs: o.jobDurationMs,
			log: o.verbose ? (line) => say(`[${provider.key} emulator] ${line}`) : undefined,
		});
	try {
		return await start(asked ?? preferred);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || asked !== undefined) throw error;
		const emu = await start(0);
		say(`Port ${preferred} is taken: the ${name} emulator uses ${new URL(emu.url).port} instead`);
		return emu;
	}
}

/** The `prompt` of the input item `index` of `nodeName` (from the node that fed it), if any. */
function promptOf(
	exec: ExecutionDetails,
	nodeName: string,
	index: number | undefined,
): string | undefined {
	if (index === undefined) return undefined;
	const run = exec.data.resultData.runData[nodeName]?.[0] as
		| { source?: Array<{ previousNode?: string } | null> }
		| undefined;
	const previous = run?.source?.[0]?.previousNode;
	const input = previous
		? exec.data.resultData.runData[previous]?.[0]?.data?.main?.[0]?.[index]
		: undefined;
	const prompt = input?.json.prompt;
	return typeof prompt === 'string' ? prompt : undefined;
}

function executionError(exec: ExecutionDetails): string {
	const top = exec.data.resultData.error?.message;
	const failed = Object.entries(exec.data.resultData.runData).flatMap(([node, runs]) =>
		runs.filter((r) => r.error).map((r) => `${node}: ${r.error!.message}`),
	);
	const messages = [...new Set([top, ...failed].filter(Boolean))];
	return messages.join('; ') || `status ${exec.status}`;
}

async function runBatchExample(
	n8n: N8nInstance,
	workflow: ImportedExample,
	provider: DemoProvider,
	o: DemoOptions,
): Promise<{ files: SavedFile[]; dir: string; executionUrl: string; ok: boolean }> {
	const { name } = describeProvider(provider.key);
	say(`\nRunning "${workflow.name}" once${o.real ? ` (real ${name} jobs: spends credits)` : ''}...`);
	const t = Date.now();
	const { executionId } = await n8n.api.runWorkflowManually(workflow.id);
	if (!executionId) throw new Error(`n8n did not start an execution of ${workflow.file}`);
	const executionUrl = `${n8n.url}/workflow/${workflow.id}/executions/${executionId}`;
	const exec = await n8n.api.waitForExecution({
		id: executionId,
		timeoutMs: o.real ? 20 * 60_000 : 5 * 60_000,
		intervalMs: 250,
	});
	const runMs = Date.now() - t;
	const inN8n =
		exec.startedAt && exec.stoppedAt
			? Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt)
			: undefined;
	const stamp = new Date()
		.toISOString()
		.replace(/\.\d+Z$/, '')
		.replace(/:/g, '-');
	const dir = join(outputRootOf(o), stamp);
	if (exec.status !== 'success') {
		say(`The example run ended with status "${exec.status}": ${executionError(exec)}`);
		say(`  Open it in the editor: ${executionUrl}`);
		return { files: [], dir, executionUrl, ok: false };
	}
	const files = await saveNodeBinaries(n8n.api, exec, provider.batchNode, dir);
	const jobs = new Map<string, SavedFile[]>();
	for (const file of files) {
		const key = file.jobId ?? `item ${file.itemIndex}`;
		jobs.set(key, [...(jobs.get(key) ?? []), file]);
	}
	say(`Saved ${files.length} file${files.length === 1 ? '' : 's'} to ${shown(dir)}/`);
	for (const [jobId, jobFiles] of jobs) {
		const prompt = promptOf(exec, provider.batchNode, jobFiles[0].pairedItem);
		say(`  ${prompt ? `"${prompt}"` : 'job'} (job ${jobId}):`);
		for (const file of jobFiles) {
			const body = readFileSync(file.path);
			say(
				`    ${shown(file.path)}  (${describeImage(file, body)}, ${Math.round(file.bytes / 1024)} kB)`,
			);
		}
	}
	say(
		`${files.length} files from ${jobs.size} job${jobs.size === 1 ? '' : 's'} in ${seconds(runMs)}` +
			(inN8n !== undefined ? ` (n8n execution ${seconds(inN8n)}` : ' (') +
			(o.real
				? ')'
				: `; each emulated job takes ${seconds(o.jobDurationMs)}${jobs.size > 1 && runMs < 2 * o.jobDurationMs ? ': the jobs ran at once' : ''})`),
	);
	return { files, dir, executionUrl, ok: true };
}

/** Exit (after stopping everything) if n8n stops answering while we wait for Ctrl-C. */
function watchHealth(n8n: N8nInstance): void {
	let failures = 0;
	setInterval(() => {
		fetch(`${n8n.url}/healthz`, { signal: AbortSignal.timeout(4000) })
			.then(
				(res) => {
					failures = res.ok ? 0 : failures + 1;
				},
				() => {
					failures++;
				},
			)
			.finally(() => {
				if (failures >= 3 && !isStopping()) {
					console.error(
						`n8n stopped answering on ${n8n.url}/healthz. Last lines of its log:\n${n8n.logs().slice(-2000)}`,
					);
					void shutdown('n8n is gone', 1);
				}
			});
	}, 5000);
}

async function main(o: DemoOptions): Promise<void> {
	const timings = o.timings;
	const chosen = PROVIDERS[o.provider];
	const chosenName = describeProvider(o.provider).name;
	say(
		o.real
			? `Real mode for ${chosenName}: its credential uses ${o.baseUrl} with your key.\n` +
					`  WARNING: every ${chosenName} job you run spends credits. The other providers run on emulators.`
			: 'Demo mode: local emulators stand in for the four APIs (no keys, no credits).',
	);

	// Checked first: a port given with --port that is taken fails before minutes of install.
	const port = await choosePort(o.port, DEFAULT_N8N_PORT, 'n8n');

	let t = Date.now();
	if (!existsSync(join(INSTALL_DIR, 'install-marker.json'))) {
		say(
			`First run: installing n8n 2.41.1 and Node 24 into ${shown(INSTALL_DIR)} (~4 min, once; ` +
				'E2E_N8N_DIR=<folder> keeps it outside the clone)...',
		);
	}
	const install = await ensureInstalled();
	timings.n8nInstall = Date.now() - t;
	if (isStopping()) return;

	const emulators = new Map<ProviderKey, RunningEmulator>();
	for (const key of PROVIDER_KEYS) {
		if (o.real && key === o.provider) continue;
		const { name } = describeProvider(key);
		const emu = await startTracked(`${name} emulator`, startEmulator(PROVIDERS[key], o), (e) => e.close());
		emulators.set(key, emu);
		if (isStopping()) return;
	}
	if (emulators.size)
		say(`Emulators: ${[...emulators].map(([key, e]) => `${describeProvider(key).name} ${e.baseUrl}`).join(', ')} (jobs take ${seconds(o.jobDurationMs)})`);

	const owner = ownerAccount();
	// Where the callback pipelines' "Save file" nodes are pointed (see withWriteFolder): n8n 2.x
	// refuses folders not in N8N_RESTRICT_FILE_ACCESS_TO, and folders that do not exist.
	const writeFolder = join(outputRootOf(o), 'pipeline');
	mkdirSync(writeFolder, { recursive: true });
	say(
		`Starting n8n ${install.n8nVersion} (Node ${install.nodeVersion}) with the package on http://127.0.0.1:${port} ...`,
	);
	const n8n = await startTracked(
		'n8n',
		startN8n({
			nodePackages: [REPO_ROOT],
			port,
			owner,
			verbose: o.verbose,
			keepUserFolder: o.keep,
			env: {
				...(o.webhookUrl ? { N8N_WEBHOOK_URL: o.webhookUrl } : {}),
				// n8n 2.x's default is ~/.n8n-files only: keep it, and allow the pipelines' folder.
				N8N_RESTRICT_FILE_ACCESS_TO: `${writeFolder};${join(homedir(), '.n8n-files')}`,
			},
		}),
		(instance) => instance.stop(),
	);
	timings.n8nStart = n8n.startupMs;
	if (isStopping()) return;
	say(`n8n owner: ${owner.email} / ${owner.password}`);

	t = Date.now();
	const credentials: Credentials = {};
	for (const key of PROVIDER_KEYS) {
		const provider = PROVIDERS[key];
		const emu = emulators.get(key);
		const data = emu
			? { ...emu.credential }
			: { [provider.real.keyField]: o.apiKey, baseUrl: o.baseUrl, ...provider.real.extra };
		// A generated webhook secret for the providers that call back (their triggers check it).
		if (provider.trigger) data.webhookSecret = randomBytes(32).toString('base64url');
		const saved = await n8n.api.createCredential(provider.credentialType, provider.credentialName, data);
		credentials[provider.credentialType] = { id: saved.id, name: saved.name };
	}
	const webhookBaseUrl = o.webhookUrl ? `${o.webhookUrl}webhook/` : n8n.webhookBaseUrl;
	const triggers = Object.fromEntries(
		PROVIDER_KEYS.flatMap((key) => (PROVIDERS[key].trigger ? [[PROVIDERS[key].trigger!.type, PROVIDERS[key].trigger!.path]] : [])),
	);
	// A real provider's pipelines run on a daily schedule and spend credits: only with --activate.
	const examples = await importExamples(n8n.api, credentials, {
		triggers,
		activate: (file) => !(o.real && file.startsWith(`${o.provider}-`)) || o.activatePipeline,
		webhookBaseUrl,
		writeFolder,
	});
	timings.setup = Date.now() - t;
	say(
		`${Object.keys(credentials).length} credentials (generated webhook secrets); ` +
			`${examples.length} example workflows imported, ${examples.filter((e) => e.active).length} activated`,
	);
	if (isStopping()) return;

	let example: Awaited<ReturnType<typeof runBatchExample>> | undefined;
	const batch = examples.find((e) => e.file === chosen.batchExample);
	if (o.runExample && batch) {
		t = Date.now();
		try {
			example = await runBatchExample(n8n, batch, chosen, o);
		} catch (error) {
			if (isStopping()) return;
			say(`The example run failed: ${(error as Error).message}`);
		}
		timings.example = Date.now() - t;
	}
	if (isStopping()) return;

	const readyMs = Date.now() - o.startedAt;
	const line = '='.repeat(78);
	const pad = Math.max(...examples.map((e) => e.name.length));
	say(`\n${line}`);
	say(`n8n with the Midjourney-style API nodes is ready: ${seconds(readyMs)} after npm start`);
	say(`  Editor:     ${n8n.url}`);
	say(`  Sign in:    ${owner.email}  /  ${owner.password}`);
	for (const key of PROVIDER_KEYS) {
		const { name } = describeProvider(key);
		const emu = emulators.get(key);
		say(
			emu
				? `  ${name.padEnd(13)} emulator ${emu.baseUrl}; credential "${PROVIDERS[key].credentialName}" (nothing is charged)`
				: `  ${name.padEnd(13)} ${o.baseUrl} (real, spends credits); credential "${PROVIDERS[key].credentialName}"`,
		);
	}
	say('  Workflows:');
	for (const e of examples) {
		say(`    ${e.name.padEnd(pad)}  ${n8n.url}/workflow/${e.id}`);
		if (e.active) {
			say(`      active: its triggers listen at ${e.triggerUrls.join(', ')}`);
			say(`      try it: open it, "Execute workflow"; the upscaled image is written to ${shown(writeFolder)}/`);
		}
		if (e.file === chosen.batchExample && example) say(`      ran once: ${example.executionUrl}`);
		if (e.hasTrigger && !e.active) {
			say(
				'      not active (real mode): --activate turns its triggers on; its Schedule trigger then submits a job daily at 09:00',
			);
		}
	}
	if (example?.ok) say(`  Files:      ${shown(example.dir)}/ (${example.files.length} files)`);
	if (o.real && !example)
		say(
			'  Examples:   not run in real mode: open one and click "Execute workflow", or npm start -- --run-example',
		);
	if (o.real && !o.webhookUrl && chosen.trigger) {
		say(
			`  Callbacks:  ${chosenName} cannot reach 127.0.0.1: the trigger and Wait-node modes need --webhook-url`,
		);
	}
	const labels: Record<string, string> = {
		deps: 'dev deps',
		build: 'build',
		n8nInstall: 'n8n install',
		n8nStart: 'n8n start',
		setup: 'credentials + workflows',
		example: 'example run',
	};
	const steps = Object.entries(timings)
		.map(([k, v]) => `${labels[k] ?? k} ${seconds(v)}`)
		.join(', ');
	say(`  Timings:    ${steps}${install.reused ? ' (n8n was already installed)' : ''}`);
	say(`Press Ctrl-C to stop n8n${emulators.size ? ' and the emulators' : ''}.`);
	say(line);
	watchHealth(n8n);
}

export async function runDemo(o: DemoOptions): Promise<void> {
	installSignalHandlers();
	try {
		await main(o);
	} catch (error) {
		if (isStopping()) return; // the shutdown in progress exits the process
		const err = error as Error;
		console.error(`\nnpm start failed: ${(o.verbose ? err.stack : err.message) ?? err}`);
		await shutdown('error', 1);
	}
}
