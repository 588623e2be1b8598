// Peak memory while 50 results of ~4 MB each come down as binary data.
// Target (filesystem binary mode): growth <= 2x one file.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { mb, report, ROOT, seconds, startExternalEmulator } from './common.mts';

interface Figures {
	mode: string;
	files: number;
	fileBytes: number;
	totalBytes: number;
	jsGrowth: number;
	liveGrowth: number;
	rssGrowth: number;
	wall: number;
}

function measure(baseUrl: string, mode: string, count: number): Figures {
	const child = spawnSync(
		process.execPath,
		[
			'--expose-gc',
			'--import',
			'tsx',
			path.join(ROOT, 'test', 'bench', 'memory-child.mts'),
			baseUrl,
			mode,
			String(count),
		],
		{ cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
	);
	const line = child.stdout.trim().split('\n').pop() ?? '';
	if (child.status !== 0 || !line.startsWith('{')) {
		throw new Error(`memory run (${mode}) failed: ${child.stderr.slice(-2000)}`);
	}
	return JSON.parse(line) as Figures;
}

function rowsFor(label: string, f: Figures, target: string): Array<[string, string, string?]> {
	const times = (bytes: number) => `${(bytes / f.fileBytes).toFixed(2)}x one file`;
	return [
		[
			`${label}: files x size`,
			`${f.files} x ${mb(f.fileBytes)}`,
			`${mb(f.totalBytes)} in all, ${seconds(f.wall)}`,
		],
		[`${label}: retained (after GC) growth`, mb(f.liveGrowth), `${times(f.liveGrowth)} ${target}`],
		[`${label}: heap+external growth, garbage incl.`, mb(f.jsGrowth), times(f.jsGrowth)],
		[`${label}: RSS growth`, mb(f.rssGrowth), times(f.rssGrowth)],
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

export async function memoryBenchmark({
	count = 50,
	resultBytes = 4 * 1024 * 1024,
} = {}): Promise<void> {
	const rows: Array<[string, string, string?]> = [];
	await withEmulator(resultBytes, (baseUrl) => {
		rows.push(...rowsFor('filesystem', measure(baseUrl, 'filesystem', count), '(target <= 2x)'));
		rows.push(
			...rowsFor(
				'default',
				measure(baseUrl, 'default', count),
				'(in-memory mode keeps every file)',
			),
		);
	});
	// Files 4x larger (fewer of them): if growth does not scale with file size, files stream.
	await withEmulator(resultBytes * 4, (baseUrl) => {
		rows.push(
			...rowsFor(
				'filesystem, 4x larger files',
				measure(baseUrl, 'filesystem', Math.min(count, 12)),
				'',
			),
		);
	});
	report(`Memory: ${count} results of ~${mb(resultBytes)} downloaded as binary`, rows);
}
