// `npm run scan`: runs n8n's community-package scanner (@n8n/scan-community-package, pinned in
// devDependencies) offline on what `npm publish` would upload, the way n8n scans a published
// version before it can be verified. Builds nothing: run `npm run build` first (dist/ is packed).
//
//   node scripts/scan-package.mjs [--root DIR] [--json] [--verbose] [--allow-warnings]
//
// Exit codes: 0 no findings; 1 findings (or the scanner failed); 2 could not scan (no dist/,
// npm pack or tar failed, the scanner changed shape). Prints no environment and no file contents
// beyond the scanner's own messages (rule texts name variables, never values).
//
// ─── What n8n's scanner does (read from @n8n/scan-community-package 0.32.0, scanner/scanner.mjs) ──
//
// analyzePackageByName(name, version) — what n8n runs on a published version (`npx
// @n8n/scan-community-package NAME`), online:
//   1. Provenance (scanner/provenance.mjs): the registry's version metadata must have
//      dist.attestations.provenance with predicateType https://slsa.dev/provenance/v1, else the
//      package fails with "Package was not published with npm provenance". Nothing local can
//      check this: it only exists once published from CI (see .github/workflows/publish.yml).
//   2. Source: reads the attestation (registry /-/npm/v1/attestations/NAME@VERSION), takes the
//      GitHub repository + commit it names, downloads that commit's tarball from GitHub and picks
//      the folder whose package.json has the package's name. Unreachable or non-GitHub source is
//      a hard failure.
//   3. `npm pack NAME@VERSION`, then `tar -xzf --strip-components=1` into a temp folder.
//   4. analyzePackage(sourceDir, SOURCE_FILE_PATTERNS) with
//        SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}']
//      and analyzePackage(packageDir, ['**/*.js', 'package.json']) on the unpacked tarball
//      (.ts/.d.ts in the tarball are deliberately not linted). Passes only if both pass.
//
// analyzePackage(dir, patterns = ['**/*.js', '**/*.ts', '**/*.json']) — exported, offline:
//   - fast-glob(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] });
//     no file matched -> { passed: true, message: 'No files found to analyze' }.
//   - new ESLint({ cwd: dir, overrideConfigFile: true, allowInlineConfig: false }): no config file
//     of the package is read, and `eslint-disable` comments are IGNORED (n8n-node lint honours
//     them, the scanner does not).
//   - Config (buildScanConfig): @n8n/eslint-plugin-community-nodes 0.29.0 `recommended` on every
//     linted file (no-restricted-globals: process, global(This), __dirname, __filename,
//     set/clearTimeout, set/clearInterval, set/clearImmediate; no-restricted-imports: anything
//     but relative paths, n8n-workflow, @n8n/ai-node-sdk, ai-node-sdk, lodash, moment, p-limit,
//     luxon, zod, crypto, node:crypto or a name listed in the nearest package.json's
//     devDependencies; no-dangerous-functions: eval, Function, child_process spawners;
//     no-runtime-dependencies, no-forbidden-lifecycle-scripts, no-overrides-field,
//     package-name-convention, valid-peer-dependencies, no-hardcoded-secrets, icon-validation,
//     credential-*, node-usable-as-tool, … 35 rules at error, 7 at warn) plus `no-console: error`;
//     eslint-plugin-n8n-nodes-base (our top-level 1.16.7) `community` rules on package.json,
//     `credentials` rules on **/credentials/**/*.ts and `nodes` rules on **/nodes/**/*.ts (so
//     only the source leg gets those), with the same five rules switched off as n8n-node lint.
//     @typescript-eslint/parser parses *.ts and *.json.
//   - Several rules read the disk around the linted file (icons referenced by `file:`, the
//     nearest package.json, the n8n.nodes/credentials entries mapped back to .ts, nodes/ walk),
//     so a scope must be a whole package folder, not just the matched files.
//   - Returns { passed: true } | { passed: false, message, details } where details is ESLint's
//     `stylish` text; only errors fail (errorCount > 0), warnings are reported only alongside an
//     error, and an exception returns { passed: false, message: 'Analysis failed: …' }.
//
// ─── What this script runs ───────────────────────────────────────────────────────────────────
//
// tarball leg: `npm pack --ignore-scripts` of the package root into a temp folder, `tar -xzf
//   --strip-components=1` (as the scanner does), then analyzePackage(unpacked, ['**/*.js',
//   'package.json']). Fails early (exit 2) if the tarball lacks a file named in package.json's
//   n8n.nodes/n8n.credentials (no build, or a concurrent build rewriting dist/: re-run).
// source leg: n8n lints the commit the provenance names. Here that commit is approximated by the
//   working tree as git would commit it: every file `git ls-files --cached --others
//   --exclude-standard` lists that exists on disk is copied into a temp folder, then
//   analyzePackage(copy, SOURCE_FILE_PATTERNS) (the scanner's own exported constant). Outside a
//   git checkout (e.g. a copied package) the root folder is scanned in place.
// Findings: ESLint.prototype.lintFiles (the very instance the scanner imports) is wrapped to keep
//   its LintResult[], which gives the exact files linted and structured file:line:rule findings,
//   warnings included. The pass/fail verdict per leg is analyzePackage's own.
// Strictness: n8n fails a package on errors only; this script also fails on warnings unless
//   --allow-warnings is given (the package has none today, keep it that way).
// The scanner's modules are run in this plain node process on purpose: its own tests note that
//   under vitest the n8n-nodes-base rules resolve another parser instance and silently no-op, so
//   tests must spawn this script rather than import the scanner.
import { spawnSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_ROOT = path.resolve(HERE, '..');
const SCANNER = '@n8n/scan-community-package';
// Not exported by the scanner: the patterns analyzePackageByName passes for the tarball leg.
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
// Lines that must still be in scanner.mjs for this script to mirror it (checked at start).
const SCANNER_SHAPE = [
	"analyzePackage(packageDir, ['**/*.js', 'package.json'])",
	'analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)',
	"'--strip-components=1'",
];

const USAGE = `Usage: node scripts/scan-package.mjs [options]

Runs n8n's community-package scanner (${SCANNER}, analyzePackage) offline on
the npm pack tarball of the package and on its source, like n8n scans a published version.
Run \`npm run build\` first. Exit 0 = no findings, 1 = findings, 2 = could not scan.

  --root DIR          package to scan (default: this repository)
  --json              print a JSON report on stdout instead of the text report
  --verbose           list every linted file
  --allow-warnings    exit 0 when there are only warnings (n8n's own verdict)
  -h, --help          this text
`;

class SetupError extends Error {}

function parseArgs(argv) {
	const options = { root: DEFAULT_ROOT, json: false, verbose: false, allowWarnings: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--json') options.json = true;
		else if (arg === '--verbose') options.verbose = true;
		else if (arg === '--allow-warnings') options.allowWarnings = true;
		else if (arg === '-h' || arg === '--help') options.help = true;
		else if (arg === '--root' && argv[i + 1]) options.root = path.resolve(argv[++i]);
		else if (arg.startsWith('--root=')) options.root = path.resolve(arg.slice('--root='.length));
		else throw new SetupError(`unknown argument: ${arg}\n\n${USAGE}`);
	}
	return options;
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, {
		cwd,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		shell: process.platform === 'win32',
		env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
	});
	if (result.error) throw new SetupError(`${command} could not start: ${result.error.message}`);
	return result;
}

/** Loads the pinned scanner, with lintFiles wrapped to keep ESLint's results. */
async function loadScanner() {
	const require = createRequire(import.meta.url);
	let scannerPkgFile;
	try {
		scannerPkgFile = require.resolve(`${SCANNER}/package.json`);
	} catch {
		throw new SetupError(`${SCANNER} is not installed: run npm install (it is a devDependency)`);
	}
	const scannerDir = path.dirname(scannerPkgFile);
	const scannerFile = path.join(scannerDir, 'scanner', 'scanner.mjs');
	const source = readFileSync(scannerFile, 'utf8');
	const missing = SCANNER_SHAPE.filter((line) => !source.includes(line));
	if (missing.length > 0)
		throw new SetupError(
			`${SCANNER} no longer contains ${missing.join(' / ')}: the way n8n scans a package ` +
				'changed; review scripts/scan-package.mjs against scanner/scanner.mjs before trusting it',
		);

	// Same module instances as scanner.mjs imports (resolved from its folder; ESM imports of
	// CommonJS share require's cache).
	const scannerRequire = createRequire(scannerFile);
	// scanner.mjs makes an (unused offline) temp dir on import; let tmp remove it at exit.
	scannerRequire('tmp').setGracefulCleanup();
	const { ESLint } = scannerRequire('eslint');
	const captured = [];
	const lintFiles = ESLint.prototype.lintFiles;
	ESLint.prototype.lintFiles = async function (...args) {
		const results = await lintFiles.apply(this, args);
		captured.push(...results);
		return results;
	};

	const scanner = await import(pathToFileURL(scannerFile).href);
	const version = JSON.parse(readFileSync(scannerPkgFile, 'utf8')).version;
	return { scanner, version, captured };
}

function entryFiles(pkg) {
	return [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
}

/** npm pack -> unpacked folder, as the scanner's downloadAndExtractPackage does. */
function packAndUnpack(root, work, pkg) {
	const missingBuilt = entryFiles(pkg).filter((file) => !existsSync(path.join(root, file)));
	if (missingBuilt.length > 0)
		throw new SetupError(`${missingBuilt.join(', ')} missing: run \`npm run build\` first`);

	const packDir = path.join(work, 'pack');
	mkdirSync(packDir);
	const pack = run(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', packDir],
		root,
	);
	if (pack.status !== 0)
		throw new SetupError(`npm pack failed (exit ${pack.status}):\n${pack.stderr.trim()}`);
	let packed;
	try {
		packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0];
	} catch {
		throw new SetupError('npm pack printed no JSON report');
	}
	const tarball = path.join(packDir, packed.filename);
	const inTarball = new Set(packed.files.map((file) => file.path));
	const notPacked = entryFiles(pkg).filter((file) => !inTarball.has(file));
	if (notPacked.length > 0)
		throw new SetupError(
			`the tarball lacks ${notPacked.join(', ')} (dist/ incomplete, or being rebuilt: ` +
				'run `npm run build` and re-run)',
		);

	const unpacked = path.join(work, 'package');
	mkdirSync(unpacked);
	const tar = run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], work);
	if (tar.status !== 0) throw new SetupError(`tar failed: ${tar.stderr.trim()}`);
	return {
		dir: unpacked,
		tarball: { file: packed.filename, size: packed.size, entries: packed.files.length },
	};
}

/** The source as a commit of this working tree would hold it; in place outside git. */
function assembleSource(root, work) {
	const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root);
	const files = listed.status === 0 ? listed.stdout.split('\0').filter(Boolean) : [];
	if (!files.includes('package.json'))
		return { dir: root, how: 'scanned in place (not a git checkout)' };
	const dir = path.join(work, 'source');
	let copied = 0;
	for (const file of new Set(files)) {
		const from = path.join(root, file);
		let stat;
		try {
			stat = lstatSync(from);
		} catch {
			continue; // deleted in the working tree: a commit of it would not hold the file
		}
		if (!stat.isFile()) continue;
		const to = path.join(dir, file);
		mkdirSync(path.dirname(to), { recursive: true });
		copyFileSync(from, to);
		copied++;
	}
	return {
		dir,
		how: `${copied} git-visible files of the working tree copied to a temp folder`,
	};
}

async function scanLeg({ scanner, captured }, leg, dir, patterns, description) {
	captured.length = 0;
	const started = Date.now();
	const result = await scanner.analyzePackage(dir, patterns);
	const durationMs = Date.now() - started;
	const relative = (file) => path.relative(dir, file).split(path.sep).join('/');
	const files = captured.map((r) => relative(r.filePath)).sort();
	const findings = captured
		.flatMap((r) =>
			r.messages.map((m) => ({
				file: relative(r.filePath),
				line: m.line ?? 0,
				column: m.column ?? 0,
				severity: m.severity === 2 ? 'error' : 'warning',
				rule: m.ruleId ?? (m.fatal ? '(parse error)' : '(none)'),
				message: m.message,
			})),
		)
		.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
	const errors = findings.filter((f) => f.severity === 'error').length;
	let passed = result.passed;
	let message = result.message;
	if (passed && files.length === 0) {
		passed = false;
		message = `nothing scanned (${result.message ?? 'no files matched'})`;
	}
	if (!passed && errors === 0 && !message) message = 'the scanner failed without a finding';
	return {
		leg,
		description,
		patterns,
		files,
		passed,
		...(message ? { message } : {}),
		findings,
		// The scanner's own text, kept when its verdict has no structured finding to show.
		...(!result.passed && errors === 0 && result.details ? { details: result.details } : {}),
		durationMs,
	};
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function printText(report, options) {
	const out = (line = '') => process.stdout.write(`${line}\n`);
	const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
	out(`n8n community-package scan: ${SCANNER} ${report.scanner.version}, analyzePackage, offline`);
	out(`package ${report.package.name}@${report.package.version} (${report.root})`);
	for (const warning of report.warnings) out(`warning: ${warning}`);
	for (const leg of report.legs) {
		out();
		out(`[${leg.leg}] ${leg.description}`);
		out(`  patterns: ${leg.patterns.join(', ')}`);
		const js = leg.files.filter((f) => f.endsWith('.js')).length;
		const ts = leg.files.filter((f) => f.endsWith('.ts')).length;
		const json = leg.files.filter((f) => f.endsWith('.json')).length;
		out(
			`  linted ${leg.files.length} files (${js} .js, ${ts} .ts, ${json} .json) in ${seconds(leg.durationMs)}`,
		);
		if (options.verbose) for (const file of leg.files) out(`    ${file}`);
		const errors = leg.findings.filter((f) => f.severity === 'error').length;
		const warnings = leg.findings.length - errors;
		if (leg.passed && leg.findings.length === 0) out('  PASS: no findings');
		else
			out(
				`  ${leg.passed ? 'PASS for n8n, but warnings (strict here):' : 'FAIL:'} ` +
					`${leg.message ?? 'findings'} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`,
			);
		for (const f of leg.findings)
			out(`    ${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${f.message}`);
		if (leg.details) out(leg.details.replace(/^/gm, '    '));
	}
	out();
	const total = report.legs.reduce((n, leg) => n + leg.files.length, 0);
	const findings = report.legs.reduce((n, leg) => n + leg.findings.length, 0);
	if (report.passed)
		out(`Result: PASS, no findings in ${total} linted files (${seconds(report.durationMs)})`);
	else
		out(
			`Result: FAIL, ${plural(findings, 'finding')} in ${total} linted files (${seconds(report.durationMs)}). ` +
				'Inline eslint-disable comments do not help: the scanner ignores them.',
		);
}

async function main() {
	const started = Date.now();
	const options = parseArgs(process.argv.slice(2));
	if (options.help) {
		process.stdout.write(USAGE);
		return 0;
	}
	// eslint-plugin-n8n-nodes-base reads NODE_ENV=test at load time as "inside its own rule
	// tester" and then judges file names differently (it flagged Legnext.node.ts with
	// node-filename-against-convention "Rename file to Legnext.node.ts" and trigger-suffix rules
	// when this ran under vitest). n8n's scan never runs with it; drop it before loading rules.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	const root = options.root;
	if (!existsSync(path.join(root, 'package.json')))
		throw new SetupError(`no package.json in ${root}`);
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	const loaded = await loadScanner();

	const warnings = [];
	if (existsSync(path.join(root, 'dist'))) {
		const { distIsFresh } = await import('./dist-freshness.mjs');
		if (!distIsFresh(root))
			warnings.push(
				'dist/ is older than the sources: the tarball may not match them (npm run build)',
			);
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	const legs = [];
	try {
		const packed = packAndUnpack(root, work, pkg);
		legs.push(
			await scanLeg(
				loaded,
				'tarball',
				packed.dir,
				TARBALL_PATTERNS,
				`npm pack -> ${packed.tarball.file} (${packed.tarball.entries} entries, ` +
					`${Math.round(packed.tarball.size / 1024)} kB), unpacked like n8n's download`,
			),
		);
		const source = assembleSource(root, work);
		legs.push(
			await scanLeg(
				loaded,
				'source',
				source.dir,
				loaded.scanner.SOURCE_FILE_PATTERNS,
				`source, as n8n lints the commit its provenance names: ${source.how}`,
			),
		);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}

	const anyError = legs.some((leg) => !leg.passed);
	const anyWarning = legs.some((leg) => leg.findings.length > 0);
	const report = {
		passed: !anyError && (options.allowWarnings || !anyWarning),
		scanner: { name: SCANNER, version: loaded.version },
		package: { name: pkg.name, version: pkg.version },
		root,
		warnings,
		legs,
		durationMs: Date.now() - started,
	};
	if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	else printText(report, options);
	return report.passed ? 0 : 1;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		if (error instanceof SetupError) {
			process.stderr.write(`scan-package: ${error.message}\n`);
			process.exitCode = 2;
		} else {
			process.stderr.write(`scan-package: ${error?.stack ?? error}\n`);
			process.exitCode = 2;
		}
	},
);
