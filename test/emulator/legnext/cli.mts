// Command line: `npx tsx test/emulator/legnext/cli.mts [flags]` (also `npm run emulator -- [flags]`).
import process from 'node:process';
import { parseArgs } from 'node:util';

import { parseFaultSpec, startLegnextEmulator } from './index.mts';
import { CONTROL_ROUTES } from './control.mts';
import { CALLBACK_SHAPES, type CallbackShape } from './shapes.mts';

function shapeFlag(value: string | undefined): CallbackShape | undefined {
	if (value === undefined) return undefined;
	if (!CALLBACK_SHAPES.includes(value as CallbackShape)) {
		throw new Error(`--callback-shape must be one of ${CALLBACK_SHAPES.join(', ')}, got "${value}"`);
	}
	return value as CallbackShape;
}

const HELP = `Legnext emulator: a local stand-in for https://api.legnext.ai/api (see test/emulator/README.md)

Usage: npx tsx test/emulator/legnext/cli.mts [flags]

  --port N                 port to listen on (default 4010; 0 = random)
  --host H                 interface (default 127.0.0.1)
  --public-url URL         origin used in result file URLs (default http://HOST:PORT)
  --api-key KEY            the one valid x-api-key (default test-api-key)
  --job-duration MS        submit -> completed time (default 3000)
  --image-size PX          side of each of the 4 images (default 256)
  --image-bytes N          make each image PNG ~N bytes of noise (memory benchmarks)
  --credits N              starting available_credits (default 1000000)
  --rate-limit N           requests per second per key before 429 (default: none)
  --callback-retries N     retries of a callback without a 2xx (default 3)
  --callback-retry-delay MS first retry delay, doubling (default 500)
  --progress-callbacks     also POST the job on status/progress changes
  --callback-shape S       callback body: job (default), data, camel or data-camel
  --no-progress            leave the undocumented \`progress\` field out of jobs
  --fault SPEC             add a fault rule (repeatable), e.g.
                           'POST /v1/diffusion status=429 retry-after=2 times=1'
                           KIND: status=CODE | delay=MS | reset | malformed |
                                 accept-then-hang[=MS] | fail-job [message="..."] [code=N]
                           times=N|inf (default 1)
  --quiet                  no request log
  --help                   this text
`;

function main(): void {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			'public-url': { type: 'string' },
			'api-key': { type: 'string' },
			'job-duration': { type: 'string' },
			'image-size': { type: 'string' },
			'image-bytes': { type: 'string' },
			credits: { type: 'string' },
			'rate-limit': { type: 'string' },
			'callback-retries': { type: 'string' },
			'callback-retry-delay': { type: 'string' },
			'progress-callbacks': { type: 'boolean' },
			'callback-shape': { type: 'string' },
			'no-progress': { type: 'boolean' },
			fault: { type: 'string', multiple: true },
			quiet: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(HELP);
		return;
	}
	const num = (name: string, v: string | undefined): number | undefined => {
		if (v === undefined) return undefined;
		const n = Number(v);
		if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number >= 0, got "${v}"`);
		return n;
	};
	const faults = (values.fault ?? []).map(parseFaultSpec);

	void startLegnextEmulator({
		port: num('port', values.port) ?? 4010,
		host: values.host,
		publicUrl: values['public-url'],
		apiKey: values['api-key'],
		jobDurationMs: num('job-duration', values['job-duration']),
		imageSize: num('image-size', values['image-size']),
		imageBytes: num('image-bytes', values['image-bytes']),
		credits: num('credits', values.credits),
		rateLimitPerSecond: num('rate-limit', values['rate-limit']),
		callbackRetries: num('callback-retries', values['callback-retries']),
		callbackRetryDelayMs: num('callback-retry-delay', values['callback-retry-delay']),
		progressCallbacks: values['progress-callbacks'],
		callbackShape: shapeFlag(values['callback-shape']),
		reportProgress: !values['no-progress'],
		log: values.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	}).then((emu) => {
		faults.forEach((f) => emu.addFault(f));
		process.stdout.write(
			[
				`Legnext emulator listening on ${emu.baseUrl}`,
				`  API base URL (n8n credential): ${emu.baseUrl}`,
				`  Auth: header x-api-key = the value of --api-key (default "test-api-key")`,
				`  Result files: ${emu.url}/cdn/...`,
				`  Control API (loopback only): ${emu.url}/__emulator`,
				...CONTROL_ROUTES.map((r) => `    ${r}`),
				faults.length ? `  Faults: ${faults.length} rule(s) active` : '  Faults: none',
				'',
			].join('\n'),
		);
		let stopping = false;
		const stop = (signal: string) => {
			if (stopping) return;
			stopping = true;
			process.stdout.write(`${signal}: stopping the Legnext emulator\n`);
			void emu.close().then(() => process.exit(0));
		};
		process.on('SIGINT', () => stop('SIGINT'));
		process.on('SIGTERM', () => stop('SIGTERM'));
	}, fail);
}

function fail(err: Error): void {
	process.stderr.write(`legnext emulator: ${err.message}\n`);
	process.exit(1);
}

try {
	main();
} catch (err) {
	fail(err as Error);
}
