// Command line: `npx tsx test/emulator/thenextleg/cli.mts [flags]`.
import process from 'node:process';
import { parseArgs } from 'node:util';

import { CONTROL_ROUTES } from './control.mts';
import { parseTnlFaultSpec, startTheNextLegEmulator, type MessageShape } from './index.mts';

const FLAGS = {
	help: { type: 'boolean', short: 'h' },
	quiet: { type: 'boolean' },
	port: { type: 'string' },
	host: { type: 'string' },
	'public-url': { type: 'string' },
	token: { type: 'string' },
	'job-duration': { type: 'string' },
	'min-interval': { type: 'string' },
	'message-shape': { type: 'string' },
	'image-size': { type: 'string' },
	'protect-images': { type: 'boolean' },
	'webhook-url': { type: 'string' },
	'progress-webhooks': { type: 'boolean' },
	'webhook-retries': { type: 'string' },
	'webhook-retry-delay': { type: 'string' },
	'minute-ms': { type: 'string' },
	'banned-words': { type: 'string' },
	'list-seed-button': { type: 'boolean' },
	'fast-hours': { type: 'string' },
	fault: { type: 'string', multiple: true },
} as const;

const USAGE = [
	'TheNextLeg emulator: a local TNL-compatible server (see test/emulator/thenextleg/README.md)',
	'',
	'Usage: npx tsx test/emulator/thenextleg/cli.mts [flags]',
	'',
	['--port N', 'port to listen on (default 4030; 0 = random)'],
	['--host H', 'interface (default 127.0.0.1)'],
	['--public-url URL', 'origin used in image URLs (default http://HOST:PORT)'],
	['--token T', 'the one valid Bearer token (default test-token; never printed)'],
	['--job-duration MS', 'submit -> finished message (default 3000)'],
	['--min-interval MS', 'rate limit: one request per MS per token (default 3000; 0 = off)'],
	['--message-shape SHAPE', 'top-level (the docs, default) | response (the SDKs)'],
	['--image-size PX', 'side of each of the 4 images (default 256)'],
	['--protect-images', 'plain GETs of image URLs answer 403; use POST /getImage'],
	['--webhook-url URL', 'the dashboard webhook (used without webhookOverride)'],
	['--progress-webhooks', 'also POST {progress, response} at 25/50/75'],
	['--webhook-retries N', 'retries of a webhook without a 2xx (default 3)'],
	['--webhook-retry-delay MS', 'first retry delay, doubling (default 500)'],
	['--minute-ms MS', 'length of an expireMins minute (default 60000)'],
	['--banned-words LIST', 'comma-separated prefilter words (default forbiddenword,bannedword)'],
	['--list-seed-button', "list ✉️ in image messages' buttons"],
	['--fast-hours N', 'starting fast hours (default 15)'],
	['--fault SPEC', 'add a fault rule; repeat for more. SPEC = [METHOD] [PATH] KIND [times=N|inf] ...'],
	['', 'KIND = status=CODE [retry-after=S] | delay=MS | reset | malformed |'],
	['', '       accept-then-hang[=MS] | fail-job[=CONTENT_CODE]'],
	['', "e.g. 'POST /v2/imagine status=429 retry-after=2 times=1'"],
	['--quiet', 'do not log each request'],
	['--help, -h', 'show these flags'],
]
	.map((line) => (typeof line === 'string' ? line : `  ${line[0].padEnd(27)}${line[1]}`))
	.join('\n');

/** A numeric flag: absent = undefined; anything but a number >= 0 is an error. */
function numberFlag(values: Record<string, unknown>, flag: string): number | undefined {
	const raw = values[flag];
	if (raw === undefined) return undefined;
	const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	if (!(n >= 0) || !Number.isFinite(n)) throw new Error(`--${flag} needs a number >= 0, got "${String(raw)}"`);
	return n;
}

async function start(): Promise<void> {
	const { values } = parseArgs({ options: FLAGS, strict: true, allowPositionals: false });
	if (values.help) return void process.stdout.write(`${USAGE}\n`);
	const num = (flag: keyof typeof FLAGS) => numberFlag(values, flag);
	const interval = num('min-interval') ?? 3000;
	const faults = (values.fault ?? []).map(parseTnlFaultSpec);

	const emu = await startTheNextLegEmulator({
		port: num('port') ?? 4030,
		host: values.host,
		publicUrl: values['public-url'],
		token: values.token,
		jobDurationMs: num('job-duration'),
		minIntervalMs: interval,
		messageShape: values['message-shape'] as MessageShape | undefined,
		imageSize: num('image-size'),
		protectImages: values['protect-images'],
		webhookUrl: values['webhook-url'],
		progressWebhooks: values['progress-webhooks'],
		webhookRetries: num('webhook-retries'),
		webhookRetryDelayMs: num('webhook-retry-delay'),
		minuteMs: num('minute-ms'),
		bannedWords: values['banned-words']
			?.split(',')
			.map((w) => w.trim())
			.filter(Boolean),
		listSeedButton: values['list-seed-button'],
		fastHours: num('fast-hours'),
		log: values.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	});
	for (const rule of faults) emu.addFault(rule);
	// Handlers first: whoever reads the banner may signal at once.
	let stopping: Promise<void> | undefined;
	const stop = (signal: NodeJS.Signals) => {
		stopping ??= (async () => {
			process.stdout.write(`${signal}: stopping the TheNextLeg emulator\n`);
			await emu.close();
			process.exit(0);
		})();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const banner = [
		`TheNextLeg emulator listening on ${emu.baseUrl}`,
		`  Base URL (n8n credential): ${emu.baseUrl}   (root routes: ${emu.url}/getImage, ${emu.url}/upscale-img-url)`,
		`  Auth: Authorization: Bearer <the --token value${values.token === undefined ? ', default "test-token"' : ''}>`,
		`  Rate limit: ${interval === 0 ? 'off' : `one request per ${interval} ms per token (429 + Retry-After)`}`,
		`  Images: ${emu.url}/cdn/...`,
		`  Control API (loopback only): ${emu.url}/__emulator`,
		...CONTROL_ROUTES.map((r) => `    ${r}`),
		`  Faults: ${faults.length ? `${faults.length} rule(s) active` : 'none'}`,
	];
	process.stdout.write(`${banner.join('\n')}\n`);
}

start().catch((err: Error) => {
	process.stderr.write(`thenextleg emulator: ${err.message}\n`);
	process.exit(1);
});
