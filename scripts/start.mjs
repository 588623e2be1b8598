// `npm start`: the demo. Answers --help at once; otherwise installs the dev dependencies when
// missing, builds the package when its sources changed, then runs the TypeScript part
// (scripts/start-demo.mts) in this same process through tsx's loader, so Ctrl-C and SIGTERM
// reach one process that stops n8n and the emulator before it exits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { distIsFresh } from './dist-freshness.mjs';
import { build, ensureDeps } from './ensure-deps.mjs';
import { HELP, parseStartOptions } from './start-options.mjs';

const startedAt = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let options;
try {
	options = parseStartOptions(process.argv.slice(2));
} catch (error) {
	console.error(`npm start: ${error.message}\nSee: npm start -- --help`);
	process.exit(2);
}
if (options.help) {
	process.stdout.write(HELP);
	process.exit(0);
}

const timings = {};
let t = Date.now();
ensureDeps();
timings.deps = Date.now() - t;

t = Date.now();
if (options.forceBuild || !distIsFresh(root)) {
	console.log('Building the package (npm run build)...');
	build();
	timings.build = Date.now() - t;
} else {
	console.log('dist/ is up to date with the sources (npm start -- --build rebuilds anyway)');
}

const { register } = await import('tsx/esm/api');
register();
const { runDemo } = await import('./start-demo.mts');
await runDemo({ ...options, startedAt, timings });
