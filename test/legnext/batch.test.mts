import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { apiCalls, imagine, legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 3000 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `prompt number ${i}` }));

describe('several items in one execution', () => {
	it('run at once: eight 3 s jobs finish in about one job\'s time', async () => {
		const started = Date.now();
		const { items, error } = await legnext(emu, imagine('={{ $json.prompt }}'), prompts(8));
		const wall = Date.now() - started;
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(Array(8).fill('completed'));
		// Every submit reached the provider before the first job could have finished.
		const posts = apiCalls(emu, 'POST', '/v1/diffusion');
		expect(Math.max(...posts.map((p) => p.at)) - Math.min(...posts.map((p) => p.at))).toBeLessThan(1000);
		expect(wall).toBeLessThan(2 * 3000 + 1500);
		// Output order follows input order.
		expect(items.map((item) => (item.json.raw as { job_id: string }).job_id)).toEqual(
			posts.map((p) => p.jobId),
		);
	});

	it('absorb 429s together: every item still gets exactly one job', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'status', status: 429, retryAfter: 1, times: 4 });
		const { items, error } = await legnext(emu, imagine('={{ $json.prompt }}', { waitMode: 'submit' }), prompts(6));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(6);
		expect(emu.jobs.size).toBe(6);
	});

	it('one invalid item stops the batch before anything is sent, naming the field and the item', async () => {
		const input = prompts(5);
		input[3] = { prompt: '   ' };
		const { error, items } = await legnext(emu, imagine('={{ $json.prompt }}'), input);
		expect(error?.message).toBe('Prompt: must not be empty');
		expect(error?.description).toMatch(/Item 4 of 5 is invalid, so no item was sent/);
		expect(items).toHaveLength(0);
		expect(emu.requests).toHaveLength(0);
	});

	it('with continue-on-fail, only the invalid item becomes an error item', async () => {
		const input = prompts(3);
		input[1] = { prompt: '' };
		const { error, items } = await legnext(emu, imagine('={{ $json.prompt }}', { waitMode: 'submit' }), input, {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[1].json.error).toBe('Prompt: must not be empty');
		expect(items[0].json.status).toBe('pending');
		expect(items[2].json.status).toBe('pending');
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(2);
	});
});
