// Batches: every request of a credential is paced to the server's limit (submits and status
// reads together), 429s are absorbed without losing or doubling a message, and a failing item
// never loses the messages other items already created.
import { describe, expect, it } from 'vitest';

import { calls, CREDENTIAL_INTERVAL_MS, imagine, tnl, useEmulators } from './support.mts';

const emulator = useEmulators();
const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `prompt number ${i}` }));

describe.concurrent('pacing a batch', () => {
	it('12 prompts, Wait for Result: 12 results; submits and reads share one pace', async () => {
		const emu = await emulator({ jobDurationMs: 400 });
		const { items, error } = await tnl(emu, imagine('={{ $json.prompt }}'), prompts(12));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(Array(12).fill('completed'));
		expect(items.map((item) => item.json.prompt)).toEqual(prompts(12).map((p) => p.prompt));
		expect(emu.messages.size).toBe(12);
		// Submits and reads share the pace: on average at least the credential's interval apart
		// (arrival jitter on a busy machine does not add up over the batch).
		const starts = emu.requests.map((r) => r.at);
		expect((starts[starts.length - 1] - starts[0]) / (starts.length - 1)).toBeGreaterThanOrEqual(CREDENTIAL_INTERVAL_MS * 0.95);
		expect(emu.requests.filter((r) => r.apiPath.startsWith('/v2/message/')).length).toBeGreaterThanOrEqual(12);
	});

	it('a credential set faster than the server allows: the 429s slow the batch down, every prompt still makes one message', async () => {
		const emu = await emulator({ minIntervalMs: 150, jobDurationMs: 300 });
		const { items, error } = await tnl(emu, imagine('={{ $json.prompt }}'), prompts(8), {
			credentialOverrides: { minIntervalMs: 0 },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(8);
		expect(items.every((item) => item.json.status === 'completed')).toBe(true);
		const posts = calls(emu, 'POST', '/v2/imagine');
		expect(posts.some((p) => p.status === 429)).toBe(true);
		// Each POST is either a message or a 429 (never processed twice).
		expect(posts.filter((p) => p.status === 200)).toHaveLength(8);
		expect(emu.messages.size).toBe(8);
	});
});

describe.concurrent('an item fails while others already created messages', () => {
	it('without Continue On Fail: the error lists the messages created, and nobody waits for them', async () => {
		const emu = await emulator({ jobDurationMs: 6000 });
		const started = Date.now();
		const input = [{ prompt: 'a calm sea' }, { prompt: 'a bannedword' }, { prompt: 'a windy hill' }];
		const { error, items } = await tnl(emu, imagine('={{ $json.prompt }}'), input);
		expect(items).toHaveLength(0);
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toBe("TheNextLeg: Invalid phrase: 'bannedword'");
		const created = [...emu.messages.keys()];
		expect(created.length).toBeGreaterThanOrEqual(1);
		for (const id of created) expect(error?.description).toContain(id);
		expect(error?.description).toMatch(/not lost.*Message > Get/);
		const context = (error as { context?: { createdJobs?: Array<{ jobId: string }> } }).context;
		expect(context?.createdJobs?.map((job) => job.jobId).sort()).toEqual(created.sort());
		// The node fails at once instead of waiting 6 s for results it would throw away.
		expect(Date.now() - started).toBeLessThan(4500);
	});

	it('with Continue On Fail: the created messages are output, the failure is an error item', async () => {
		const emu = await emulator();
		const input = [{ prompt: 'a calm sea' }, { prompt: 'a bannedword' }, { prompt: 'a windy hill' }];
		const { error, items } = await tnl(emu, imagine('={{ $json.prompt }}'), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status ?? 'error')).toEqual(['completed', 'error', 'completed']);
		expect(String(items[1].json.error)).toMatch(/Invalid phrase: 'bannedword'/);
	});
});
