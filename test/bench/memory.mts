// Memory while 50 results of ~4 MB each come down as binary data (npm run bench -- memory).
// Target (filesystem binary mode): retained growth <= 2x one file.
//
// Each figure comes from a child process (memory-child.mts, memory-layers.mts) that samples its
// own memory against a baseline taken after a 2-item warm-up; the emulator runs in a process of
// its own. memory-sampler.mts explains the views. In short:
//  - "retained (2 GCs)" is what the run really keeps referenced: heapUsed + external after two
//    back-to-back forced GCs. This is the figure the target is about.
//  - "retained, 1 GC" is the figure this benchmark printed before (15.3 MB = 3.8x one file):
//    heapUsed + external right after ONE forced GC. It also counts Buffers that GC has just
//    freed: V8 takes dead ArrayBuffers' bytes off `external` only when their (background) sweep
//    is finalised at the next GC. Those are the socket chunks of the last GC interval
//    (throughput x GC pause), hence a "fixed ~14 MB" that did not grow with file size. The
//    rows "freed but still counted" and the 64 KB-Buffer experiment print it; a plain
//    node:http download into fs.writeFile shows the same amount (layer rows).
//  - "held" (garbage included, at 5 ms ticks) and RSS are printed too.
// The layer rows run the same 50 downloads through one layer of the stack at a time (plain
// http + fs, n8n's HTTP client, n8n-core's prepareBinaryData, our downloadBinary) and the node
// without downloads, so the retained growth can be attributed. For heap snapshots of the run
// (what the new objects are, what holds the live Buffers), see memory-probe.mts.
//
// Queue mode (memory-queue.mts): real n8n 2.41 in queue mode (Postgres, Redis, main, one worker,
// webhook processor; test/e2e/queue-cluster.mts), binary data in `database` mode, the mode n8n
// uses there. The worker runs the batch example with 50 prompts and measures itself with the
// same sampler, a forced-GC sample every 200 ms (each GC of a worker's heap takes 0.3-1 s here;
// every 25 ms starves the worker). That store reads each file into one Buffer and the INSERT
// copies it, so a download in flight costs ~2x its file whatever the node does; the node downloads
// one file at a time there (resultItems). Needs the e2e install (test/e2e/install.mts, ~4 min the
// first time) and Postgres/Redis (installed when missing); BENCH_MEMORY_QUEUE=0 skips it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { mb, report, ROOT, seconds, startExternalEmulator } from './common.mts';
import { measureQueueMode } from './memory-queue.mts';
import type { MemoryFigures } from './memory-sampler.mts';

type Row = [string, string, string?];

function child<T>(script: string, args: string[]): T {
	const run = spawnSync(
		process.execPath,
		['--expose-gc', '--import', 'tsx', path.join(ROOT, 'test', 'bench', script), ...args],
		{ cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
	);
	const line = run.stdout.trim().split('\n').pop() ?? '';
	if (run.status !== 0 || !line.startsWith('{')) {
		throw new Error(`${script} ${args.slice(1).join(' ')} failed: ${run.stderr.slice(-2000)}`);
	}
	return JSON.parse(line) as T;
}

const measure = (baseUrl: string, mode: string, count: number, download = 'grid') =>
	child<MemoryFigures>('memory-child.mts', [baseUrl, mode, String(count), download]);
const layer = (baseUrl: string, name: string, count: number) =>
	child<MemoryFigures>('memory-layers.mts', [baseUrl, name, String(count)]);

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** Median of the runs, and their range when there are several. */
function spread(
	runs: MemoryFigures[],
	pick: (f: MemoryFigures) => number,
	format = mb,
): { value: string; range: string } {
	const values = runs.map(pick);
	const range =
		runs.length > 1
			? `${runs.length} runs ${format(Math.min(...values))}..${format(Math.max(...values))}`
			: '';
	return { value: format(median(values)), range };
}

function rowsFor(label: string, runs: MemoryFigures[], target: string): Row[] {
	const fileBytes = runs[0].fileBytes;
	const times = (pick: (f: MemoryFigures) => number) =>
		`${(median(runs.map(pick)) / fileBytes).toFixed(2)}x one file`;
	const row = (name: string, pick: (f: MemoryFigures) => number, note: string): Row => {
		const { value, range } = spread(runs, pick);
		return [
			`${label}: ${name}`,
			value,
			[`${times(pick)}${note ? ` ${note}` : ''}`, range].filter(Boolean).join('; '),
		];
	};
	const f = runs[0];
	const wall = spread(runs, (r) => r.wall, seconds);
	return [
		[
			`${label}: files x size`,
			`${f.files} x ${mb(fileBytes)}`,
			`${mb(f.totalBytes)} in all, ${wall.value}${wall.range ? ` (${wall.range})` : ''}`,
		],
		row('retained growth (2 GCs)', (r) => r.settledGrowth, target),
		row('  of it heap', (r) => r.settledHeap, ''),
		row('  of it external (Buffers)', (r) => r.settledExternal, ''),
		row(
			'  largest external part alone',
			(r) => r.settledExternalPeak,
			'(Buffers held, apart from heap drift)',
		),
		[
			`${label}:   heap spaces changed at the peak`,
			'',
			runs
				.map((r) =>
					Object.entries(r.peakSpaces)
						.map(([space, delta]) => `${space} ${delta >= 0 ? '+' : ''}${mb(delta)}`)
						.join(', '),
				)
				.join(' | '),
		],
		row('retained growth, 1 GC (old figure)', (r) => r.liveGrowth, ''),
		row(
			'  freed Buffers still counted',
			(r) => r.freedButCounted,
			'(largest 1-GC minus 2-GC external)',
		),
		row('held, garbage incl.', (r) => r.jsGrowth, ''),
		row('left after the run (2 GCs)', (r) => r.afterGrowth, '(output items, JIT code)'),
		row('RSS growth', (r) => r.rssGrowth, ''),
		[
			`${label}: forced-GC samples`,
			spread(runs, (r) => r.samples, String).value,
			`mean GC pause ${
				spread(
					runs,
					(r) => r.gcMs,
					(ms) => `${ms.toFixed(0)} ms`,
				).value
			}`,
		],
	];
}

/** Runs the emulator with result files of `resultBytes` (the grid is 2x2 of the images). */
async function withEmulator<T>(resultBytes: number, work: (baseUrl: string) => T): Promise<T> {
	const emu = await startExternalEmulator([
		'--job-duration',
		'2000',
		'--image-bytes',
		String(resultBytes / 4),
	]);
	try {
		return work(emu.baseUrl);
	} finally {
		await emu.stop();
	}
}

interface Lag {
	dropped: number;
	oneGc: { external: number; arrayBuffers: number };
	oneGcLater: { external: number; arrayBuffers: number };
	twoGcs: { external: number; arrayBuffers: number };
}

export async function memoryBenchmark({
	count = 50,
	resultBytes = 4 * 1024 * 1024,
	repeat = 3,
} = {}): Promise<void> {
	const rows: Row[] = [];
	const layerRows: Row[] = [];
	await withEmulator(resultBytes, (baseUrl) => {
		const runs = Array.from({ length: repeat }, () => measure(baseUrl, 'filesystem', count));
		rows.push(...rowsFor('filesystem', runs, '(target <= 2x)'));
		rows.push(
			...rowsFor(
				'default',
				[measure(baseUrl, 'default', count)],
				'(in-memory mode keeps every file)',
			),
		);

		const layerRow = (label: string, figures: MemoryFigures[]): Row => {
			const { value, range } = spread(figures, (r) => r.settledGrowth);
			return [
				label,
				value,
				`heap ${mb(median(figures.map((r) => r.settledHeap)))}, external ${mb(median(figures.map((r) => r.settledExternal)))}; ` +
					`1 GC: ${mb(median(figures.map((r) => r.liveGrowth)))} (freed Buffers still counted ${mb(median(figures.map((r) => r.freedButCounted)))})` +
					(range ? `; ${range}` : ''),
			];
		};
		layerRows.push(
			layerRow('node:http GET -> fs.promises.writeFile (n8n FsByteStore)', [
				layer(baseUrl, 'plain', count),
			]),
			layerRow("n8n's HTTP client (axios, stream) -> fs.promises.writeFile", [
				layer(baseUrl, 'outbound', count),
			]),
			layerRow("node:http GET -> n8n-core's prepareBinaryData", [layer(baseUrl, 'prepare', count)]),
			layerRow("our downloadBinary (n8n's client + prepareBinaryData)", [
				layer(baseUrl, 'download', count),
			]),
			layerRow('the whole Legnext node (runs above)', runs),
			layerRow(`the node without downloads (${count} jobs, no files)`, [
				measure(baseUrl, 'filesystem', count, 'none'),
			]),
		);
	});
	// Files 4x larger (fewer of them): if growth does not scale with file size, files stream.
	await withEmulator(resultBytes * 4, (baseUrl) => {
		rows.push(
			...rowsFor(
				'filesystem, 4x larger files',
				[measure(baseUrl, 'filesystem', Math.min(count, 12))],
				'',
			),
		);
	});
	const lag = child<Lag>('memory-layers.mts', ['-', 'lag', '0']);
	layerRows.push([
		`no network: ${mb(lag.dropped)} of 64 KB Buffers dropped, 1 GC: external`,
		`+${mb(lag.oneGc.external)}`,
		`(arrayBuffers +${mb(lag.oneGc.arrayBuffers)}, 0.1 s later +${mb(lag.oneGcLater.arrayBuffers)}); after a 2nd GC: external +${mb(lag.twoGcs.external)}`,
	]);
	if (process.env.BENCH_MEMORY_QUEUE !== '0') {
		const queue = await measureQueueMode({ count, resultBytes, runs: repeat, gcTicks: 40 });
		const q = queue[0];
		rows.push(
			[
				`queue mode: n8n, worker`,
				q.n8n,
				`Node ${q.node}, binary data mode "${q.binaryDataMode}", one worker (pid ${q.pid})`,
			],
			...rowsFor(`queue mode (${q.binaryDataMode}), worker`, queue, '(target <= 2x)'),
		);
	} else {
		rows.push(['queue mode', 'skipped', '(BENCH_MEMORY_QUEUE=0)']);
	}
	report(`Memory: ${count} results of ~${mb(resultBytes)} downloaded as binary`, rows);
	report(
		`Memory: retained growth (2 GCs) layer by layer, ${count} x ~${mb(resultBytes)}, filesystem mode, 4 at a time`,
		layerRows,
	);
}
