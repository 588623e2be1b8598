// Waiting (Chub has no callbacks: Submit Only or Wait for Result, the core's timeout and failure
// handling) and secrets: the API key never reaches outputs, errors or logs, even when the server
// echoes it back.
import { describe, expect, it } from 'vitest';

import { FAIL_MARKER, type ChubEmulator } from '../emulator/chub/index.mts';
import { loadPackageTypes } from '../harness/index.mts';
import {
	API_KEY,
	binaryItem,
	calls,
	CHUB,
	chub,
	op,
	startEmulator,
	WAV_BYTES,
	type ChubRun,
} from './support.mts';

/** Each test (and each secrets scenario) has its own emulator, so they run side by side. */
async function withEmulator<T>(test: (emu: ChubEmulator) => Promise<T>): Promise<T> {
	const emu = await startEmulator();
	try {
		return await test(emu);
	} finally {
		await emu.close();
	}
}

const textToImage = (prompt: string, extra = {}) =>
	op('image', 'textToImage', { prompt, ...extra });

describe.concurrent('wait modes', () => {
	it('offers only Submit Only and Wait for Result: Chub cannot call back', async () => {
		const { nodeTypes } = await loadPackageTypes();
		const waitMode = nodeTypes[CHUB].description.properties.find((p) => p.name === 'waitMode');
		expect(waitMode?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual([
			'submit',
			'wait',
		]);
	});

	it('Submit Only outputs the queued task at once, without reading /check', () =>
		withEmulator(async (emu) => {
			const run = await chub(emu, textToImage('quick', { waitMode: 'submit' }));
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toMatchObject({
				status: 'queued',
				taskType: 'text2img',
				queueLength: 3,
				usage: { cost: 25 },
				imageUrls: [],
			});
			expect(calls(emu, 'POST', '/check')).toHaveLength(0);
		}));

	it('stops at the timeout, says the task keeps running, and does not submit again', () =>
		withEmulator(async (emu) => {
			emu.setJobDurationMs(8000);
			const started = Date.now();
			const run = await chub(emu, textToImage('slow', { options: { timeout: 2 } }));
			expect(Date.now() - started).toBeLessThan(6000);
			expect(run.error?.message).toMatch(
				/^Chub Imagine job [0-9a-f-]{36} is still queued after 2 s$/,
			);
			expect(run.error?.description).toMatch(/Task > Get/);
			expect(calls(emu, 'POST', '/images/text2img')).toHaveLength(1);
		}));

	it('a failed task gives an error item under Continue On Fail; the other items go on', () =>
		withEmulator(async (emu) => {
			const run = await chub(
				emu,
				textToImage('={{ $json.p }}'),
				[{ p: 'fine' }, { p: `broken ${FAIL_MARKER}` }],
				{ continueOnFail: true },
			);
			expect(run.error).toBeUndefined();
			expect(run.items[0].json.status).toBe('completed');
			expect(String(run.items[1].json.error)).toMatch(/^Chub Imagine job [0-9a-f-]{36} failed: /);
		}));
});

/** Everything reachable from a value, errors' hidden fields (message, stack, cause) included. */
function dump(value: unknown, seen = new WeakSet<object>()): string {
	if (value === null || typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.toString('latin1');
	const keys = new Set([...Object.getOwnPropertyNames(value), ...Object.keys(value)]);
	return [...keys]
		.map((key) => `${key}=${dump((value as Record<string, unknown>)[key], seen)}`)
		.join('\n');
}

function expectNoKey(run: ChubRun, label: string) {
	const everything = [dump(run.items), dump(run.error), dump(run.run), run.logs.join('\n')].join(
		'\n',
	);
	expect(everything.includes(API_KEY), `${label} leaks the API key`).toBe(false);
}

describe('secrets', () => {
	// Transport failures (a refused connection, ~10 s of retries) are the core's and are scanned
	// in Legnext's secrets test; a timeout after sending is scanned here.
	it('the API key reaches no output, error or log', async () => {
		const wav = [binaryItem(WAV_BYTES, { fileName: 'a.wav', mimeType: 'audio/wav' })];
		const scenarios: Array<[string, (emu: ChubEmulator) => Promise<ChubRun>]> = [
			[
				'success with binaries',
				(emu) => chub(emu, textToImage('ok', { options: { download: 'results' } })),
			],
			[
				'Bearer header',
				(emu) =>
					chub(emu, textToImage('ok', { waitMode: 'submit' }), [{}], {
						credentialOverrides: { authHeader: 'bearer' },
					}),
			],
			['speech to text upload', (emu) => chub(emu, op('audio', 'speechToText', {}), wav)],
			[
				'wrong key (401)',
				(emu) =>
					chub(emu, textToImage('x'), [{}], {
						credentialOverrides: { apiKey: `${API_KEY}-wrong` },
					}),
			],
			[
				'a server that echoes the key in its error',
				async (emu) => {
					emu.addFault({
						method: 'POST',
						path: '/images/text2img',
						kind: 'status',
						status: 400,
						body: { error: `bad key ${API_KEY}`, errorCode: 400, code: 0 },
					});
					return await chub(emu, textToImage('x'));
				},
			],
			[
				'a server that echoes the key in a 422 detail',
				async (emu) => {
					emu.addFault({
						method: 'POST',
						path: '/images/text2img',
						kind: 'status',
						status: 422,
						body: { detail: [{ loc: ['header', 'ch-api-key'], msg: `unknown ${API_KEY}` }] },
					});
					return await chub(emu, textToImage('x'));
				},
			],
			[
				'timeout after send',
				async (emu) => {
					emu.addFault({
						method: 'POST',
						path: '/images/text2img',
						kind: 'accept-then-hang',
						ms: 3000,
					});
					return await chub(emu, textToImage('x', { options: { requestTimeout: 1 } }));
				},
			],
			[
				'failed task, continue on fail',
				(emu) => chub(emu, textToImage(`x ${FAIL_MARKER}`), [{}], { continueOnFail: true }),
			],
			['over budget', (emu) => chub(emu, textToImage('x', { options: { budget: 1 } }))],
			['invalid input', (emu) => chub(emu, textToImage('={{ "" }}'))],
		];
		const runs = await Promise.all(
			scenarios.map(async ([label, scenario]) => [label, await withEmulator(scenario)] as const),
		);
		for (const [label, run] of runs) {
			expect(run.items.length + (run.error ? 1 : 0), label).toBeGreaterThan(0);
			expectNoKey(run, label);
		}
		// The echoed key was scrubbed from the message, which still says what the server said.
		const [, echoed] = runs.find(
			([label]) => label === 'a server that echoes the key in its error',
		)!;
		expect(echoed.error?.message).toBe('Chub Imagine: bad key ***');
	}, 60_000);

	it('the scan itself finds a key hidden in an error cause', () => {
		const planted = new Error('outer', { cause: { headers: { 'CH-API-KEY': API_KEY } } });
		expect(dump({ error: planted }).includes(API_KEY)).toBe(true);
	});
});
