// Every TheNextLeg operation through n8n's engine: the body (or query) the emulator received is
// the documented one, and the node's output carries the result.
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { calls, finished, imagine, op, posted, tnl, useEmulators } from './support.mts';

const emulator = useEmulators();

describe.concurrent('every operation', () => {
	const IMG = 'https://images.example.com/photos';

	describe('Image > Imagine (POST /imagine)', () => {
		it('sends `msg`, waits for the grid and outputs the one shape with its buttons', async () => {
			const emu = await emulator();
			const { items, error } = await tnl(emu, imagine('a red fox in snow --ar 3:2'));
			expect(error).toBeUndefined();
			expect(posted(emu, '/v2/imagine')).toEqual([{ msg: 'a red fox in snow --ar 3:2' }]);
			const out = items[0].json;
			expect(out).toMatchObject({
				provider: 'TheNextLeg',
				taskType: 'imagine',
				status: 'completed',
				progress: 100,
				prompt: 'a red fox in snow --ar 3:2',
				error: null,
				buttons: ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4'],
			});
			expect(out.jobId).toMatch(/^\w{20}$/);
			expect(out.buttonMessageId).toMatch(/^\w{20}$/);
			expect(out.buttonMessageId).not.toBe(out.jobId);
			expect(out.imageUrl).toMatch(/grid_0\.png$/);
			expect(out.imageUrls).toHaveLength(4);
			expect((out.raw as IDataObject).originatingMessageId).toBe(out.jobId);
			expect(emu.statusReads(out.jobId as string)).toBeGreaterThan(0);
		});

		it('img2img: the image URL goes in front of the prompt; ref, ignorePrefilter and Midjourney Parameters as documented', async () => {
			const emu = await emulator();
			const { items, error } = await tnl(
				emu,
				imagine('  Transformational anime ', {
					imageUrl: `${IMG}/room.png`,
					ref: 'row-17',
					ignorePrefilter: true,
					mjParameters: { aspectRatio: '16:9', version: '5' },
				}),
			);
			expect(error).toBeUndefined();
			expect(posted(emu, '/v2/imagine')).toEqual([
				{
					msg: `${IMG}/room.png Transformational anime --ar 16:9 --v 5`,
					ref: 'row-17',
					ignorePrefilter: 'true',
				},
			]);
			expect(items[0].json).toMatchObject({ status: 'completed', ref: 'row-17' });
		});
	});

	describe('Image > Press Button (POST /button)', () => {
		it('U1 on the incoming grid: button and buttonMessageId from the item, byte for byte; the upscale comes back', async () => {
			const emu = await emulator();
			const grid = await finished(emu, imagine('a lighthouse'));
			const { items, error } = await tnl(
				emu,
				op('image', 'button', { button: 'U1', ref: 'up-1' }),
				[grid],
			);
			expect(error).toBeUndefined();
			expect(posted(emu, '/v2/button')).toEqual([
				{ button: 'U1', buttonMessageId: grid.buttonMessageId, ref: 'up-1' },
			]);
			expect(items[0].json).toMatchObject({ taskType: 'button', status: 'completed', ref: 'up-1' });
			expect(items[0].json.imageUrls).toHaveLength(1);
			expect(items[0].json.buttons as string[]).toContain('🪄 Make Variations');
		});

		it('🔄 and V2 with a prompt: the emoji label is sent exactly', async () => {
			const emu = await emulator();
			const grid = await finished(emu, imagine('a lighthouse'));
			await tnl(emu, op('image', 'button', { button: '🔄' }), [grid]);
			await tnl(
				emu,
				op('image', 'button', { button: 'V2', buttonOptions: { prompt: 'at night' } }),
				[grid],
			);
			expect(posted(emu, '/v2/button')).toEqual([
				{ button: '🔄', buttonMessageId: grid.buttonMessageId },
				{ button: 'V2', buttonMessageId: grid.buttonMessageId, prompt: 'at night' },
			]);
			expect(
				Buffer.from((posted(emu, '/v2/button')[0] as IDataObject).button as string).toString('hex'),
			).toBe('f09f9484');
		});

		it('Custom Zoom (zoom, ar, prompt), Vary (Region) (mask, prompt) and a typed label on an upscale', async () => {
			const emu = await emulator();
			const grid = await finished(emu, imagine('a lighthouse'));
			const upscale = await finished(emu, op('image', 'button', { button: 'U2' }), [grid]);
			const runs = await Promise.all([
				tnl(
					emu,
					op('image', 'button', {
						button: 'Custom Zoom',
						buttonOptions: { zoom: 1.5, aspectRatio: '1:1', prompt: 'wider' },
					}),
					[upscale],
				),
				tnl(
					emu,
					op('image', 'button', {
						button: '🖌️ Vary (Region)',
						buttonOptions: { mask: 'iVBORw0KGgo=', prompt: 'a red door' },
					}),
					[upscale],
				),
				tnl(emu, op('image', 'button', { button: '__custom', customButton: 'Zoom Out 2x' }), [
					upscale,
				]),
			]);
			for (const run of runs) expect(run.error, run.error?.message).toBeUndefined();
			const bodies = posted(emu, '/v2/button').slice(-3);
			expect(bodies).toEqual(
				expect.arrayContaining([
					{
						button: 'Custom Zoom',
						buttonMessageId: upscale.buttonMessageId,
						zoom: 1.5,
						ar: '1:1',
						prompt: 'wider',
					},
					{
						button: '🖌️ Vary (Region)',
						buttonMessageId: upscale.buttonMessageId,
						mask: 'iVBORw0KGgo=',
						prompt: 'a red door',
					},
					{ button: 'Zoom Out 2x', buttonMessageId: upscale.buttonMessageId },
				]),
			);
			for (const run of runs)
				expect(run.items[0].json).toMatchObject({
					status: 'completed',
					imageUrls: expect.any(Array),
				});
		}, 30_000);
	});

	describe('Image > Blend, Describe', () => {
		it('Blend sends `urls` (2-5) and outputs a grid', async () => {
			const emu = await emulator();
			const urls = [`${IMG}/a.png`, `${IMG}/b.png`, `${IMG}/c.png`];
			const { items, error } = await tnl(
				emu,
				op('image', 'blend', { imageUrls: [urls[0], `${urls[1]}\n${urls[2]}`] }),
			);
			expect(error).toBeUndefined();
			expect(posted(emu, '/v2/blend')).toEqual([{ urls }]);
			expect(items[0].json).toMatchObject({ taskType: 'blend', status: 'completed' });
			expect(items[0].json.imageUrls).toHaveLength(4);
		});

		it('Describe sends `url` and outputs the four prompts', async () => {
			const emu = await emulator();
			const { items, error } = await tnl(
				emu,
				op('image', 'describe', { describeUrl: `${IMG}/red-bicycle.png`, ref: 'd1' }),
			);
			expect(error).toBeUndefined();
			expect(posted(emu, '/v2/describe')).toEqual([{ url: `${IMG}/red-bicycle.png`, ref: 'd1' }]);
			expect(items[0].json).toMatchObject({
				taskType: 'describe',
				status: 'completed',
				imageUrls: [],
			});
			expect(items[0].json.prompts).toHaveLength(4);
			expect((items[0].json.prompts as string[])[0]).toMatch(/bicycle/);
		});
	});

	describe('Image > Get Seed (both routes)', () => {
		it('the documented route presses ✉️ and outputs the seed; the SDK route /seed answers the same seed at once', async () => {
			const emu = await emulator();
			const grid = await finished(emu, imagine('a lighthouse --seed 4242'));
			const viaButton = await tnl(emu, op('image', 'seed'), [grid]);
			expect(viaButton.error).toBeUndefined();
			expect(posted(emu, '/v2/button')).toEqual([
				{ button: '✉️', buttonMessageId: grid.buttonMessageId },
			]);
			expect(viaButton.items[0].json).toMatchObject({ status: 'completed', seed: '4242' });

			const instant = await tnl(emu, op('image', 'seedInstant'), [grid]);
			expect(instant.error).toBeUndefined();
			expect(posted(emu, '/v2/seed')).toEqual([{ messageId: grid.jobId }]);
			expect(instant.items[0].json).toEqual({ seed: '4242' });
			expect(calls(emu, 'GET', `/v2/message/${String(grid.jobId)}`).length).toBeGreaterThan(0);
		});
	});

	describe('Image > Get Image (POST /getImage, at the root)', () => {
		it('downloads an image through the API as binary data', async () => {
			const emu = await emulator();
			const grid = await finished(emu, imagine('a lighthouse'));
			const url = (grid.imageUrls as string[])[2];
			const { items, error, binary } = await tnl(emu, op('image', 'getImage'), [{ imageUrl: url }]);
			expect(error).toBeUndefined();
			expect(posted(emu, '/getImage')).toEqual([{ imgUrl: url }]);
			expect(items[0].json).toMatchObject({
				imageUrl: url,
				mimeType: 'image/png',
				fileName: `${String(grid.jobId)}_0_2.png`,
			});
			const bytes = await binary(items[0], 'data');
			expect(bytes.subarray(1, 4).toString()).toBe('PNG');
			expect(bytes.length).toBe(items[0].json.fileSize);
		});
	});

	describe('Message > Get (GET /message/<id>?expireMins=)', () => {
		it('reads the current state with the documented query, or waits until finished', async () => {
			const emu = await emulator({ jobDurationMs: 1500 });
			const submitted = await tnl(emu, imagine('later', { waitMode: 'submit' }));
			expect(submitted.items[0].json).toMatchObject({
				status: 'pending',
				progress: 0,
				taskType: 'imagine',
			});
			const messageId = submitted.items[0].json.jobId as string;

			const now = await tnl(emu, op('message', 'get', { expireMins: 30 }), [
				submitted.items[0].json,
			]);
			expect(now.error).toBeUndefined();
			expect(now.items[0].json).toMatchObject({ jobId: messageId });
			expect(['pending', 'processing']).toContain(now.items[0].json.status);
			const read = calls(emu, 'GET', `/v2/message/${messageId}`);
			expect(read[0].query).toEqual({ expireMins: '30' });

			const done = await tnl(emu, op('message', 'get', { waitForFinish: true, expireMins: 20 }), [
				submitted.items[0].json,
			]);
			expect(done.error).toBeUndefined();
			expect(done.items[0].json).toMatchObject({
				jobId: messageId,
				status: 'completed',
				taskType: 'imagine',
			});
			// Every read of the wait kept the Expire After the user set.
			expect(
				calls(emu, 'GET', `/v2/message/${messageId}`)
					.slice(1)
					.map((r) => r.query.expireMins),
			).toEqual(expect.arrayContaining(['20']));
			expect(
				new Set(
					calls(emu, 'GET', `/v2/message/${messageId}`)
						.slice(1)
						.map((r) => r.query.expireMins),
				),
			).toEqual(new Set(['20']));
		});

		it('takes the message id of a Wait node callback body in either shape', async () => {
			const emu = await emulator();
			const grid = await finished(emu, imagine('a lighthouse'));
			for (const body of [grid.raw, { progress: 100, response: grid.raw }]) {
				const { items, error } = await tnl(emu, op('message', 'get'), [{ body }]);
				expect(error).toBeUndefined();
				expect(items[0].json).toMatchObject({ jobId: grid.jobId, status: 'completed' });
			}
		});
	});

	describe('Account', () => {
		it('Get Info is a GET without a body; the info object is output', async () => {
			const emu = await emulator();
			const { items, error } = await tnl(emu, op('account', 'info'));
			expect(error).toBeUndefined();
			const [request] = calls(emu, 'GET', '/v2/info');
			expect(request).toMatchObject({ body: null, query: {} });
			expect(items[0].json).toMatchObject({ taskType: 'info', status: 'completed' });
			expect(items[0].json.info).toMatchObject({
				'Job Mode': 'Fast',
				'Fast Time Remaining': expect.any(String),
			});
		});

		it('Get Settings lists the settings as buttons; Toggle Setting sends `settingsToggle`', async () => {
			const emu = await emulator();
			const settings = await tnl(emu, op('account', 'getSettings'));
			expect(settings.error).toBeUndefined();
			expect(calls(emu, 'GET', '/v2/settings')[0]).toMatchObject({ body: null });
			expect(settings.items[0].json).toMatchObject({
				taskType: 'settings',
				content: 'Adjust your settings here.',
			});
			expect(settings.items[0].json.buttons).toContain('Remix mode');

			const toggled = await tnl(emu, op('account', 'toggleSetting', { setting: 'Remix mode' }));
			expect(toggled.error).toBeUndefined();
			expect(posted(emu, '/v2/settings')).toEqual([{ settingsToggle: 'Remix mode' }]);
			expect(emu.account.remix).toBe(true);
			await tnl(
				emu,
				op('account', 'toggleSetting', { setting: '__custom', customSetting: 'Style high' }),
			);
			expect(posted(emu, '/v2/settings')[1]).toEqual({ settingsToggle: 'Style high' });
		});

		it('Switch Mode sends the slash command; the account follows', async () => {
			const emu = await emulator();
			const relax = await tnl(emu, op('account', 'switchMode', { mode: 'relax' }));
			expect(relax.error).toBeUndefined();
			expect(emu.account.mode).toBe('Relaxed');
			await tnl(emu, op('account', 'switchMode', { mode: 'fast', ref: 'm' }));
			expect(posted(emu, '/v2/slash-commands')).toEqual([
				{ cmd: 'relax' },
				{ cmd: 'fast', ref: 'm' },
			]);
			expect(emu.account.mode).toBe('Fast');
			expect(relax.items[0].json).toMatchObject({
				taskType: 'slash-commands',
				status: 'completed',
				content: expect.any(String),
			});
		});
	});
});
