// Batches keep every paid job: pacing per credential, and no lost jobs when one item fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { apiCalls, imagine, legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 4000 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `prompt number ${i}` }));
// Imagine freezes 80 credits (legnext.md, Text to Image example): two jobs fit in 160.
const TWO_JOBS = 160;

describe('an item fails while others already created jobs', () => {
	it('without Continue On Fail: the error lists the jobs created, and nobody waits for them', async () => {
		emu.setCredits(TWO_JOBS);
		const started = Date.now();
		const { error, items } = await legnext(emu, imagine('={{ $json.prompt }}'), prompts(3));
		expect(items).toHaveLength(0);
		expect(error?.httpCode).toBe('402');
		const created = [...emu.jobs.keys()];
		expect(created).toHaveLength(2);
		for (const id of created) expect(error?.description).toContain(id);
		expect(error?.description).toMatch(/not lost.*Job > Get/);
		const context = (error as { context?: { createdJobs?: Array<{ jobId: string }> } }).context;
		expect(context?.createdJobs?.map((job) => job.jobId).sort()).toEqual(created.sort());
		// The node fails at once instead of waiting 4 s for results it would throw away.
		expect(Date.now() - started).toBeLessThan(3500);
	});

	it('an item that would have to be sent again after another failed is not sent again', async () => {
		emu.setCredits(80);
		// The three POSTs go out together: one is answered 429 (try again in 1 s), one makes the
		// only job the credits allow, one is answered 402. By the retry the run has failed.
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'status', status: 429, retryAfter: 1, times: 1 });
		const { error } = await legnext(emu, imagine('={{ $json.prompt }}', { waitMode: 'submit' }), prompts(3));
		expect(error?.httpCode).toBe('402');
		const posts = apiCalls(emu, 'POST', '/v1/diffusion');
		// One 429, one job, one 402, and no fourth request.
		expect(posts.map((p) => p.status).sort()).toEqual([200, 402, 429]);
		expect(emu.jobs.size).toBe(1);
	});

	it('with Continue On Fail: the created jobs are output, the failure is an error item', async () => {
		emu.setCredits(TWO_JOBS);
		const { error, items } = await legnext(emu, imagine('={{ $json.prompt }}'), prompts(3), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		const done = items.filter((item) => item.json.status === 'completed');
		expect(done.map((item) => item.json.jobId).sort()).toEqual([...emu.jobs.keys()].sort());
		const failed = items.find((item) => item.json.error);
		expect(String(failed?.json.error)).toMatch(/402|credits|Insufficient/i);
	});
});

describe('a provider that accepts 5 requests per second', () => {
	let limited: LegnextEmulator;
	beforeAll(async () => {
		limited = await startEmulator({ jobDurationMs: 1000, rateLimitPerSecond: 5 });
	});
	afterAll(async () => limited?.close());

	it('60 prompts end with 60 jobs and 60 items; 429s slow the batch instead of failing items', async () => {
		const { error, items } = await legnext(limited, imagine('={{ $json.prompt }}', { waitMode: 'submit' }), prompts(60), {
			timeoutMs: 120_000,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(60);
		expect(limited.jobs.size).toBe(60);
		const posts = apiCalls(limited, 'POST', '/v1/diffusion');
		const refused = posts.filter((p) => p.status === 429).length;
		// Every POST is either a job or a 429 (never charged twice), and the pacer finds the rate within a few 429s.
		expect(posts.length - refused).toBe(60);
		expect(refused).toBeLessThan(20);
		console.log(`60 prompts at 5 req/s: ${posts.length} POSTs, ${refused} answered 429`);
	}, 120_000);
});
