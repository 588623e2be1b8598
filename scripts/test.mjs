// The README's test command (`npm test`): installs what is missing, builds the package, then
// runs every test (engine tests through n8n-core against the emulator, and the real-n8n
// end-to-end suite) with vitest. `--engine-only` skips the real-n8n suite.
// Leaves the vitest JSON report in .tmp/vitest-report.json and prints "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const engineOnly = args.includes('--engine-only');
const passThrough = args.filter((arg) => arg !== '--engine-only');
const report = path.join(root, '.tmp', 'vitest-report.json');

ensureDeps();
build();
mkdirSync(path.dirname(report), { recursive: true });
// A report left by an earlier run must not be counted as this one's.
rmSync(report, { force: true });

const result = spawnSync(
	process.execPath,
	[path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...passThrough],
	{
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, CI_JSON_REPORT: report, ...(engineOnly ? { E2E: '0' } : {}) },
	},
);

if (existsSync(report)) {
	const summary = JSON.parse(readFileSync(report, 'utf8'));
	console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
}
process.exit(result.status ?? 1);
