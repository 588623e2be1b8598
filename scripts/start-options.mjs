// Command line of `npm start` (scripts/start.mjs). Plain JavaScript on purpose: `--help` and a
// mistyped flag are answered at once, before anything is installed or built.
import { parseArgs } from 'node:util';

export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_JOB_DURATION_MS = 8000;

/**
 * The providers the demo knows, with what real mode needs (scripts/start-providers.mts has the
 * rest). Plain data here so `--help` and bad flags are answered before anything is installed.
 */
export const PROVIDERS = {
	legnext: { name: 'Legnext', port: 4010, keyEnv: 'LEGNEXT_API_KEY', baseUrlEnv: 'LEGNEXT_BASE_URL', baseUrl: 'https://api.legnext.ai/api' },
	apiframe: { name: 'APIFRAME', port: 4020, keyEnv: 'APIFRAME_API_KEY', baseUrlEnv: 'APIFRAME_BASE_URL', baseUrl: 'https://api.apiframe.pro' },
	thenextleg: { name: 'TheNextLeg', port: 4030, keyEnv: 'THENEXTLEG_API_TOKEN', baseUrlEnv: 'THENEXTLEG_BASE_URL', baseUrl: 'https://api.thenextleg.io/v2' },
	chub: { name: 'Chub Imagine', port: 4040, keyEnv: 'CHUB_API_KEY', baseUrlEnv: 'CHUB_BASE_URL', baseUrl: 'https://api.chub.ai' },
};

export const HELP = `npm start [-- flags]: the demo of n8n-nodes-midjourney-api in a real n8n

Installs what is missing (dev dependencies; n8n 2.41.1 on Node 24, once, ~4 min), builds the
package when its sources changed, starts an emulator for each provider (Legnext, APIFRAME,
TheNextLeg, Chub Imagine) and n8n with our nodes, creates the owner, a credential per provider
and every example workflow (examples/*.json), activates the callback pipelines, runs one
provider's first example once and saves its files, then keeps n8n running until Ctrl-C.

Flags (after "npm start --"):
  --provider P         whose example runs once, and whose API --real uses: legnext (default),
                       apiframe, thenextleg or chub
  --port N             n8n port (default ${DEFAULT_N8N_PORT}; a free port when ${DEFAULT_N8N_PORT} is taken)
  --output DIR         where the example's files go: DIR/<timestamp>/ (default ./output)
  --no-example         do not run the example (just start everything)
  --emulator-port N    the chosen provider's emulator port (defaults: legnext 4010, apiframe 4020,
                       thenextleg 4030, chub 4040; a free port when taken)
  --job-duration MS    emulators: time from submit to finished (default ${DEFAULT_JOB_DURATION_MS})
  --emulator           use the emulator even when the provider's key is set
  --real               use the chosen provider's real API (needs its key, see below); implied
                       when that key is set. Spends credits. Runs no example and activates no
                       workflow of that provider unless asked (the others stay on emulators):
  --run-example        real mode: run the example once (it submits real jobs)
  --activate           real mode: activate its callback pipeline (its Schedule trigger submits a
                       real job every day at 09:00; callbacks need --webhook-url)
  --webhook-url URL    public base URL that reaches this n8n (e.g. a tunnel), used in the
                       callback URLs the provider calls; default the local URL
  --build              rebuild the package even if dist/ is up to date
  --keep               keep n8n's data folder (a temp dir) after stopping
  --verbose            echo n8n's log and the emulator's request log
  -h, --help           this text

Environment (real mode for the chosen --provider):
${Object.values(PROVIDERS)
	.map((p) => `  ${p.keyEnv.padEnd(21)}${p.name}: real mode with this key (${p.baseUrl}; ${p.baseUrlEnv} overrides)`)
	.join('\n')}
  N8N_PORT             same as --port
  DEMO_OUTPUT_DIR      same as --output
  E2E_N8N_DIR          where n8n is installed (default test/e2e/.n8n); a folder that outlives
                       the clone saves the ~4 min install

n8n's data lives in a fresh temp folder per run: workflows you build in the demo are gone after
Ctrl-C (unless --keep). Ctrl-C or SIGTERM stop n8n and the emulators.
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
			provider: { type: 'string' },
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
	const provider = values.provider ?? 'legnext';
	const chosen = PROVIDERS[provider];
	if (!chosen) {
		throw new Error(`--provider must be one of ${Object.keys(PROVIDERS).join(', ')}, got "${provider}"`);
	}
	const apiKey = (env[chosen.keyEnv] ?? '').trim();
	if (values.real && values.emulator) throw new Error('--real and --emulator exclude each other');
	const real = !values.emulator && (Boolean(values.real) || apiKey !== '');
	if (real && !apiKey)
		throw new Error(`--real needs the API key in ${chosen.keyEnv} (${chosen.keyEnv}=... npm start -- --provider ${provider})`);
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
		provider,
		real,
		apiKey: real ? apiKey : undefined,
		baseUrl: real ? (env[chosen.baseUrlEnv] || chosen.baseUrl).replace(/\/+$/, '') : undefined,
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
