// Command line: `npx tsx test/emulator/chub/cli.mts [flags]`.
import process from 'node:process';
import { parseArgs } from 'node:util';

import { CONTROL_ROUTES } from './control.mts';
import { CHECK_SHAPE_NAMES, parseFaultSpec, startChubEmulator, type AuthHeader, type CheckShape, type RequestTypeMode } from './index.mts';

const HELP = `Chub.ai ("Imagine" API) emulator: a local stand-in for https://api.chub.ai (see test/emulator/chub/README.md)

Usage: npx tsx test/emulator/chub/cli.mts [flags]

  --port N                 port to listen on (default 4040; 0 = random)
  --host H                 interface (default 127.0.0.1)
  --public-url URL         origin used in result file URLs (default http://HOST:PORT)
  --api-key KEY            the one valid key (default CHK-test-key)
  --auth both|ch-api-key|bearer
                           accepted auth header(s) (default both)
  --job-duration MS        submit -> finished time (default 3000)
  --check-shape SHAPE      finished /check answer: ${CHECK_SHAPE_NAMES.join('|')} (default is_done)
  --request-type strict|lenient
                           /check request_type checking (default strict)
  --max-concurrent N       unfinished generations allowed at once; over it -> 429 (default: no limit)
  --credits N              starting credits (default 1000000)
  --queue-length N         queue_length on submit, counting down (default 3)
  --image-size PX          long side of generated PNGs (default 128)
  --no-preset-voices       start without the preset voice
  --fault SPEC             add a fault rule (repeatable), e.g.
                           'POST /images/text2img status=429 retry-after=2 times=1'
                           KIND: status=CODE | delay=MS | reset | malformed |
                                 accept-then-hang[=MS] | fail-job [message="..."]
                           times=N|inf (default 1)
  --quiet                  no request log
  --help                   this text
`;

const VALUE_FLAGS = ['port', 'host', 'public-url', 'api-key', 'auth', 'job-duration', 'check-shape', 'request-type', 'max-concurrent', 'credits', 'queue-length', 'image-size'] as const;
const OPTIONS = {
	...(Object.fromEntries(VALUE_FLAGS.map((flag) => [flag, { type: 'string' }])) as Record<(typeof VALUE_FLAGS)[number], { type: 'string' }>),
	fault: { type: 'string', multiple: true },
	'no-preset-voices': { type: 'boolean' },
	quiet: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
} as const;

function numberFlag(name: string, raw: string | undefined): number | undefined {
	if (raw === undefined) return undefined;
	const n = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number >= 0, got "${raw}"`);
	return n;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
	if (raw === undefined) return undefined;
	if (!(allowed as readonly string[]).includes(raw)) throw new Error(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
	return raw as T;
}

async function main(): Promise<void> {
	const { values: v } = parseArgs({ options: OPTIONS, strict: true });
	if (v.help) return void process.stdout.write(HELP);
	const faults = (v.fault ?? []).map(parseFaultSpec);
	const emu = await startChubEmulator({
		port: numberFlag('port', v.port) ?? 4040,
		host: v.host,
		publicUrl: v['public-url'],
		apiKey: v['api-key'],
		authHeader: oneOf<AuthHeader>('auth', v.auth, ['both', 'ch-api-key', 'bearer']),
		jobDurationMs: numberFlag('job-duration', v['job-duration']),
		checkShape: oneOf<CheckShape>('check-shape', v['check-shape'], CHECK_SHAPE_NAMES),
		checkRequestType: oneOf<RequestTypeMode>('request-type', v['request-type'], ['strict', 'lenient']),
		maxConcurrentGenerations: numberFlag('max-concurrent', v['max-concurrent']),
		credits: numberFlag('credits', v.credits),
		queueLength: numberFlag('queue-length', v['queue-length']),
		imageSize: numberFlag('image-size', v['image-size']),
		presetVoices: !v['no-preset-voices'],
		log: v.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	});
	for (const f of faults) emu.addFault(f);
	const lines = [
		`Chub emulator listening on ${emu.baseUrl}`,
		`  API base URL (n8n credential): ${emu.baseUrl}`,
		'  Auth: header CH-API-KEY or Authorization: Bearer, with the value of --api-key (default "CHK-test-key")',
		`  /check finished shape: ${v['check-shape'] ?? 'is_done'}; request_type: ${v['request-type'] ?? 'strict'}`,
		`  Result files: ${emu.url}/cdn/...`,
		`  Control API (loopback only): ${emu.url}/__emulator`,
		...CONTROL_ROUTES.map((r) => `    ${r}`),
		`  Faults: ${faults.length ? `${faults.length} rule(s) active` : 'none'}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.on(signal, () => {
			if (stopping) return;
			stopping = true;
			process.stdout.write(`${signal}: stopping the Chub emulator\n`);
			void emu.close().then(() => process.exit(0));
		});
}

main().catch((err: Error) => {
	process.stderr.write(`chub emulator: ${err.message}\n`);
	process.exit(1);
});
