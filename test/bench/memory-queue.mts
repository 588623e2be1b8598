// The memory benchmark's queue-mode part: real n8n 2.41 in queue mode (test/e2e/queue-cluster.mts:
// Postgres, Redis, main, ONE worker, a webhook processor), binary data in the mode n8n uses
// there, `database` (the worker streams nothing to disk: n8n's DatabaseManager.store reads each
// file into one Buffer and INSERTs it into Postgres' binary_data table). The batch example
// workflow (Manual Trigger -> prompts -> Split Out -> Legnext Imagine, Download: grid) is run
// manually, which n8n offloads to the worker. The worker measures itself with the same sampler
// as the single-process figures (memory-worker-preload.mts, loaded through NODE_OPTIONS, so its
// `--expose-gc` applies to that process only); one 2-prompt run warms it up, then each 50-prompt
// run is measured from a baseline taken just before it.
//   npx tsx test/bench/memory-queue.mts [count] [runs] [gcTicks]    # alone, prints JSON lines
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startQueueCluster } from '../e2e/queue-cluster.mts';
import { loadExample } from '../e2e/legnext-support.mts';
import { BENCH_API_KEY, ROOT, startExternalEmulator } from './common.mts';
import type { MemoryFigures } from './memory-sampler.mts';

export interface QueueFigures extends MemoryFigures {
	pid: number;
	node: string;
	n8n: string;
	binaryDataMode: string;
	executionMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForFile(
	path: string,
	what: string,
	timeoutMs: number,
	errorFile: string,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (!existsSync(path)) {
		if (existsSync(errorFile))
			throw new Error(`worker sampler failed: ${readFileSync(errorFile, 'utf8')}`);
		if (Date.now() > deadline) throw new Error(`worker sampler: no ${what} within ${timeoutMs} ms`);
		await sleep(100);
	}
	return readFileSync(path, 'utf8');
}

/** Runs `runs` measured executions of `count` prompts on one queue-mode worker. */
export async function measureQueueMode({
	count = 50,
	resultBytes = 4 * 1024 * 1024,
	runs = 3,
	/** A forced-GC sample in the worker every gcTicks x 5 ms; 0: no sampling, wall time only. */
	gcTicks = 5,
	/** The built package to install (default: this repo); e.g. a copy with a patched dist/. */
	packageRoot = ROOT,
	onRun = (_f: QueueFigures) => {},
} = {}): Promise<QueueFigures[]> {
	const dir = mkdtempSync(join(tmpdir(), 'memory-queue-'));
	const emu = await startExternalEmulator([
		'--job-duration',
		'2000',
		'--image-bytes',
		String(resultBytes / 4),
	]);
	const cluster = await startQueueCluster({
		nodePackages: [packageRoot],
		workers: 1,
		roleEnv: {
			worker: {
				NODE_OPTIONS: `--expose-gc --import ${join(ROOT, 'test', 'bench', 'memory-worker-preload.mts')}`,
				MEMORY_BENCH_DIR: dir,
				MEMORY_BENCH_GC_TICKS: String(gcTicks || 5),
			},
		},
	});
	try {
		const cred = await cluster.api.createCredential('legnextApi', 'Legnext (memory benchmark)', {
			apiKey: BENCH_API_KEY,
			baseUrl: emu.baseUrl,
			webhookSecret: 'bench-webhook-secret',
		});
		const workflow = async (n: number) => {
			const json = loadExample('legnext-batch-prompts', { id: cred.id, name: cred.name });
			json.name = `memory benchmark, ${n} prompts`;
			const prompts = json.nodes.find((node) => node.name === 'Prompts')!;
			const assignments = (
				prompts.parameters as { assignments: { assignments: Array<{ value: string }> } }
			).assignments;
			assignments.assignments[0].value = `={{ Array.from({ length: ${n} }, (_, i) => 'memory benchmark ' + i) }}`;
			const imagine = json.nodes.find((node) => node.name === 'Imagine')!;
			(imagine.parameters as { options: Record<string, unknown> }).options = {
				download: 'grid',
				timeout: 900,
			};
			return await cluster.api.importWorkflow(json);
		};
		const execute = async (id: string) => {
			const started = Date.now();
			const { executionId } = await cluster.api.runWorkflowManually(id);
			if (!executionId) throw new Error('the manual run did not start an execution');
			console.error(`[memory-queue] execution ${executionId} started`);
			const exec = await cluster.api.waitForExecution({
				id: executionId,
				timeoutMs: 15 * 60_000,
				intervalMs: 1000,
			});
			console.error(
				`[memory-queue] execution ${executionId} ${exec.status} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
			);
			if (exec.status !== 'success')
				throw new Error(`execution ${executionId} ended ${exec.status}`);
			const worker = cluster.workerOf(executionId);
			if (worker !== cluster.workers[0])
				throw new Error(`execution ${executionId} did not run on the measured worker`);
			const items = (exec.data.resultData.runData.Imagine?.[0]?.data?.main?.[0] ?? []) as Array<{
				binary?: Record<string, { bytes?: number; id?: string }>;
			}>;
			const sizes = items.map((item) => Number(item.binary?.data?.bytes ?? 0));
			if (
				!items.length ||
				items.some((item) => !item.binary?.data?.id?.startsWith(`${cluster.binaryDataMode}:`))
			) {
				throw new Error(
					`Imagine output without ${cluster.binaryDataMode} binaries: ${JSON.stringify(items[0]).slice(0, 500)}`,
				);
			}
			return { sizes, ms: Date.now() - started };
		};
		const warm = await workflow(2);
		const measured = await workflow(count);
		await execute(warm.id);
		const figures: QueueFigures[] = [];
		for (let run = 0; run < runs; run++) {
			if (gcTicks === 0) {
				// Wall time only, the worker not sampled (sampling slows it down: every forced GC
				// of its heap takes 0.3-1 s here).
				const { sizes, ms } = await execute(measured.id);
				const entry = {
					files: sizes.length,
					fileBytes: Math.max(...sizes),
					executionMs: ms,
				} as QueueFigures;
				figures.push(entry);
				onRun(entry);
				continue;
			}
			for (const f of ['started', 'figures.json']) rmSync(join(dir, f), { force: true });
			writeFileSync(join(dir, 'start'), '');
			await waitForFile(join(dir, 'started'), 'baseline', 60_000, join(dir, 'error'));
			const { sizes, ms } = await execute(measured.id);
			writeFileSync(join(dir, 'stop'), JSON.stringify(sizes));
			const result = JSON.parse(
				await waitForFile(join(dir, 'figures.json'), 'figures', 120_000, join(dir, 'error')),
			) as QueueFigures;
			const entry = {
				...result,
				n8n: cluster.version,
				binaryDataMode: cluster.binaryDataMode,
				executionMs: ms,
			};
			figures.push(entry);
			onRun(entry);
		}
		return figures;
	} finally {
		await cluster.stop();
		await emu.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[1] && /memory-queue\.mts$/.test(process.argv[1])) {
	const [count, runs, gcTicks] = process.argv.slice(2).map(Number);
	await measureQueueMode({
		count: count || 50,
		runs: runs || 1,
		gcTicks: Number.isNaN(gcTicks) || gcTicks === undefined ? 5 : gcTicks,
		packageRoot: process.env.MEMORY_QUEUE_PACKAGE || ROOT,
		onRun: (f) => console.log(JSON.stringify(f)),
	});
	process.exit(0);
}
