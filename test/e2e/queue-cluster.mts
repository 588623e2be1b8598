/**
 * n8n in queue mode, the way pipelines that outgrow one process run it: Postgres (the database),
 * Redis (the Bull queue), one main instance (REST, editor, activation; production webhooks off),
 * workers that run every execution (manual runs too) and webhook processors that receive
 * production webhooks and callbacks. All on 127.0.0.1 with free ports and temporary folders,
 * our built package installed as a community package in every process's user folder.
 *
 *   const cluster = await startQueueCluster({ nodePackages: [PACKAGE_ROOT] });
 *   cluster.api                 // N8nApi of the main instance, logged in as the owner
 *   cluster.webhookBaseUrl      // http://127.0.0.1:<webhook processor>/webhook/
 *   cluster.workers[0].kill()   // SIGKILL one worker (its process group), waits until it is gone
 *   cluster.workerOf(execId)    // which worker ran an execution (from the workers' logs)
 *   await cluster.stop()        // everything down, checked with ps; throws if anything survived
 *
 * Binary data: n8n 2.41 picks the mode in n8n-core's BinaryDataConfig:
 * `mode ??= executionsConfig.mode === 'queue' ? 'database' : 'filesystem'`. In queue mode a
 * binary written by a worker must be readable by the main instance (the editor's
 * /rest/binary-data) and by the next worker, so the per-process filesystem store does not
 * work; `database` (the binary_data table in Postgres, files up to
 * N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE = 512 MiB) is the mode n8n supports out of the box
 * (s3/azure need a license and a bucket). We set N8N_DEFAULT_BINARY_DATA_MODE=database
 * explicitly so the choice is visible.
 *
 * Postgres and Redis come from the Debian packages (`postgresql`, `redis-server`), installed
 * by ensureQueueServices() when missing. Postgres refuses to run as root: as root it runs as
 * the `postgres` user (runuser), with its data folder owned by that user.
 *
 * Run alone: `npx tsx test/e2e/queue-cluster.mts` starts a cluster, prints the layout and stops.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	chmodSync,
	chownSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	type WriteStream,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureInstalled } from './install.mts';
import {
	defaultEnv,
	freePort,
	hermeticBaseEnv,
	installNodePackage,
	killTree,
	N8nApi,
	readPackageName,
	signInOwner,
	type OwnerAccount,
} from './n8n-instance.mts';

const log = (msg: string) => console.log(`[queue cluster] ${msg}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const BINARY_DATA_MODE = 'database';

// ---------------------------------------------------------------------------------------------
// Postgres and Redis from the Debian packages

export interface QueueServices {
	/** /usr/lib/postgresql/<major>/bin */
	pgBinDir: string;
	pgVersion: string;
	redisServer: string;
	redisVersion: string;
	/** Debian packages this call installed (empty when everything was there). */
	installed: string[];
	ms: number;
}

function findPgBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter(
			(v) =>
				existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')),
		)
		.sort((a, b) => Number(b) - Number(a));
	return majors[0] ? join(root, majors[0], 'bin') : undefined;
}

function findRedisServer(): string | undefined {
	for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server'])
		if (existsSync(p)) return p;
	const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	const found = which.stdout.trim();
	return which.status === 0 && found ? found : undefined;
}

function run(
	cmd: string,
	args: string[],
	opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
) {
	const res = spawnSync(cmd, args, {
		encoding: 'utf8',
		env: opts.env ?? process.env,
		timeout: opts.timeoutMs ?? 120_000,
	});
	return {
		status: res.status,
		out: `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`,
	};
}

let servicesPromise: Promise<QueueServices> | undefined;

/**
 * Postgres and Redis binaries, installed with apt-get when missing (idempotent: a few
 * milliseconds when both are there). Prints what it did. Debian's postinst would start the
 * packaged services where no policy-rc.d forbids it: a temporary one (exit 101) keeps them from
 * starting, so only the servers this file starts ever run.
 */
export function ensureQueueServices(): Promise<QueueServices> {
	servicesPromise ??= (async () => {
		const t0 = Date.now();
		const missing: string[] = [];
		if (!findPgBinDir()) missing.push('postgresql');
		if (!findRedisServer()) missing.push('redis-server');
		if (missing.length) {
			if (process.getuid?.() !== 0)
				throw new Error(
					`queue mode needs ${missing.join(' and ')}: install them (apt-get install -y ${missing.join(' ')}) or run as root`,
				);
			log(`installing Debian packages ${missing.join(', ')} (apt-get) ...`);
			const policy = '/usr/sbin/policy-rc.d';
			const ownPolicy = !existsSync(policy);
			if (ownPolicy) {
				writeFileSync(
					policy,
					'#!/bin/sh\n# written by test/e2e/queue-cluster.mts during apt-get install\nexit 101\n',
				);
				chmodSync(policy, 0o755);
			}
			try {
				const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
				const install = () =>
					run(
						'apt-get',
						[
							'install',
							'-y',
							'--no-install-recommends',
							'-o',
							'DPkg::Lock::Timeout=300',
							...missing,
						],
						{
							env,
							timeoutMs: 600_000,
						},
					);
				let res = install();
				if (res.status !== 0) {
					log('apt-get install failed; apt-get update, then again');
					run('apt-get', ['update', '-o', 'DPkg::Lock::Timeout=300'], { env, timeoutMs: 600_000 });
					res = install();
				}
				if (res.status !== 0)
					throw new Error(`apt-get install ${missing.join(' ')} failed:\n${res.out.slice(-3000)}`);
			} finally {
				if (ownPolicy) rmSync(policy, { force: true });
			}
		}
		const pgBinDir = findPgBinDir();
		const redisServer = findRedisServer();
		if (!pgBinDir || !redisServer)
			throw new Error(`postgres (${pgBinDir}) or redis-server (${redisServer}) still missing`);
		const pgVersion = run(join(pgBinDir, 'postgres'), ['--version'])
			.out.trim()
			.replace(/^postgres \(PostgreSQL\) /, '');
		const redisVersion = /v=(\S+)/.exec(run(redisServer, ['--version']).out)?.[1] ?? '?';
		const ms = Date.now() - t0;
		log(
			missing.length
				? `installed ${missing.join(', ')} in ${(ms / 1000).toFixed(1)} s (PostgreSQL ${pgVersion}, Redis ${redisVersion})`
				: `PostgreSQL ${pgVersion} and Redis ${redisVersion} already installed (checked in ${ms} ms)`,
		);
		return { pgBinDir, pgVersion, redisServer, redisVersion, installed: missing, ms };
	})();
	servicesPromise.catch(() => (servicesPromise = undefined));
	return servicesPromise;
}

interface ServerHandle {
	port: number;
	readonly pid: number;
	dir: string;
	logs(): string;
	stop(): Promise<void>;
}

function postgresUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const uid = Number(run('id', ['-u', 'postgres']).out.trim());
	const gid = Number(run('id', ['-g', 'postgres']).out.trim());
	if (!Number.isInteger(uid) || !Number.isInteger(gid))
		throw new Error('running as root, but there is no "postgres" user to run Postgres as');
	return { uid, gid };
}

/** Postgres in a temp folder on 127.0.0.1:<free port>, trust auth, user `n8n`, database `n8n`. */
async function startPostgres(services: QueueServices): Promise<ServerHandle> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-pg-'));
	const data = join(dir, 'data');
	const logFile = join(dir, 'postgres.log');
	const owner = postgresUser();
	if (owner) chownSync(dir, owner.uid, owner.gid);
	// As root: `runuser -u postgres -- <cmd>`; otherwise the command itself.
	const asPg = (cmd: string, args: string[], timeoutMs = 120_000) =>
		owner
			? run('runuser', ['-u', 'postgres', '--', join(services.pgBinDir, cmd), ...args], {
					timeoutMs,
				})
			: run(join(services.pgBinDir, cmd), args, { timeoutMs });
	const port = await freePort();
	const init = asPg('initdb', [
		'-D',
		data,
		'-U',
		'n8n',
		'-A',
		'trust',
		'-E',
		'UTF8',
		'--no-sync',
		'--no-instructions',
	]);
	if (init.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`initdb failed: ${init.out.slice(-2000)}`);
	}
	// A throw-away database: durability off, enough connections for 4+ n8n processes.
	const options = [
		`-p ${port}`,
		`-k ${dir}`,
		'-c listen_addresses=127.0.0.1',
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=200',
	].join(' ');
	const started = asPg('pg_ctl', [
		'-D',
		data,
		'-l',
		logFile,
		'-o',
		options,
		'-w',
		'-t',
		'60',
		'start',
	]);
	const readPid = () => {
		try {
			return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		} catch {
			return 0;
		}
	};
	const stop = async () => {
		const pid = readPid();
		asPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop'], 30_000);
		if (pid && alive(pid)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
		// The postmaster's children (checkpointer, walwriter...) leave with it.
		for (let i = 0; i < 50 && pid && alive(pid); i++) await sleep(100);
		rmSync(dir, { recursive: true, force: true });
	};
	if (started.status !== 0) {
		const out = `${started.out}\n${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`;
		await stop();
		throw new Error(`postgres did not start: ${out.slice(-2000)}`);
	}
	const created = asPg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	if (created.status !== 0) {
		await stop();
		throw new Error(`createdb failed: ${created.out.slice(-2000)}`);
	}
	return {
		port,
		get pid() {
			return readPid();
		},
		dir,
		logs: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
		stop,
	};
}

/** One RESP round trip: PING -> +PONG. */
function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (b) => {
			answer += b.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** Redis in a temp folder on 127.0.0.1:<free port>, nothing persisted. */
async function startRedis(services: QueueServices): Promise<ServerHandle> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
	const port = await freePort();
	let out = '';
	const child = spawn(
		services.redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
		],
		{ cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let exited = false;
	child.on('exit', () => (exited = true));
	child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
	child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
	const stop = async () => {
		if (!exited) killTree(child, 'SIGKILL');
		for (let i = 0; i < 50 && !exited; i++) await sleep(100);
		rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 20_000;
	while (!(await redisPing(port))) {
		if (exited || Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server did not start: ${out.slice(-2000)}`);
		}
		await sleep(100);
	}
	return { port, pid: child.pid!, dir, logs: () => out, stop };
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

// ---------------------------------------------------------------------------------------------
// n8n processes

export type QueueRole = 'main' | 'worker' | 'webhook';

export interface QueueProcess {
	/** main, worker-1, worker-2, webhook-1, ... */
	readonly name: string;
	readonly role: QueueRole;
	/** The n8n process's id (it leads a process group with its task runner). */
	readonly pid: number;
	/** main and webhook: N8N_PORT; worker: its health server (QUEUE_HEALTH_CHECK_PORT). */
	readonly port: number;
	/** http://127.0.0.1:<port> */
	readonly url: string;
	readonly userFolder: string;
	readonly logFile: string;
	/** Everything the process printed since it was (re)started... and before, across restarts. */
	logs(): string;
	/** Undefined while running. */
	readonly exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	/** Signals the process group (default SIGKILL: a crash) and waits until the process is gone. */
	kill(signal?: NodeJS.Signals): Promise<void>;
	/** SIGTERM (n8n's graceful shutdown), SIGKILL after `graceMs` (default 10 s). */
	stop(graceMs?: number): Promise<void>;
	/** Starts it again (same user folder, port and environment) and waits until it is ready. */
	restart(): Promise<void>;
}

export interface QueueClusterOptions {
	/** Built node packages to install as community packages in every process (package roots). */
	nodePackages?: string[];
	/** Default 2. */
	workers?: number;
	/** Default 1. */
	webhookProcessors?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`); n8n's default 10. */
	workerConcurrency?: number;
	/** Extra environment for every process (wins over the defaults). */
	env?: Record<string, string | undefined>;
	/** Extra environment per role. */
	roleEnv?: Partial<Record<QueueRole, Record<string, string | undefined>>>;
	/**
	 * Bull's stalled-job settings (QUEUE_WORKER_LOCK_DURATION / _LOCK_RENEW_TIME /
	 * _STALLED_INTERVAL, ms). n8n's defaults (60 s / 10 s / 30 s) take up to ~90 s to notice a
	 * dead worker; tests that kill workers shorten them.
	 */
	stall?: { lockDurationMs: number; lockRenewMs: number; stalledIntervalMs: number };
	owner?: Partial<OwnerAccount>;
	/** Per process; default 180 s. */
	startTimeoutMs?: number;
	/** Echo every process's output (also E2E_N8N_VERBOSE=1). */
	verbose?: boolean;
	/** Keep the temp folders after stop() (also E2E_KEEP=1). */
	keep?: boolean;
}

export interface QueueCluster {
	/** n8n's version (GET /rest/settings -> versionCli on the main instance). */
	version: string;
	nodeVersion: string;
	binaryDataMode: string;
	encryptionKey: string;
	/** The main instance's URL (REST, editor). */
	url: string;
	/** REST client of the main instance, logged in as the owner. */
	api: N8nApi;
	owner: OwnerAccount;
	/** Production webhook base of the first webhook processor: http://127.0.0.1:<port>/webhook/ */
	webhookBaseUrl: string;
	main: QueueProcess;
	workers: QueueProcess[];
	webhooks: QueueProcess[];
	postgres: { port: number; readonly pid: number; version: string; dataDir: string };
	redis: { port: number; readonly pid: number; version: string };
	/** main, workers, webhook processors (in that order). */
	processes(): QueueProcess[];
	/** Starts one more worker / webhook processor and waits until it is ready. */
	addWorker(): Promise<QueueProcess>;
	addWebhookProcessor(): Promise<QueueProcess>;
	/** The worker whose log says it started this execution ("Worker started execution <id>"). */
	workerOf(executionId: string): QueueProcess | undefined;
	/** Execution ids each worker started, from the workers' logs. */
	executionsByWorker(): Record<string, string[]>;
	/** The layout as printed at start (roles, ports, pids, binary mode). */
	layout(): string;
	/** Every process down (n8n processes, their task runners, Postgres, Redis), temp folders removed; checked with ps. */
	stop(): Promise<void>;
}

interface ProcessSpec {
	name: string;
	role: QueueRole;
	port: number;
	userFolder: string;
	env: NodeJS.ProcessEnv;
	args: string[];
}

/** `ps` lines of live processes with one of these pids, or in one of these process groups. */
function leftovers(pids: number[], pgids: number[]): string[] {
	const ps = run('ps', ['-eo', 'pid=,pgid=,args=']);
	return ps.out
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.filter((line) => {
			const [pid, pgid] = line.split(/\s+/).map(Number);
			return pids.includes(pid) || pgids.includes(pgid);
		});
}

let clusterCount = 0;
const liveClusters = new Set<() => void>();
process.once('exit', () => {
	for (const killNow of liveClusters) killNow();
});

export async function startQueueCluster(opts: QueueClusterOptions = {}): Promise<QueueCluster> {
	const t0 = Date.now();
	const clusterId = ++clusterCount;
	const verbose = opts.verbose ?? process.env.E2E_N8N_VERBOSE === '1';
	const keep = opts.keep ?? process.env.E2E_KEEP === '1';
	const [install, services] = await Promise.all([ensureInstalled(), ensureQueueServices()]);
	const root = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	const handles: ServerHandle[] = [];
	const procs: Array<
		QueueProcess & { spec: ProcessSpec; child?: ChildProcess; stream: WriteStream }
	> = [];
	const seenPids = new Set<number>();
	let stopped = false;

	const killAllNow = () => {
		for (const p of procs) if (p.child && !p.exited) killTree(p.child, 'SIGKILL');
		for (const h of handles) {
			try {
				if (h.pid) process.kill(h.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
	};
	liveClusters.add(killAllNow);

	const stop = async () => {
		if (stopped) return;
		stopped = true;
		const tStop = Date.now();
		// n8n first (workers may be finishing jobs), then the queue and the database.
		await Promise.all(procs.map(async (p) => await p.stop(5000).catch(() => undefined)));
		for (const p of procs) p.stream.end();
		const serverPids = handles.map((h) => h.pid).filter(Boolean);
		await Promise.all(handles.map(async (h) => await h.stop().catch(() => undefined)));
		liveClusters.delete(killAllNow);
		const pids = [...seenPids, ...serverPids];
		const groups = [...seenPids, ...serverPids];
		let left = leftovers(pids, groups);
		if (left.length) {
			killAllNow();
			for (const line of left) {
				try {
					process.kill(Number(line.split(/\s+/)[0]), 'SIGKILL');
				} catch {
					// gone
				}
			}
			await sleep(500);
			left = leftovers(pids, groups);
		}
		if (!keep) rmSync(root, { recursive: true, force: true });
		else log(`kept ${root}`);
		log(
			`cluster ${clusterId} stopped in ${((Date.now() - tStop) / 1000).toFixed(1)} s; ps shows ${left.length} of its ${pids.length} processes left`,
		);
		if (left.length) throw new Error(`processes left after stop():\n${left.join('\n')}`);
	};

	try {
		const [pg, redis] = await Promise.all([startPostgres(services), startRedis(services)]);
		handles.push(pg, redis);
		const encryptionKey = randomBytes(24).toString('hex');
		const mainPort = await freePort();
		const mainUrl = `http://127.0.0.1:${mainPort}`;
		const webhookPorts: number[] = [];
		for (let i = 0; i < (opts.webhookProcessors ?? 1); i++) webhookPorts.push(await freePort());
		// Production URLs (trigger URLs, resume URLs the nodes send to providers) point at the
		// first webhook processor: n8n builds them from N8N_WEBHOOK_URL in whichever process runs.
		const webhookUrl = `http://127.0.0.1:${webhookPorts[0]}`;
		const base = hermeticBaseEnv();

		const envFor = async (
			role: QueueRole,
			port: number,
			userFolder: string,
		): Promise<NodeJS.ProcessEnv> => {
			const brokerPort = await freePort();
			const env: NodeJS.ProcessEnv = {
				...base,
				...defaultEnv(mainUrl, port, userFolder, brokerPort),
				N8N_EDITOR_BASE_URL: `${mainUrl}/`,
				N8N_WEBHOOK_URL: `${webhookUrl}/`,
				N8N_ENCRYPTION_KEY: encryptionKey,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(pg.port),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: 'n8n',
				N8N_DEFAULT_BINARY_DATA_MODE: BINARY_DATA_MODE,
				// Production webhooks go to the webhook processors only; manual runs go to workers.
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				...(opts.stall
					? {
							QUEUE_WORKER_LOCK_DURATION: String(opts.stall.lockDurationMs),
							QUEUE_WORKER_LOCK_RENEW_TIME: String(opts.stall.lockRenewMs),
							QUEUE_WORKER_STALLED_INTERVAL: String(opts.stall.stalledIntervalMs),
						}
					: {}),
				...(role === 'worker'
					? {
							QUEUE_HEALTH_CHECK_ACTIVE: 'true',
							QUEUE_HEALTH_CHECK_PORT: String(port),
							N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						}
					: {}),
				...opts.env,
				...opts.roleEnv?.[role],
			};
			for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
			return env;
		};

		const makeProcess = async (role: QueueRole, name: string, port: number) => {
			const userFolder = join(root, name);
			mkdirSync(userFolder, { recursive: true });
			for (const pkg of opts.nodePackages ?? []) installNodePackage(userFolder, pkg);
			const args =
				role === 'main'
					? ['start']
					: role === 'worker'
						? ['worker', `--concurrency=${opts.workerConcurrency ?? 10}`]
						: ['webhook'];
			const spec: ProcessSpec = {
				name,
				role,
				port,
				userFolder,
				env: await envFor(role, port, userFolder),
				args,
			};
			const logFile = join(userFolder, 'n8n.log');
			const stream = createWriteStream(logFile, { flags: 'a' });
			let logs = '';
			let child: ChildProcess | undefined;
			let exited: QueueProcess['exited'];
			/** Where this run's output starts in `logs` (readiness is read from it). */
			let runStart = 0;
			const spawnIt = () => {
				exited = undefined;
				runStart = logs.length;
				const spawned = spawn(install.nodeBin, [install.n8nBin, ...spec.args], {
					cwd: userFolder,
					env: spec.env,
					detached: true,
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				seenPids.add(spawned.pid!);
				spawned.on('exit', (code, signal) => {
					if (spawned === child) exited = { code, signal };
				});
				const onData = (b: Buffer) => {
					const s = b.toString();
					logs += s;
					stream.write(s);
					if (verbose) process.stdout.write(`[${name}] ${s}`);
				};
				spawned.stdout!.on('data', onData);
				spawned.stderr!.on('data', onData);
				child = spawned;
			};
			const waitGone = async (ms: number) => {
				const t = Date.now();
				while (!exited && Date.now() - t < ms) await sleep(50);
				return !!exited;
			};
			const waitReady = async () => {
				const tReady = Date.now();
				const deadline = tReady + (opts.startTimeoutMs ?? 180_000);
				for (;;) {
					if (exited)
						throw new Error(
							`${name} exited during start (${JSON.stringify(exited)}):\n${logs.slice(-4000)}`,
						);
					if (Date.now() > deadline)
						throw new Error(
							`${name} not ready after ${opts.startTimeoutMs ?? 180_000} ms:\n${logs.slice(-4000)}`,
						);
					try {
						const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
						// A worker marks itself ready once it takes jobs; its log says so too.
						if (
							res.ok &&
							(role !== 'worker' || logs.slice(runStart).includes('n8n worker is now ready'))
						)
							return Date.now() - tReady;
					} catch {
						// not listening yet
					}
					await sleep(250);
				}
			};
			const proc = {
				name,
				role,
				port,
				url: `http://127.0.0.1:${port}`,
				userFolder,
				logFile,
				spec,
				stream,
				get child() {
					return child;
				},
				get pid() {
					return child?.pid ?? 0;
				},
				get exited() {
					return exited;
				},
				logs: () => logs,
				async kill(signal: NodeJS.Signals = 'SIGKILL') {
					if (!child || exited) return;
					killTree(child, signal);
					if (!(await waitGone(10_000)))
						throw new Error(`${name} (pid ${child.pid}) still running 10 s after ${signal}`);
					killTree(child, 'SIGKILL'); // its task runner, if the group outlived it
				},
				async stop(graceMs = 10_000) {
					if (!child) return;
					if (!exited) {
						killTree(child, 'SIGTERM');
						if (!(await waitGone(graceMs))) killTree(child, 'SIGKILL');
						await waitGone(5000);
					}
					killTree(child, 'SIGKILL');
				},
				async restart() {
					await proc.stop();
					spawnIt();
					await waitReady();
				},
				spawnIt,
				waitReady,
			};
			procs.push(proc);
			return proc;
		};

		// The main instance first: it migrates the database the others use.
		const main = await makeProcess('main', 'main', mainPort);
		main.spawnIt();
		const mainMs = await main.waitReady();
		const api = new N8nApi(mainUrl);
		const { owner, version } = await signInOwner(api, opts.owner);
		const prefixes = (opts.nodePackages ?? []).map((p) => `${readPackageName(p)}.`);
		if (prefixes.length) {
			const loaded = (await api.nodeTypes()).map((t) => t.name);
			const missing = prefixes.filter((p) => !loaded.some((n) => n.startsWith(p)));
			if (missing.length) throw new Error(`main: no node types loaded for ${missing.join(', ')}`);
		}

		const workers: QueueProcess[] = [];
		const webhooks: QueueProcess[] = [];
		let workerCount = 0;
		let webhookCount = 0;
		const addWorker = async () => {
			const p = await makeProcess('worker', `worker-${++workerCount}`, await freePort());
			p.spawnIt();
			await p.waitReady();
			workers.push(p);
			return p as QueueProcess;
		};
		const addWebhookProcessor = async (port?: number) => {
			const p = await makeProcess(
				'webhook',
				`webhook-${++webhookCount}`,
				port ?? (await freePort()),
			);
			p.spawnIt();
			await p.waitReady();
			webhooks.push(p);
			return p as QueueProcess;
		};
		const tOthers = Date.now();
		await Promise.all([
			...Array.from({ length: opts.workers ?? 2 }, async () => await addWorker()),
			...webhookPorts.map(async (port) => await addWebhookProcessor(port)),
		]);
		const othersMs = Date.now() - tOthers;
		workers.sort((a, b) => a.name.localeCompare(b.name));
		webhooks.sort((a, b) => a.name.localeCompare(b.name));

		const started = (name: string) =>
			new Set(
				[
					...(procs.find((p) => p.name === name)?.logs() ?? '').matchAll(
						/Worker started execution (\d+)/g,
					),
				].map((m) => m[1]),
			);
		const layout = () => {
			const lines = [
				`n8n ${version} on Node ${install.nodeVersion}, EXECUTIONS_MODE=queue, binary data mode "${BINARY_DATA_MODE}"`,
				`  postgres   ${services.pgVersion.padEnd(22)} 127.0.0.1:${pg.port}  pid ${pg.pid}  (database n8n)`,
				`  redis      ${services.redisVersion.padEnd(22)} 127.0.0.1:${redis.port}  pid ${redis.pid}  (Bull queue)`,
				...[main, ...workers, ...webhooks].map((p) => {
					const what =
						p.role === 'main'
							? `REST + editor ${p.url}; production webhooks off, manual runs offloaded to workers`
							: p.role === 'worker'
								? `runs executions, concurrency ${opts.workerConcurrency ?? 10}, health ${p.url}/healthz`
								: `production webhooks ${p.url}/webhook/`;
					const state = p.exited ? ` [exited ${p.exited.signal ?? p.exited.code}]` : '';
					return `  ${p.name.padEnd(10)} ${p.role.padEnd(22)} 127.0.0.1:${p.port}  pid ${p.pid}${state}  ${what}`;
				}),
			];
			return lines.join('\n');
		};
		log(
			`cluster ${clusterId} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (main ${(mainMs / 1000).toFixed(1)} s, then workers + webhook processors ${(othersMs / 1000).toFixed(1)} s):\n${layout()}`,
		);

		return {
			version,
			nodeVersion: install.nodeVersion,
			binaryDataMode: BINARY_DATA_MODE,
			encryptionKey,
			url: mainUrl,
			api,
			owner,
			webhookBaseUrl: `${webhookUrl}/webhook/`,
			main,
			workers,
			webhooks,
			postgres: {
				port: pg.port,
				get pid() {
					return pg.pid;
				},
				version: services.pgVersion,
				dataDir: join(pg.dir, 'data'),
			},
			redis: {
				port: redis.port,
				get pid() {
					return redis.pid;
				},
				version: services.redisVersion,
			},
			processes: () => [main, ...workers, ...webhooks],
			addWorker,
			addWebhookProcessor: async () => await addWebhookProcessor(),
			workerOf: (executionId) => workers.find((w) => started(w.name).has(String(executionId))),
			executionsByWorker: () =>
				Object.fromEntries(workers.map((w) => [w.name, [...started(w.name)]])),
			layout,
			stop,
		};
	} catch (err) {
		const tail = procs
			.map((p) => `--- ${p.name} (last 3000 chars) ---\n${p.logs().slice(-3000)}`)
			.join('\n');
		await stop().catch((e: unknown) => log(`stop after a failed start: ${String(e)}`));
		(err as Error).message += `\n${tail}`;
		throw err;
	}
}

// `npx tsx test/e2e/queue-cluster.mts [package root]`: start, print the layout, stop.
if (process.argv[1] && /queue-cluster\.mts$/.test(process.argv[1])) {
	const pkg = process.argv[2] ?? process.env.E2E_PACKAGE_ROOT;
	const cluster = await startQueueCluster({ nodePackages: pkg ? [pkg] : [] });
	await cluster.stop();
}
