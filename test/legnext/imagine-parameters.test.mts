import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { apiCalls, imagine, legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const sentText = () => (apiCalls(emu, 'POST', '/v1/diffusion')[0].body as { text: string }).text;

describe('Imagine with Midjourney Parameters as fields', () => {
	it('appends the fields to the prompt in the documented order, flags typed in the prompt stay as typed', async () => {
		const { error } = await legnext(
			emu,
			imagine('a harbour at dusk --no boats', {
				waitMode: 'submit',
				mjParameters: { aspectRatio: '16:9', stylize: 250, chaos: 10, version: '7', raw: true, seed: 42 },
			}),
		);
		expect(error).toBeUndefined();
		const text = sentText();
		expect(text.startsWith('a harbour at dusk --no boats ')).toBe(true);
		expect(text).toContain('--ar 16:9');
		expect(text.indexOf('--ar')).toBeLessThan(text.indexOf('--stylize') >= 0 ? text.indexOf('--stylize') : text.indexOf('--s '));
		expect(text).toMatch(/--v 7/);
		expect(text).toMatch(/--raw/);
		expect(text).toMatch(/--seed 42/);
	});

	it('outputs the prompt as sent, parameters included', async () => {
		const { items } = await legnext(emu, imagine('a harbour', { waitMode: 'submit', mjParameters: { chaos: 5 } }));
		expect(items[0].json.prompt).toBe(sentText());
		expect(items[0].json.prompt).toMatch(/^a harbour .*--c(haos)? 5/);
	});

	it('refuses a flag the chosen model rejects, naming the field, and sends nothing', async () => {
		const { error } = await legnext(
			emu,
			imagine('a harbour', { mjParameters: { version: '8.1', negativePrompt: 'boats' } }),
		);
		expect(error?.message).toMatch(/^Midjourney Parameters > Negative Prompt: .*v8\.1/);
		expect(emu.requests).toHaveLength(0);
	});

	it('refuses a rejected flag typed in the prompt, naming the Prompt field', async () => {
		const { error } = await legnext(emu, imagine('a harbour --v 8.1 --q 2'));
		expect(error?.message).toMatch(/^Prompt: .*--q/);
		expect(emu.requests).toHaveLength(0);
	});

	it('refuses a parameter set both as a field and typed in the prompt', async () => {
		const { error } = await legnext(emu, imagine('a harbour --ar 1:1', { mjParameters: { aspectRatio: '16:9' } }));
		expect(error?.message).toMatch(/Aspect Ratio: is also typed in Prompt/);
		expect(emu.requests).toHaveLength(0);
	});

	it('refuses out-of-range values before spending', async () => {
		const { error } = await legnext(emu, imagine('a harbour --chaos 150'));
		expect(error?.message).toMatch(/^Prompt: .*chaos.*100/i);
		expect(emu.requests).toHaveLength(0);
	});

	it('sends prompts legnext.md allows in at least one passage, unchanged (the provider decides)', async () => {
		const U = 'https://cdn.example.com/style.png';
		for (const prompt of [
			'Dynamic action scene --niji 6 --motion 4 --chaos 30',
			'a cat --exp',
			`a cat --v 8 --sref ${U} --sv 4`,
			'a neon sign reading {OPEN}',
		]) {
			emu.reset();
			const { error } = await legnext(emu, imagine(prompt, { waitMode: 'submit' }));
			// The emulator may still answer 400 (it is the provider here); the node did not refuse.
			expect(error?.message ?? '', prompt).not.toMatch(/^Prompt: /);
			expect(apiCalls(emu, 'POST', '/v1/diffusion'), prompt).toHaveLength(1);
			expect(sentText(), prompt).toBe(prompt);
		}
	});

	it('refuses --cw without --cref and a {a, b} permutation, naming Prompt, and sends nothing', async () => {
		const cw = await legnext(emu, imagine('a cat --cw 100'));
		expect(cw.error?.message).toMatch(/^Prompt: --cw is the weight of --cref/);
		const perm = await legnext(emu, imagine('a neon sign reading {OPEN, CLOSED}'));
		expect(perm.error?.message).toMatch(/^Prompt: .*permutations/);
		const exp = await legnext(emu, imagine('a cat --v 8.1 --exp 5'));
		expect(exp.error?.message).toMatch(/^Prompt: --exp takes no value on v8\.1/);
		expect(emu.requests).toHaveLength(0);
	});

	it('sends parameter fields that arrive as strings from a sheet as numbers', async () => {
		const { error } = await legnext(
			emu,
			imagine('a harbour', {
				waitMode: 'submit',
				mjParameters: {
					chaos: '={{ $json.chaos }}',
					seed: '={{ $json.seed }}',
					quality: '={{ $json.quality }}',
					raw: '={{ $json.raw }}',
				},
			}),
			[{ chaos: '30', seed: '0', quality: 2, raw: 'TRUE' }],
		);
		expect(error).toBeUndefined();
		expect(sentText()).toBe('a harbour --quality 2 --chaos 30 --raw --seed 0');
	});

	it('refuses a parameter field that arrives as an out-of-range string, naming the field', async () => {
		const { error } = await legnext(
			emu,
			imagine('a harbour', { mjParameters: { chaos: '={{ $json.chaos }}' } }),
			[{ chaos: '150' }],
		);
		expect(error?.message).toMatch(/^Midjourney Parameters > Chaos: --chaos must be a number from 0 to 100/);
		expect(emu.requests).toHaveLength(0);
	});

	it('refuses features the API does not support', async () => {
		for (const prompt of ['a {red,blue} bird', 'a bird --relax', 'a bird --repeat 3', 'a bird --stealth']) {
			const { error } = await legnext(emu, imagine(prompt));
			expect(error?.message, prompt).toMatch(/^Prompt: /);
		}
		expect(emu.requests).toHaveLength(0);
	});
});
