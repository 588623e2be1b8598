// APIFRAME's prompt rules (shared/prompt/providers.ts, APIFRAME_RULES): its docs say only that a
// prompt is required and that Midjourney flags go inside it, so the node refuses an empty prompt
// and sends everything else as typed, even what Legnext's docs forbid (--repeat, --relax, {a, b},
// any --v, any length): APIFRAME decides.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { apiframe, imagine, op, posted, startEmulator, type ApiframeEmulator } from './support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const SUBMIT = { waitMode: 'submit' };

describe('prompts are sent as typed', () => {
	it('flags and syntax other providers refuse, and a prompt longer than 8192 characters', async () => {
		const prompts = [
			'a cat {red, blue} --v 5.2 --repeat 2 --relax --personalize',
			'a lighthouse --ar 21:9 --sref https://img.example.com/style.png --niji 5 --chaos 500',
			`a very long prompt ${'x'.repeat(9000)}`,
		];
		const { items, error } = await apiframe(emu, imagine('={{ $json.prompt }}', SUBMIT), prompts.map((prompt) => ({ prompt })));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(['pending', 'pending', 'pending']);
		expect(posted(emu, '/imagine').map((body) => (body as IDataObject).prompt)).toEqual(prompts);
	});

	it('follow-up and video prompts too', async () => {
		const task = { jobId: 'not-checked-here' };
		await apiframe(emu, op('image', 'reroll', { prompt: 'again {x, y} --repeat 3', ...SUBMIT }), [task], { continueOnFail: true });
		await apiframe(emu, op('video', 'imagineVideo', { prompt: 'waves --bs 1 --loop --motion high', imageUrl: 'https://img.example.com/a.png', ...SUBMIT }));
		expect((posted(emu, '/reroll')[0] as IDataObject).prompt).toBe('again {x, y} --repeat 3');
		expect((posted(emu, '/imagine-video')[0] as IDataObject).prompt).toBe('waves --bs 1 --loop --motion high');
	});

	it('an empty prompt is refused, naming the field; an empty optional prompt is not sent', async () => {
		const empty = await apiframe(emu, imagine('={{ "" }}', SUBMIT));
		expect(empty.error?.message).toBe('Prompt: must not be empty');
		expect(emu.requests).toEqual([]);
		await apiframe(emu, op('image', 'pan', { prompt: '  ', ...SUBMIT }), [{ jobId: 'p-1' }], { continueOnFail: true });
		expect(posted(emu, '/pan')).toEqual([{ parent_task_id: 'p-1', direction: 'right' }]);
	});
});
