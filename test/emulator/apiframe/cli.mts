// Command line: `npx tsx test/emulator/apiframe/cli.mts [flags]`. Never prints the API key.
import process from 'node:process';
import { parseArgs } from 'node:util';

import { CONTROL_ROUTES } from './control.mts';
import { parseFaultSpec, startApiframeEmulator, type ApiframeEmulatorOptions } from './index.mts';

const USAGE = `APIFRAME emulator: a local stand-in for https://api.apiframe.pro (see test/emulator/apiframe/README.md)

Usage: npx tsx test/emulator/apiframe/cli.mts [flags]

  --port N                  port to listen on (default 4020; 0 = random)
  --host H                  interface (default 127.0.0.1)
  --public-url URL          origin used in result file URLs (default http://HOST:PORT)
  --api-key KEY             the one valid key, sent raw in Authorization (default test-api-key)
  --accept-bearer           also accept "Authorization: Bearer KEY" (default: 401)
  --job-duration MS         submit -> final result time (default 3000)
  --image-size PX           side of each of the 4 images (default 256)
  --image-bytes N           make each image PNG ~N bytes of noise (memory benchmarks)
  --credits N               starting account credits (default 100000)
  --rate-limit N            requests per second before 429 + Retry-After (default: none)
  --final-shape S           no-status | finished (default no-status)
  --failure-shape S         message | error | both (default message)
  --video-shape S           video_urls | videoUrl (default video_urls)
  --no-progress-webhooks    POST only the final result to webhook_url
  --webhook-retries N       retries of a final webhook without a 2xx (default 3)
  --webhook-retry-delay MS  first retry delay, doubling (default 500)
  --fault SPEC              inject a fault (repeatable); the Legnext text form with
                            APIFRAME paths, e.g. 'POST /imagine status=429 retry-after=2'
                            or '/fetch delay=800 times=inf' or 'POST /imagine fail-job';
                            kinds: status, delay, reset, malformed, accept-then-hang,
                            fail-job; times=N|inf, 1 by default
  --quiet                   do not log requests
  --help                    print this and exit
`;

/** Flags that take a value (all but --fault once) and on/off switches. */
const VALUE_FLAGS = [
	'port',
	'host',
	'public-url',
	'api-key',
	'job-duration',
	'image-size',
	'image-bytes',
	'credits',
	'rate-limit',
	'final-shape',
	'failure-shape',
	'video-shape',
	'webhook-retries',
	'webhook-retry-delay',
] as const;
const SWITCHES = ['accept-bearer', 'no-progress-webhooks', 'quiet', 'help'] as const;

type Flags = Partial<Record<(typeof VALUE_FLAGS)[number], string>> &
	Partial<Record<(typeof SWITCHES)[number], boolean>> & { fault?: string[] };

function readFlags(argv: string[]): Flags {
	const options: Record<
		string,
		{ type: 'string' | 'boolean'; multiple?: boolean; short?: string }
	> = { fault: { type: 'string', multiple: true } };
	for (const name of VALUE_FLAGS) options[name] = { type: 'string' };
	for (const name of SWITCHES) options[name] = { type: 'boolean' };
	options.help.short = 'h';
	return parseArgs({ args: argv, options, strict: true }).values as Flags;
}

/** A non-negative number flag, or undefined when absent. */
function amount(flags: Flags, name: (typeof VALUE_FLAGS)[number]): number | undefined {
	const text = flags[name];
	if (text === undefined) return undefined;
	const n = Number(text);
	if (text.trim() === '' || !Number.isFinite(n) || n < 0)
		throw new Error(`--${name} needs a number >= 0, got "${text}"`);
	return n;
}

async function main(): Promise<void> {
	const flags = readFlags(process.argv.slice(2));
	if (flags.help) return void process.stdout.write(USAGE);

	const rules = (flags.fault ?? []).map((spec) => parseFaultSpec(spec));
	type Opts = ApiframeEmulatorOptions;
	const options: Opts = {
		port: amount(flags, 'port') ?? 4020,
		host: flags.host,
		publicUrl: flags['public-url'],
		apiKey: flags['api-key'],
		acceptBearer: flags['accept-bearer'],
		jobDurationMs: amount(flags, 'job-duration'),
		imageSize: amount(flags, 'image-size'),
		imageBytes: amount(flags, 'image-bytes'),
		credits: amount(flags, 'credits'),
		rateLimitPerSecond: amount(flags, 'rate-limit'),
		finalShape: flags['final-shape'] as Opts['finalShape'],
		failureShape: flags['failure-shape'] as Opts['failureShape'],
		videoShape: flags['video-shape'] as Opts['videoShape'],
		progressWebhooks: !flags['no-progress-webhooks'],
		webhookRetries: amount(flags, 'webhook-retries'),
		webhookRetryDelayMs: amount(flags, 'webhook-retry-delay'),
		log: flags.quiet
			? undefined
			: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	};
	const emu = await startApiframeEmulator(options);
	for (const rule of rules) emu.addFault(rule);

	const lines = [
		`APIFRAME emulator listening on ${emu.baseUrl}`,
		`  API base URL (n8n credential): ${emu.baseUrl}`,
		`  Auth: header "Authorization: <key>" with the --api-key value, no Bearer prefix${options.acceptBearer ? ' (Bearer accepted too)' : ''}`,
		`  Result files: ${emu.url}/cdn/...`,
		`  Control API (loopback only): ${emu.url}/__emulator`,
		...CONTROL_ROUTES.map((route) => `    ${route}`),
		`  Faults: ${rules.length ? `${rules.length} rule(s) active` : 'none'}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	let closing: Promise<void> | undefined;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			if (closing) return;
			process.stdout.write(`${signal}: stopping the APIFRAME emulator\n`);
			closing = emu.close().then(() => process.exit(0));
		});
	}
}

main().catch((err: Error) => {
	process.stderr.write(`apiframe emulator: ${err.message}\n`);
	process.exit(1);
});
