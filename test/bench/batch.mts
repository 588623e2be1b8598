// 50 prompts in one execution, Wait for Result, 5 s jobs: is the batch about one job's time
// (target <= 1.5x), and how does it compare to running them one after another?
import { runNode } from '../harness/index.mts';
import { credentials, report, seconds, startExternalEmulator } from './common.mts';

const LEGNEXT = 'n8n-nodes-midjourney-api.legnext';

export async function batchBenchmark({
	items = 50,
	loopItems = 50,
	jobMs = 5000,
} = {}): Promise<void> {
	const emu = await startExternalEmulator(['--job-duration', String(jobMs)]);
	try {
		const parameters = { resource: 'image', operation: 'imagine', prompt: '={{ $json.prompt }}' };
		const input = (n: number) =>
			Array.from({ length: n }, (_, i) => ({ prompt: `benchmark prompt ${i}` }));
		const run = async (n: number) => {
			const started = Date.now();
			const result = await runNode({ type: LEGNEXT, parameters }, input(n), {
				credentials: credentials(emu.baseUrl),
				timeoutMs: 30 * 60_000,
			});
			if (result.error) throw new Error(`run failed: ${result.error.message}`);
			if (result.items.length !== n)
				throw new Error(`expected ${n} items, got ${result.items.length}`);
			return Date.now() - started;
		};

		await run(1); // warm-up: module loading, JIT
		const single = await run(1);
		const batch = await run(items);
		let loop = 0;
		for (let i = 0; i < loopItems; i++) loop += await run(1);

		report(`Batch: ${items} prompts in one execution, ${jobMs / 1000} s jobs, Wait for Result`, [
			['one job, alone', seconds(single)],
			[`${items} jobs, one execution`, seconds(batch)],
			['batch / one job', `${(batch / single).toFixed(2)}x`, 'target <= 1.5x'],
			[`${loopItems} jobs one after another`, seconds(loop)],
			[
				'loop / batch',
				`${(loop / batch).toFixed(1)}x`,
				`(${loopItems} sequential single-item runs)`,
			],
		]);
	} finally {
		await emu.stop();
	}
}
