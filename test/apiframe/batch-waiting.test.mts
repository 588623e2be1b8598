// Batch-aware waiting (issue point 3): a run that waits for many tasks reads them with
// /fetch-many, up to 20 per call, instead of one /fetch per task: for a batch of 50 that is at
// most 3 status reads per poll round. The figures are printed by `npm run bench -- apiframe`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pollRounds, READ_DELAYS } from './poll-rounds.mts';
import { apiframe, imagine, startEmulator, type ApiframeEmulator } from './support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 3000, imageSize: 8 });
});
afterAll(async () => emu?.close());

describe('waiting for a batch', () => {
	it('50 tasks in one run: at most 3 fetch/fetch-many calls per poll round, 2-20 ids each', async () => {
		for (const rule of READ_DELAYS) emu.addFault(rule);
		const input = Array.from({ length: 50 }, (_, i) => ({ prompt: `batch prompt ${i}` }));
		const { items, error } = await apiframe(emu, imagine('={{ $json.prompt }}'), input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(50);
		expect(items.every((item) => item.json.status === 'completed')).toBe(true);

		const rounds = pollRounds(emu.requests);
		expect(rounds.callsPerRound.length).toBeGreaterThanOrEqual(2);
		expect(Math.max(...rounds.callsPerRound)).toBeLessThanOrEqual(3);
		// Every task was read in the first round, by 20 + 20 + 10.
		expect(rounds.callsPerRound[0]).toBe(3);
		expect(rounds.tasksPerRound[0]).toBe(50);
		expect(rounds.largestFetchMany).toBe(20);
		const sizes = emu.requests.filter((r) => r.apiPath === '/fetch-many').map((r) => (r.body as { task_ids: string[] }).task_ids.length);
		expect(sizes.every((n) => n >= 2 && n <= 20)).toBe(true);
	}, 60_000);

	it('the measure: requests close together are one round; one read per task counts one call each', () => {
		const read = (at: number, ids: string[]) => ({
			method: 'POST',
			path: '/fetch',
			apiPath: ids.length > 1 ? '/fetch-many' : '/fetch',
			body: ids.length > 1 ? { task_ids: ids } : { task_id: ids[0] },
			headers: {},
			auth: 'raw' as const,
			at,
			status: 200,
			readTaskIds: ids,
		});
		const rounds = pollRounds([read(1000, ['a']), read(1005, ['b']), read(1010, ['c']), read(2000, ['a', 'b']), read(3500, ['c'])]);
		expect(rounds.callsPerRound).toEqual([3, 1, 1]);
		expect(rounds.tasksPerRound).toEqual([3, 2, 1]);
		expect([rounds.fetch, rounds.fetchMany, rounds.largestFetchMany]).toEqual([4, 1, 2]);
	});
});
