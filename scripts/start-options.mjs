// Command line of `npm start` (scripts/start.mjs). Plain JavaScript on purpose: `--help` and a
// mistyped flag are answered at once, before anything is installed or built.
import { parseArgs } from 'node:util';

export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_EMULATOR_PORT = 4010;
export const DEFAULT_JOB_DURATION_MS = 8000;
export const REAL_BASE_URL = 'https://api.legnext.ai/api';

export const HELP = `npm start [-- flags]: the demo of n8n-nodes-midjourney-api in a real n8n

Installs what is missing (dev dependencies; n8n 2.41.1 on Node 24, once, ~4 min), builds the
package when its sources changed, starts the Legnext emulator and n8n with our nodes, creates
the owner, a "Legnext API" credential and the example workflows (examples/*.json), activates the
callback pipeline, runs the batch-of-prompts example once and saves its images, then keeps
n8n running until Ctrl-C.

Flags (after "npm start --"):
  --port N             n8n port (default ${DEFAULT_N8N_PORT}; a free port when ${DEFAULT_N8N_PORT} is taken)
  --output DIR         where the example's images go: DIR/<timestamp>/ (default ./output)
  --no-example         do not run the example (just start everything)
  --emulator-port N    Legnext emulator port (default ${DEFAULT_EMULATOR_PORT}; a free port when taken)
  --job-duration MS    emulator: time from submit to finished (default ${DEFAULT_JOB_DURATION_MS})
  --emulator           use the emulator even when LEGNEXT_API_KEY is set
  --real               use the real Legnext API (needs LEGNEXT_API_KEY); implied when
                       LEGNEXT_API_KEY is set. Spends credits. Starts no emulator, runs no
                       example and activates no workflow unless asked:
  --run-example        real mode: run the batch example once (3 prompts = 3 Imagine jobs)
  --activate           real mode: activate the callback pipeline (its Schedule trigger submits a
                       real job every day at 09:00; callbacks need --webhook-url)
  --webhook-url URL    public base URL that reaches this n8n (e.g. a tunnel), used in the
                       callback URLs Legnext calls; default the local URL
  --build              rebuild the package even if dist/ is up to date
  --keep               keep n8n's data folder (a temp dir) after stopping
  --verbose            echo n8n's log and the emulator's request log
  -h, --help           this text

Environment:
  LEGNEXT_API_KEY      real mode with this key (the credential points at ${REAL_BASE_URL})
  LEGNEXT_BASE_URL     real mode: another base URL (a proxy)
  N8N_PORT             same as --port
  DEMO_OUTPUT_DIR      same as --output
  E2E_N8N_DIR          where n8n is installed (default test/e2e/.n8n); a folder that outlives
                       the clone saves the ~4 min install

n8n's data lives in a fresh temp folder per run: workflows you build in the demo are gone after
Ctrl-C (unless --keep). Ctrl-C or SIGTERM stop n8n and the emulator.
`;

function portOf(name, value) {
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > 65535)
		throw new Error(`${name} needs a port number (1-65535), got "${value}"`);
	return n;
}

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 */
export function parseStartOptions(argv, env = process.env) {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: 'string' },
			output: { type: 'string' },
			'no-example': { type: 'boolean' },
			'emulator-port': { type: 'string' },
			'job-duration': { type: 'string' },
			emulator: { type: 'boolean' },
			real: { type: 'boolean' },
			'run-example': { type: 'boolean' },
			activate: { type: 'boolean' },
			'webhook-url': { type: 'string' },
			build: { type: 'boolean' },
			keep: { type: 'boolean' },
			verbose: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
		allowPositionals: false,
	});
	const apiKey = (env.LEGNEXT_API_KEY ?? '').trim();
	if (values.real && values.emulator) throw new Error('--real and --emulator exclude each other');
	const real = !values.emulator && (Boolean(values.real) || apiKey !== '');
	if (real && !apiKey)
		throw new Error('--real needs the API key in LEGNEXT_API_KEY (LEGNEXT_API_KEY=... npm start)');
	const jobDurationMs =
		values['job-duration'] === undefined ? DEFAULT_JOB_DURATION_MS : Number(values['job-duration']);
	if (!Number.isFinite(jobDurationMs) || jobDurationMs < 0) {
		throw new Error(`--job-duration needs milliseconds >= 0, got "${values['job-duration']}"`);
	}
	const webhookUrl = values['webhook-url'];
	if (webhookUrl !== undefined && !/^https?:\/\/[^/]+/i.test(webhookUrl)) {
		throw new Error(`--webhook-url needs an http(s) URL, got "${webhookUrl}"`);
	}
	const port = portOf('--port', values.port) ?? portOf('N8N_PORT', env.N8N_PORT);
	return {
		help: Boolean(values.help),
		real,
		apiKey: real ? apiKey : undefined,
		baseUrl: real ? (env.LEGNEXT_BASE_URL || REAL_BASE_URL).replace(/\/+$/, '') : undefined,
		/** undefined = 5678, or a free port when 5678 is taken */
		port,
		emulatorPort: portOf('--emulator-port', values['emulator-port']),
		jobDurationMs,
		outputRoot: values.output ?? env.DEMO_OUTPUT_DIR ?? 'output',
		runExample: !values['no-example'] && (real ? Boolean(values['run-example']) : true),
		activatePipeline: real ? Boolean(values.activate) : true,
		webhookUrl: webhookUrl?.replace(/\/*$/, '/'),
		forceBuild: Boolean(values.build),
		keep: Boolean(values.keep),
		verbose: Boolean(values.verbose),
	};
}
