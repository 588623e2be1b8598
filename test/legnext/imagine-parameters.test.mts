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

	it('refuses features the API does not support', async () => {
		for (const prompt of ['a {red,blue} bird', 'a bird --relax', 'a bird --repeat 3', 'a bird --stealth']) {
			const { error } = await legnext(emu, imagine(prompt));
			expect(error?.message, prompt).toMatch(/^Prompt: /);
		}
		expect(emu.requests).toHaveLength(0);
	});
});
