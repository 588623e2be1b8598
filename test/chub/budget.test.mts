// Costs before spending (the core's Options > Budget (Credits), with Chub's price list): the run's
// cost is estimated once from GET /images/costs, and an over-budget run sends nothing at all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ChubEmulator } from '../emulator/chub/index.mts';
import { binaryItem, calls, chub, op, startEmulator, WAV_BYTES } from './support.mts';

let emu: ChubEmulator;
beforeAll(async () => {
	// No price for music; none for animate either (it falls back to the video price).
	emu = await startEmulator({
		costs: { music: undefined, animate: undefined } as unknown as Record<string, number>,
	});
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `picture ${i}` }));
const textToImage = (budget?: number) =>
	op('image', 'textToImage', {
		prompt: '={{ $json.prompt }}',
		...(budget === undefined ? {} : { options: { budget } }),
	});
/** Every request but the price list read. */
const spending = () => emu.requests.filter((r) => r.apiPath !== '/images/costs');

describe('Budget (Credits)', () => {
	it('refuses a run over the budget: one price list read, no submission, the estimate and the budget named', async () => {
		const run = await chub(emu, textToImage(50), prompts(3));
		expect(run.error?.message).toBe(
			'Over budget: this run would cost about 75 credits, more than the budget of 50 credits',
		);
		expect(run.error?.description).toMatch(
			/^3 items at Chub Imagine's current prices: 3 × text2img \(25\)\. Nothing was sent\./,
		);
		expect(calls(emu, 'GET', '/images/costs')).toHaveLength(1);
		expect(spending()).toHaveLength(0);
	});

	it('runs a run within the budget, reading the prices once for all items', async () => {
		const run = await chub(emu, textToImage(75), prompts(3));
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.status)).toEqual(['completed', 'completed', 'completed']);
		expect(calls(emu, 'GET', '/images/costs')).toHaveLength(1);
		expect(calls(emu, 'POST', '/images/text2img')).toHaveLength(3);
	});

	it('is off unless set: no price list read', async () => {
		const run = await chub(emu, textToImage(), prompts(2));
		expect(run.error).toBeUndefined();
		expect(calls(emu, 'GET', '/images/costs')).toHaveLength(0);
	});

	it('a budget of 0 refuses anything that costs', async () => {
		const run = await chub(emu, textToImage(0), prompts(1));
		expect(run.error?.message).toMatch(/about 25 credits, more than the budget of 0 credits/);
		expect(spending()).toHaveLength(0);
	});

	it('refuses when the price list names no price for the operation (music)', async () => {
		const run = await chub(
			emu,
			op('audio', 'generateMusic', { prompt: 'jazz', options: { budget: 1000 } }),
		);
		expect(run.error?.message).toMatch(
			/price list names no price for item 1 \(operation "generateMusic"\), so the budget of 1000 credits cannot be checked/,
		);
		expect(spending()).toHaveLength(0);
	});

	it('prices Animate Image at the video price when the list has no animate price', async () => {
		const run = await chub(
			emu,
			op('video', 'animate', { initImageUrl: 'https://a.example/i.png', options: { budget: 50 } }),
		);
		expect(run.error?.description).toMatch(/1 × video \(100\)/);
		expect(spending()).toHaveLength(0);
	});

	it('refuses when the price list cannot be read, after retrying', async () => {
		// Two temporary failures are retried; a lasting one (404) ends the attempts.
		emu.addFault({ method: 'GET', path: '/images/costs', kind: 'status', status: 503, times: 2 });
		emu.addFault({ method: 'GET', path: '/images/costs', kind: 'status', status: 404 });
		const run = await chub(emu, textToImage(500), prompts(1));
		expect(run.error?.message).toMatch(
			/price list could not be read, so the budget of 500 credits cannot be checked/,
		);
		expect(calls(emu, 'GET', '/images/costs').map((r) => r.status)).toEqual([503, 503, 404]);
		expect(spending()).toHaveLength(0);
	});

	it('applies to Speech to Text (an upload that costs): refused before the upload', async () => {
		const input = [binaryItem(WAV_BYTES, { fileName: 'a.wav', mimeType: 'audio/wav' })];
		const run = await chub(emu, op('audio', 'speechToText', { options: { budget: 10 } }), input);
		expect(run.error?.message).toMatch(/about 25 credits, more than the budget of 10 credits/);
		expect(spending()).toHaveLength(0);
	});

	it('with Continue On Fail, every item of the refused run is an error item', async () => {
		const run = await chub(emu, textToImage(30), prompts(2), { continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(/^Over budget/),
			expect.stringMatching(/^Over budget/),
		]);
		expect(spending()).toHaveLength(0);
	});
});
