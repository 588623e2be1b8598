// Bad input is refused before anything is sent: the error names the field as the editor shows it
// and the rule it broke, and the emulator sees no request at all.
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { op, tnl, useEmulators } from './support.mts';

const emulator = useEmulators();

const URL_OK = 'https://a.example.com/image.png';
/** An expression that resolves to nothing: a literal empty required field is refused by n8n itself. */
const NOTHING = '={{ $json.missing }}';
const GRID = { buttonMessageId: 'Bm'.repeat(10), buttons: ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4'] };
const UPSCALE = { buttonMessageId: 'Up'.repeat(10), buttons: ['🪄 Make Variations', '❤️ Favorite', '🖌️ Vary (Region)', 'Custom Zoom'] };

interface Case {
	name: string;
	resource?: string;
	operation: string;
	params?: IDataObject;
	input?: IDataObject;
	error: RegExp;
}

const cases: Case[] = [
	// Imagine: a prompt; the img2img image is an http(s) URL.
	{ name: 'Imagine without a prompt', operation: 'imagine', params: { prompt: NOTHING }, error: /^Prompt: must not be empty/ },
	{ name: 'Imagine with a blank prompt', operation: 'imagine', params: { prompt: '={{ "   " }}' }, error: /^Prompt: must not be empty/ },
	{ name: 'img2img with a file path', operation: 'imagine', params: { prompt: 'anime', imageUrl: '/tmp/cat.png' }, error: /^Image URL: "\/tmp\/cat.png" is not an http\(s\) URL/ },
	{ name: 'img2img with an ftp URL', operation: 'imagine', params: { prompt: 'anime', imageUrl: 'ftp://a.example.com/x.png' }, error: /^Image URL: .* is not an http\(s\) URL/ },
	{ name: 'a parameter field also typed in the prompt', operation: 'imagine', params: { prompt: 'a cat --ar 16:9', mjParameters: { aspectRatio: '1:1' } }, error: /Aspect Ratio|--ar/ },
	// Blend: 2-5 http(s) URLs.
	{ name: 'Blend with one URL', operation: 'blend', params: { imageUrls: [URL_OK] }, error: /^Image URLs: needs 2-5 image URLs, got 1/ },
	{ name: 'Blend with six URLs', operation: 'blend', params: { imageUrls: [URL_OK, URL_OK, `${URL_OK} ${URL_OK} ${URL_OK} ${URL_OK}`] }, error: /^Image URLs: needs 2-5 image URLs, got 6/ },
	{ name: 'Blend with a data URL', operation: 'blend', params: { imageUrls: [URL_OK, 'data:image/png;base64,AAAA'] }, error: /^Image URLs \(URL 2\): .* is not an http\(s\) URL/ },
	// Describe, Get Image: an http(s) URL.
	{ name: 'Describe without a URL', operation: 'describe', params: { describeUrl: NOTHING }, error: /^Image URL: must not be empty/ },
	{ name: 'Describe with a bare host', operation: 'describe', params: { describeUrl: 'example.com/x.jpg' }, error: /^Image URL: .* is not an http\(s\) URL/ },
	{ name: 'Get Image without a URL (item has none)', operation: 'getImage', input: {}, error: /^Image URL: must not be empty/ },
	// Press Button: the source message and a label it has; the extra fields' documented rules.
	{ name: 'Button without a Button Message ID', operation: 'button', params: { button: 'U1' }, input: {}, error: /^Button Message ID: must not be empty/ },
	{ name: 'a label the incoming message does not list', operation: 'button', params: { button: 'U1' }, input: UPSCALE, error: /^Button: "U1" is not one of this message's buttons \(🪄 Make Variations, ❤️ Favorite, 🖌️ Vary \(Region\), Custom Zoom\)/ },
	{ name: 'a typed label that differs only by the emoji variation selector', operation: 'button', params: { button: '__custom', customButton: '🖌 Vary (Region)' }, input: UPSCALE, error: /^Button Label: "🖌 Vary \(Region\)" is not one of this message's buttons/ },
	{ name: 'Other with an empty label', operation: 'button', params: { button: '__custom', customButton: NOTHING }, input: GRID, error: /^Button Label: must not be empty/ },
	{ name: 'Custom Zoom without a zoom', operation: 'button', params: { button: 'Custom Zoom' }, input: UPSCALE, error: /^Button Options > Zoom: Custom Zoom needs a zoom between 1 and 2/ },
	{ name: 'zoom 2.5', operation: 'button', params: { button: 'Custom Zoom', buttonOptions: { zoom: 2.5 } }, input: UPSCALE, error: /^Button Options > Zoom: must be at most 2, got 2.5/ },
	{ name: 'zoom 0.5', operation: 'button', params: { button: 'Custom Zoom', buttonOptions: { zoom: '={{ 0.5 }}' } }, input: UPSCALE, error: /^Button Options > Zoom: must be at least 1, got 0.5/ },
	{ name: 'Vary (Region) without a mask', operation: 'button', params: { button: '🖌️ Vary (Region)', buttonOptions: { prompt: 'x' } }, input: UPSCALE, error: /^Button Options > Mask \(Base64\): 🖌️ Vary \(Region\) needs a mask and a prompt/ },
	{ name: 'Vary (Region) without a prompt', operation: 'button', params: { button: '🖌️ Vary (Region)', buttonOptions: { mask: 'AAAA' } }, input: UPSCALE, error: /^Button Options > Prompt: 🖌️ Vary \(Region\) needs a mask and a prompt/ },
	// Get Seed: the source message.
	{ name: 'Get Seed without a Button Message ID', operation: 'seed', input: {}, error: /^Button Message ID: must not be empty/ },
	{ name: 'Get Seed (Instant) without a Message ID', operation: 'seedInstant', input: {}, error: /^Message ID: must not be empty/ },
	// Message > Get.
	{ name: 'Message > Get without an id', resource: 'message', operation: 'get', input: {}, error: /^Message ID: must not be empty/ },
	{ name: 'Expire After 0', resource: 'message', operation: 'get', params: { messageId: 'x', expireMins: 0 }, error: /^Expire After \(Minutes\): must be greater than 0/ },
	// Account.
	{ name: 'Switch Mode to an unknown mode', resource: 'account', operation: 'switchMode', params: { mode: '={{ "turbo" }}' }, error: /^Mode: must be one of Fast \(fast\), Private \(Pro Plan\) \(private\), Relax \(relax\), Stealth \(Pro Plan\) \(stealth\), got "turbo"/ },
	{ name: 'Toggle Setting with an empty label', resource: 'account', operation: 'toggleSetting', params: { setting: '__custom', customSetting: NOTHING }, error: /^Setting Label: must not be empty/ },
	// The shared wait fields.
	{ name: 'a callback URL that is not http(s)', operation: 'imagine', params: { prompt: 'x', waitMode: 'callback', callbackUrl: 'mailto:me@example.com' }, error: /^Callback URL: .* is not an http\(s\) URL/ },
	{ name: 'Timeout 0', operation: 'imagine', params: { prompt: 'x', options: { timeout: 0 } }, error: /^Timeout \(Seconds\): must be greater than 0/ },
];

describe.concurrent('invalid input is refused before anything is sent', () => {
	it.each(cases)('$name', async ({ resource = 'image', operation, params = {}, input = {}, error }) => {
		const emu = await emulator();
		const result = await tnl(emu, op(resource, operation, params as never), [input]);
		expect(result.error?.message).toMatch(error);
		expect(result.error?.description).toMatch(/Nothing was sent|no item was sent/);
		expect(emu.requests).toEqual([]);
	});

	it('a label the incoming message lists is sent; so is any label when the item is another message', async () => {
		const emu = await emulator();
		await tnl(emu, op('image', 'button', { button: '❤️ Favorite', waitMode: 'submit' }), [UPSCALE]);
		await tnl(emu, op('image', 'button', { button: 'V3', waitMode: 'submit', buttonMessageId: 'Other0000000000000000' }), [UPSCALE]);
		// ✉️ is a reaction, never listed: allowed on any message.
		await tnl(emu, op('image', 'button', { button: '__custom', customButton: '✉️', waitMode: 'submit' }), [GRID]);
		expect(emu.requests.map((r) => r.body)).toEqual([
			{ button: '❤️ Favorite', buttonMessageId: UPSCALE.buttonMessageId },
			{ button: 'V3', buttonMessageId: 'Other0000000000000000' },
			{ button: '✉️', buttonMessageId: GRID.buttonMessageId },
		]);
	});

	it('a literal empty required field is refused by n8n itself, naming the field', async () => {
		const emu = await emulator();
		await expect(tnl(emu, op('image', 'imagine', { prompt: '' }))).rejects.toThrow(/Parameter "Prompt" is required/);
		expect(emu.requests).toEqual([]);
	});

	it('one invalid item in a batch stops every item', async () => {
		const emu = await emulator();
		const result = await tnl(emu, op('image', 'imagine', { prompt: '={{ $json.p }}' }), [{ p: 'a' }, { p: '' }, { p: 'c' }]);
		expect(result.error?.message).toMatch(/^Prompt: must not be empty/);
		expect(result.error?.description).toMatch(/Item 2 of 3 is invalid, so no item was sent/);
		expect(emu.requests).toEqual([]);
	});

	it('with Continue On Fail only the invalid item errors; the others are sent', async () => {
		const emu = await emulator();
		const result = await tnl(emu, op('image', 'imagine', { prompt: '={{ $json.p }}', waitMode: 'submit' }), [{ p: 'a' }, { p: '' }], {
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(2);
		expect(String(result.items[1].json.error)).toMatch(/^Prompt: must not be empty/);
		expect(emu.requests.map((r) => r.body)).toEqual([{ msg: 'a' }]);
	});
});
