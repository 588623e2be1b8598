// The documented limit, for real: one request every 3 seconds per token (thenextleg-v2.md §1),
// on both sides (the emulator refuses faster requests with 429; the credential keeps its
// default interval). A small batch ends with every result and not one 429. In its own file, so
// the 3 s pace is not shared with the other tests' credential. (The 20-prompt figure is the
// benchmark's: npm run bench -- thenextleg.)
import { expect, it } from 'vitest';

import { imagine, tnl, useEmulators } from './support.mts';

const emulator = useEmulators();

it('3 prompts, Wait for Result, at the real 3 s: three results, no 429, every request 3 s apart', async () => {
	const emu = await emulator({ minIntervalMs: 3000, jobDurationMs: 1500 });
	const input = [{ prompt: 'a calm sea' }, { prompt: 'a windy hill' }, { prompt: 'a quiet town' }];
	const started = Date.now();
	// The credential as a user saves it: no interval set, so the documented 3 s applies.
	const { items, error } = await tnl(emu, imagine('={{ $json.prompt }}'), input, {
		credentialOverrides: { minIntervalMs: undefined },
	});
	const wallMs = Date.now() - started;
	expect(error).toBeUndefined();
	expect(items.map((item) => item.json.status)).toEqual(['completed', 'completed', 'completed']);
	expect(emu.requests.filter((r) => r.status === 429)).toEqual([]);
	const starts = emu.requests.map((r) => r.at);
	for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(2900);
	// 3 submits and at least one read each: at least 6 requests, so at least 15 s.
	expect(emu.requests.length).toBeGreaterThanOrEqual(6);
	expect(wallMs).toBeGreaterThanOrEqual(15_000);
	console.log(`3 prompts at 3 s/request: ${emu.requests.length} requests in ${(wallMs / 1000).toFixed(1)} s, 0 answered 429`);
}, 90_000);
