import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { legnext, startEmulator } from './support.mts';
import { gridJob, op, posted } from './operations-support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const source = { jobId: '11111111-2222-3333-4444-555555555555' };

describe('prompt flags in follow-ups and video prompts are checked before sending', () => {
	it('a remix prompt with a feature the API lacks is refused, naming Remix Prompt', async () => {
		const { error } = await legnext(emu, op('image', 'remix', { remixPrompt: 'as watercolor --relax' }), [source]);
		expect(error?.message).toMatch(/^Remix Prompt: .*relax/);
		expect(emu.requests).toHaveLength(0);
	});

	it('an out-of-range value in a remix prompt is refused', async () => {
		const { error } = await legnext(emu, op('image', 'variation', { remixPrompt: 'more fog --chaos 500' }), [source]);
		expect(error?.message).toMatch(/^Remix Prompt: .*chaos/i);
		expect(emu.requests).toHaveLength(0);
	});

	it('model-specific flags are left to the source job\'s model unless a version is typed', async () => {
		// --hd is only for v8/v8.1; the source job's model is unknown here, so it is not refused...
		const open = await legnext(
			emu,
			op('image', 'remix', { remixPrompt: 'golden hour --hd', waitMode: 'submit' }),
			[source],
		);
		expect(open.error?.message ?? '').not.toMatch(/^Remix Prompt:/);
		expect(emu.requests.length).toBeGreaterThan(0);
		emu.reset();
		// ...but with a typed version the model rules apply.
		const typed = await legnext(emu, op('image', 'remix', { remixPrompt: 'golden hour --v 7 --hd' }), [source]);
		expect(typed.error?.message).toMatch(/^Remix Prompt: .*--hd/);
		expect(emu.requests).toHaveLength(0);
	});

	it('an image flag the video model rejects is refused in a video prompt, naming Prompt', async () => {
		const { error } = await legnext(
			emu,
			op('video', 'videoDiffusion', { videoInput: 'text', prompt: 'waves at night --chaos 10' }),
		);
		expect(error?.message).toMatch(/^Prompt: .*--chaos/);
		expect(emu.requests).toHaveLength(0);
	});

	it('--ar and --motion 1-4 in a video prompt reach the API unchanged', async () => {
		for (const prompt of ['waves at night --ar 16:9', 'waves at night --motion 4', 'waves --motion high --ar 9:16']) {
			emu.reset();
			const { error } = await legnext(
				emu,
				op('video', 'videoDiffusion', { videoInput: 'text', prompt, waitMode: 'submit' }),
			);
			expect(error?.message ?? '', prompt).not.toMatch(/^Prompt:/);
			const sent = posted(emu, '/v1/video-diffusion') as Array<{ prompt: string }>;
			expect(sent.map((b) => b.prompt), prompt).toEqual([prompt]);
		}
	});

	it('a video --motion outside low, high and 1-4 is refused, naming Prompt', async () => {
		const { error } = await legnext(
			emu,
			op('video', 'videoDiffusion', { videoInput: 'text', prompt: 'waves --motion 5' }),
		);
		expect(error?.message).toMatch(/^Prompt: --motion must be low, high or a number from 1 to 4/);
		expect(emu.requests).toHaveLength(0);
	});

	it('an image number that arrives as the string "0" from a sheet is sent as the number 0', async () => {
		const grid = await gridJob(emu);
		const { error } = await legnext(
			emu,
			op('video', 'videoDiffusion', {
				videoInput: 'job',
				jobId: grid.jobId as string,
				imageNo: '={{ $json.imageNo }}',
				prompt: 'gentle waves --motion 2',
				waitMode: 'submit',
			}),
			[{ imageNo: '0' }],
		);
		expect(error).toBeUndefined();
		const sent = posted(emu, '/v1/video-diffusion');
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ jobId: grid.jobId, imageNo: 0, prompt: 'gentle waves --motion 2' });
	});

	it('video flags are accepted in a video prompt', async () => {
		const { error } = await legnext(
			emu,
			op('video', 'videoDiffusion', { videoInput: 'text', prompt: 'waves --motion high --loop --bs 2', waitMode: 'submit' }),
		);
		expect(error?.message ?? '').not.toMatch(/^Prompt:/);
		expect(emu.requests.length).toBeGreaterThan(0);
	});
});
