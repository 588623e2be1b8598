// n8n's community-package scan (scripts/scan-package.mjs, @n8n/scan-community-package's
// analyzePackage) on what `npm publish` would upload: the built package must pass it, and a
// violation planted in a built node file must be reported. `npm test` builds dist/ first.
//
// The script is spawned, never imported: the scanner's own tests note that under vitest the
// eslint-plugin-n8n-nodes-base rules resolve a second parser instance and silently no-op. (The
// child inherits vitest's NODE_ENV=test, which those rules also read; the script drops it.)
// Each scan takes ~6-10 s alone; the timeouts leave room for a loaded machine.
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(root, 'scripts', 'scan-package.mjs');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const builtEntries: string[] = [...pkg.n8n.nodes, ...pkg.n8n.credentials];

interface Finding {
	file: string;
	line: number;
	column: number;
	severity: 'error' | 'warning';
	rule: string;
	message: string;
}
interface Leg {
	leg: 'tarball' | 'source';
	files: string[];
	passed: boolean;
	message?: string;
	findings: Finding[];
}
interface Report {
	passed: boolean;
	scanner: { name: string; version: string };
	legs: Leg[];
}

const temps: string[] = [];
afterAll(() => {
	for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function scan(args: string[]): Promise<{ code: number; report: Report }> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[script, '--json', ...args],
			{ cwd: root, maxBuffer: 32 * 1024 * 1024, timeout: 90_000 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
				try {
					resolve({ code, report: JSON.parse(stdout) as Report });
				} catch {
					reject(new Error(`scan-package exited ${code} without a JSON report:\n${stderr}`));
				}
			},
		);
	});
}

const leg = (report: Report, name: Leg['leg']) => {
	const found = report.legs.find((l) => l.leg === name);
	if (!found) throw new Error(`no ${name} leg in the report`);
	return found;
};
const describeFindings = (report: Report) =>
	report.legs.flatMap((l) =>
		l.findings.map((f) => `${l.leg} ${f.file}:${f.line} ${f.severity} ${f.rule}: ${f.message}`),
	);

describe.concurrent("n8n's community-package scan", () => {
	it(
		'passes on the packed tarball and on the source, with no finding at all',
		{ timeout: 120_000 },
		async () => {
			const { code, report } = await scan([]);

			expect(describeFindings(report)).toEqual([]);
			expect(code).toBe(0);
			expect(report.passed).toBe(true);
			expect(report.scanner.version).toBe(pkg.devDependencies['@n8n/scan-community-package']);

			// The tarball leg linted the published package.json and every built node/credential...
			const tarball = leg(report, 'tarball');
			expect(tarball.passed).toBe(true);
			expect(tarball.files).toEqual(expect.arrayContaining(['package.json', ...builtEntries]));
			expect(tarball.files.every((f) => f === 'package.json' || f.endsWith('.js'))).toBe(true);
			// ...and the source leg their TypeScript sources, as n8n lints the provenance commit.
			const source = leg(report, 'source');
			expect(source.passed).toBe(true);
			expect(source.files).toEqual(
				expect.arrayContaining([
					'package.json',
					...builtEntries.map((f) => f.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
				]),
			);
			// The package ships with no runtime dependency (n8n Cloud refuses them).
			expect(pkg.dependencies).toBeUndefined();
		},
	);

	it(
		'reports a restricted require and global planted in a built node file',
		{ timeout: 120_000 },
		async () => {
			const copy = mkdtempSync(path.join(os.tmpdir(), 'scan-planted-'));
			temps.push(copy);
			for (const entry of [
				'package.json',
				'.npmrc',
				'README.md',
				'dist',
				'nodes',
				'credentials',
				'icons',
			])
				if (existsSync(path.join(root, entry)))
					cpSync(path.join(root, entry), path.join(copy, entry), {
						recursive: true,
						preserveTimestamps: true,
					});

			const target = pkg.n8n.nodes[0] as string; // dist/nodes/Legnext/Legnext.node.js
			const file = path.join(copy, target);
			// tsc ends the file with a sourceMappingURL comment and no newline: start on a new line.
			const lines = readFileSync(file, 'utf8').split('\n').length;
			appendFileSync(file, "\nconst fs = require('fs');\nexports.planted = () => process.env;\n");

			const { code, report } = await scan(['--root', copy]);

			expect(code).toBe(1);
			expect(report.passed).toBe(false);
			const tarball = leg(report, 'tarball');
			expect(tarball.passed).toBe(false);
			expect(tarball.message).toBe('ESLint violations found');
			expect(tarball.findings).toEqual(
				expect.arrayContaining([
					expect.objectContaining({
						file: target,
						line: lines + 1,
						severity: 'error',
						rule: '@n8n/community-nodes/no-restricted-imports',
						message: expect.stringContaining("'fs'"),
					}),
					expect.objectContaining({
						file: target,
						line: lines + 2,
						severity: 'error',
						rule: '@n8n/community-nodes/no-restricted-globals',
						message: expect.stringContaining("'process'"),
					}),
				]),
			);
			// Only the built file was touched: the source leg still passes.
			expect(leg(report, 'source').findings).toEqual([]);
		},
	);
});
