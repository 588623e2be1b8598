// APIFRAME batch-aware waiting (issue 9, point 3): 50 prompts in one execution, Wait for Result.
// Prints the status reads per poll round (the requests the watcher sends together) from the
// emulator's records: /fetch-many carries up to 20 ids, so the target is <= 3 reads per round, where one
// /fetch per task would be 50.
//   npm run bench -- apiframe
import { startApiframeEmulator } from '../emulator/apiframe/index.mts';
import { pollRounds, READ_DELAY_MS, READ_DELAYS } from '../apiframe/poll-rounds.mts';
import { runNode } from '../harness/index.mts';
import { BENCH_API_KEY, report, seconds } from './common.mts';

const APIFRAME = 'n8n-nodes-midjourney-api.apiframe';

export async function apiframeBenchmark({ items = 50, durations = [5_000, 20_000] } = {}): Promise<void> {
	for (const jobMs of durations) {
		const emu = await startApiframeEmulator({ apiKey: BENCH_API_KEY, jobDurationMs: jobMs, imageSize: 8 });
		// Status reads answer after READ_DELAY_MS, like a real API, which also tells rounds apart.
		for (const rule of READ_DELAYS) emu.addFault(rule);
		try {
			const started = Date.now();
			const result = await runNode(
				{ type: APIFRAME, parameters: { resource: 'image', operation: 'imagine', prompt: '={{ $json.prompt }}' } },
				Array.from({ length: items }, (_, i) => ({ prompt: `benchmark prompt ${i}` })),
				{
					credentials: { apiframeApi: { apiKey: BENCH_API_KEY, webhookSecret: 'bench-webhook-secret', baseUrl: emu.baseUrl } },
					timeoutMs: 10 * 60_000,
				},
			);
			const elapsed = Date.now() - started;
			if (result.error) throw new Error(`run failed: ${result.error.message}`);
			if (result.items.length !== items) throw new Error(`expected ${items} items, got ${result.items.length}`);
			const rounds = pollRounds(emu.requests);
			const calls = emu.statusReadCalls();
			report(`APIFRAME: ${items} prompts in one execution, ${jobMs / 1000} s jobs, Wait for Result (reads answered in ${READ_DELAY_MS} ms)`, [
				['run time', seconds(elapsed)],
				['poll rounds', String(rounds.callsPerRound.length)],
				['reads per round, most', String(Math.max(...rounds.callsPerRound)), 'target <= 3'],
				['reads per round, each', rounds.callsPerRound.join(' ')],
				['tasks read per round', rounds.tasksPerRound.join(' ')],
				['status reads in all', `${calls.fetch + calls.fetchMany}`, `(${calls.fetchMany} fetch-many, ${calls.fetch} fetch)`],
				['one /fetch per task would be', String(rounds.tasksPerRound.reduce((a, b) => a + b, 0)), '(reads of the same rounds)'],
				['most ids in one fetch-many', String(rounds.largestFetchMany), 'API limit 20'],
			]);
		} finally {
			await emu.close();
		}
	}
}
