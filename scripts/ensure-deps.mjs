// Installs the dev dependencies when node_modules is missing or older than the lockfile, so
// `npm test` and `npm start` work on a fresh clone with nothing else run first.
// (.npmrc sets ignore-scripts: eslint-plugin-n8n-nodes-base's preinstall demands pnpm and
// n8n-workflow's optional isolated-vm cannot build on Node 20; neither is needed here.)
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDeps() {
	const marker = path.join(root, 'node_modules', '.package-lock.json');
	const lock = path.join(root, 'package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
	console.log('Installing dev dependencies (npm ci)...');
	const started = Date.now();
	try {
		// stderr captured: when npm ci refuses the lockfile it prints ~100 lines of usage text.
		execSync('npm ci --ignore-scripts --no-audit --no-fund', {
			cwd: root,
			stdio: ['inherit', 'inherit', 'pipe'],
			maxBuffer: 64 * 1024 * 1024,
		});
	} catch (error) {
		if (error.signal) throw error; // interrupted (Ctrl-C): do not start another install
		const stderr = String(error.stderr ?? '');
		const missing = stderr.match(/^npm error Missing: .*$/gm) ?? [];
		if (!/npm error code EUSAGE/.test(stderr) || missing.length === 0) {
			process.stderr.write(stderr);
			throw error;
		}
		// `npm ci` rejects the lockfile when the registry lacks other platforms' optional packages
		// (@rollup/rollup-darwin-*, @unrs/resolver-binding-win32-*...), which the lockfile then
		// cannot list. `npm install` follows the same lockfile; --no-save leaves it untouched.
		console.log(
			`npm ci refused the lockfile (${missing.length} other-platform optional packages missing, e.g. ` +
				`${missing[0].replace(/^npm error Missing: (.*?)@? from lock file$/, '$1')}); installing the same pinned tree with npm install --no-save...`,
		);
		execSync('npm install --ignore-scripts --no-audit --no-fund --no-save', { cwd: root, stdio: 'inherit' });
	}
	console.log(`Dependencies installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

export function build() {
	execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
