// Every input rule of the APIFRAME node: the node fails before sending anything, the error names
// the field as the editor shows it and the rule it broke, and the emulator sees no request at
// all (not even a status read). Only what APIFRAME's docs define is refused: value lists and
// ranges, URL shapes, the 2-5 / 2-20 counts, a parent task present, a mask that is an image.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { encodePng, patternImage } from '../emulator/legnext/png.mts';
import { apiframe, op, startEmulator, type ApiframeEmulator } from './support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const TASK = { jobId: '29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a' };
const URL_OK = 'https://a.example.com/image.png';
/** An expression that resolves to nothing: a literal empty required field is refused by n8n itself. */
const NOTHING = '={{ $json.missing }}';
const PNG = encodePng(patternImage(3, 8)).toString('base64');
const binaryItem = (data: string, mimeType: string) =>
	({ json: TASK, binary: { data: { data, mimeType, fileName: 'mask' } } }) as unknown as IDataObject;

interface Case {
	name: string;
	resource?: string;
	operation: string;
	params?: IDataObject;
	input?: IDataObject;
	/** The start of the error message: "<field>: <rule>". */
	error: RegExp;
}

const cases: Case[] = [
	// Prompts: required where the docs mark them (*), never empty.
	{ name: 'Imagine without prompt', operation: 'imagine', params: { prompt: NOTHING }, error: /^Prompt: must not be empty/ },
	{ name: 'Imagine with a blank prompt', operation: 'imagine', params: { prompt: '={{ "   " }}' }, error: /^Prompt: must not be empty/ },
	{ name: 'Shorten without prompt', operation: 'shorten', params: { prompt: NOTHING }, error: /^Prompt: must not be empty/ },
	{ name: 'Imagine Video without prompt', resource: 'video', operation: 'imagineVideo', params: { prompt: NOTHING, imageUrl: URL_OK }, error: /^Prompt: must not be empty/ },
	{ name: 'Extend Video without prompt', resource: 'video', operation: 'extendVideo', params: { prompt: NOTHING }, error: /^Prompt: must not be empty/ },
	// Aspect ratio: width:height in whole numbers (the docs' default "1:1", every sample).
	{ name: 'aspect ratio "wide"', operation: 'imagine', params: { prompt: 'x', aspectRatio: 'wide' }, error: /^Aspect Ratio: must be width:height in whole numbers \(e\.g\. 16:9\), got "wide"/ },
	{ name: 'aspect ratio 16x9', operation: 'reroll', params: { aspectRatio: '16x9' }, error: /^Aspect Ratio: must be width:height/ },
	{ name: 'aspect ratio 0:1', operation: 'variations', params: { aspectRatio: '0:1' }, error: /^Aspect Ratio: must be width:height/ },
	{ name: 'aspect ratio 1.5:1', operation: 'outpaint', params: { aspectRatio: '1.5:1' }, error: /^Aspect Ratio: must be width:height/ },
	// Value lists, also when an expression bypasses the editor.
	{ name: 'speed relax', operation: 'imagine', params: { prompt: 'x', processMode: '={{ "relax" }}' }, error: /^Speed: must be one of Default \(\), Fast \(fast\), Turbo \(turbo\), got "relax"/ },
	{ name: 'Upscale 1x index 5', operation: 'upscale1x', params: { index: '={{ 5 }}' }, error: /^Image: must be one of Image 1 \(1\), Image 2 \(2\), Image 3 \(3\), Image 4 \(4\), got 5/ },
	{ name: 'Upscale 1x index 0', operation: 'upscale1x', params: { index: '={{ "0" }}' }, error: /^Image: must be one of .*got "0"/ },
	{ name: 'Variations index "wild"', operation: 'variations', params: { index: '={{ "wild" }}' }, error: /^Image: must be one of Image 1 \(1\).*Strong \(Upscaled Image\) \(strong\), Subtle \(Upscaled Image\) \(subtle\), got "wild"/ },
	{ name: 'Extend Video index 5', resource: 'video', operation: 'extendVideo', params: { prompt: 'x', index: '={{ 5 }}' }, error: /^Video: must be one of Video 1 \(1\)/ },
	{ name: 'Upscale Alt type medium', operation: 'upscaleAlt', params: { upscaleType: '={{ "medium" }}' }, error: /^Type: must be one of Creative \(creative\), Subtle \(subtle\), got "medium"/ },
	{ name: 'High-Res scale 8x', operation: 'upscaleHighres', params: { highresType: '={{ "8x" }}' }, error: /^Scale: must be one of 2x, 4x, got "8x"/ },
	{ name: 'High-Res index 5', operation: 'upscaleHighres', params: { highresIndex: '={{ 5 }}' }, error: /^Image: must be one of Image 1 \(1\).*Whole Image \(Single-Image Task\) \(0\), got 5/ },
	{ name: 'Pan direction north', operation: 'pan', params: { direction: '={{ "north" }}' }, error: /^Direction: must be one of Down \(down\), Left \(left\), Right \(right\), Up \(up\), got "north"/ },
	{ name: 'Blend dimension wide', operation: 'blend', params: { imageUrls: [URL_OK, URL_OK], dimension: '={{ "wide" }}' }, error: /^Dimension: must be one of Landscape \(landscape\), Portrait \(portrait\), Square \(square\)/ },
	{ name: 'video motion medium', resource: 'video', operation: 'imagineVideo', params: { prompt: 'x', imageUrl: URL_OK, motion: '={{ "medium" }}' }, error: /^Motion: must be one of High \(high\), Low \(low\)/ },
	// Outpaint zoom: 1, 1.5, 2, or a custom value in (1, 2].
	{ name: 'zoom 3', operation: 'outpaint', params: { zoom: '={{ 3 }}' }, error: /^Zoom: must be one of Custom \(custom\), Make Square \(1\), Zoom Out 1.5x \(1.5\), Zoom Out 2x \(2\), got 3/ },
	{ name: 'custom zoom 1', operation: 'outpaint', params: { zoom: 'custom', customZoom: 1 }, error: /^Custom Zoom: must be greater than 1, got 1/ },
	{ name: 'custom zoom 2.5', operation: 'outpaint', params: { zoom: 'custom', customZoom: '={{ 2.5 }}' }, error: /^Custom Zoom: must be at most 2, got 2.5/ },
	{ name: 'custom zoom not a number', operation: 'outpaint', params: { zoom: 'custom', customZoom: '={{ "far" }}' }, error: /^Custom Zoom: must be a number/ },
	// Parent task present (APIFRAME checks its kind and state).
	...(['reroll', 'upscale1x', 'upscaleAlt', 'upscaleHighres', 'variations', 'inpaint', 'outpaint', 'pan'] as const).map(
		(operation): Case => ({ name: `${operation} without a parent task`, operation, params: { maskSource: 'base64', maskBase64: PNG }, input: {}, error: /^Parent Task ID: must not be empty/ }),
	),
	{ name: 'Extend Video without a parent task', resource: 'video', operation: 'extendVideo', params: { prompt: 'x' }, input: {}, error: /^Parent Task ID: must not be empty/ },
	{ name: 'Seed without a task', operation: 'seed', input: {}, error: /^Task ID: must not be empty/ },
	{ name: 'Task > Get without a task', resource: 'task', operation: 'getTask', input: {}, error: /^Task ID: must not be empty/ },
	// URLs: absolute http(s).
	{ name: 'Describe without image URL', operation: 'describe', params: { imageUrl: NOTHING }, error: /^Image URL: must not be empty/ },
	{ name: 'Describe with a file path', operation: 'describe', params: { imageUrl: '/tmp/cat.png' }, error: /^Image URL: "\/tmp\/cat.png" is not an http\(s\) URL/ },
	{ name: 'High-Res from an ftp URL', operation: 'upscaleHighres', params: { highresSource: 'url', imageUrl: 'ftp://a.example.com/x.png' }, error: /^Image URL: .* is not an http\(s\) URL/ },
	{ name: 'Face Swap without target', operation: 'faceSwap', params: { targetImageUrl: NOTHING, swapImageUrl: URL_OK }, error: /^Target Image URL: must not be empty/ },
	{ name: 'Face Swap with a bad face URL', operation: 'faceSwap', params: { targetImageUrl: URL_OK, swapImageUrl: 'me.png' }, error: /^Face Image URL: "me.png" is not an http\(s\) URL/ },
	{ name: 'Imagine Video without start frame', resource: 'video', operation: 'imagineVideo', params: { prompt: 'x', imageUrl: NOTHING }, error: /^Start Frame URL: must not be empty/ },
	{ name: 'Extend Video with a bad image URL', resource: 'video', operation: 'extendVideo', params: { prompt: 'x', imageUrl: 'www.example.com/a.png' }, error: /^Image URL: .* is not an http\(s\) URL/ },
	// Counts: Blend 2-5 URLs, Get Many 2-20 ids.
	{ name: 'Blend with one URL', operation: 'blend', params: { imageUrls: [URL_OK] }, error: /^Image URLs: needs 2-5 image URLs, got 1/ },
	{ name: 'Blend with six URLs', operation: 'blend', params: { imageUrls: [URL_OK, `${URL_OK} ${URL_OK}`, URL_OK, URL_OK, URL_OK] }, error: /^Image URLs: needs 2-5 image URLs, got 6/ },
	{ name: 'Blend with a bad URL', operation: 'blend', params: { imageUrls: [URL_OK, 'data:image/png;base64,AAAA'] }, error: /^Image URLs \(URL 2\): .* is not an http\(s\) URL/ },
	{ name: 'Get Many with one id', resource: 'task', operation: 'getManyTasks', params: { taskIds: 'a-1' }, error: /^Task IDs: needs 2-20 task IDs, got 1/ },
	{ name: 'Get Many with 21 ids', resource: 'task', operation: 'getManyTasks', params: { taskIds: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }, error: /^Task IDs: needs 2-20 task IDs, got 21/ },
	// Inpaint mask: an image, from a binary property or base64.
	{ name: 'mask binary property missing', operation: 'inpaint', params: { maskBinaryProperty: 'mask' }, error: /^Mask Binary Property: the incoming item has no binary property "mask"/ },
	{ name: 'mask binary not an image', operation: 'inpaint', input: binaryItem(Buffer.from('hello, world').toString('base64'), 'text/plain'), error: /^Mask Binary Property: "data" is not a PNG, JPEG, WebP or GIF image/ },
	{ name: 'mask base64 empty', operation: 'inpaint', params: { maskSource: 'base64', maskBase64: NOTHING }, error: /^Mask \(Base64\): must not be empty/ },
	{ name: 'mask base64 not base64', operation: 'inpaint', params: { maskSource: 'base64', maskBase64: 'this is not base64!' }, error: /^Mask \(Base64\): is not base64 text or a data:image\/…;base64 URL/ },
	{ name: 'mask base64 not an image', operation: 'inpaint', params: { maskSource: 'base64', maskBase64: Buffer.from('just text').toString('base64') }, error: /^Mask \(Base64\): does not hold a PNG, JPEG, WebP or GIF image/ },
	{ name: 'mask data URL with the wrong type', operation: 'inpaint', params: { maskSource: 'base64', maskBase64: `data:image/jpeg;base64,${PNG}` }, error: /^Mask \(Base64\): says image\/jpeg but holds image\/png/ },
	// The shared wait fields.
	{ name: 'callback URL not http', operation: 'imagine', params: { prompt: 'x', waitMode: 'callback', callbackUrl: 'hooks.example.com' }, error: /^Callback URL: .* is not an http\(s\) URL/ },
	{ name: 'trigger URL blank', operation: 'imagine', params: { prompt: 'x', waitMode: 'trigger', triggerUrl: '={{ "  " }}' }, error: /^Trigger URL: must not be empty/ },
	{ name: 'timeout 0', operation: 'imagine', params: { prompt: 'x', options: { timeout: '={{ 0 }}' } }, error: /^Timeout \(Seconds\): must be greater than 0/ },
];

describe('invalid input is refused before anything is sent', () => {
	it.each(cases)('$name', async ({ resource = 'image', operation, params = {}, input = TASK, error }) => {
		const result = await apiframe(emu, op(resource, operation, params as never), [input]);
		expect(result.error?.message).toMatch(error);
		expect(result.error?.description).toMatch(/Nothing was sent/);
		expect(emu.requests).toEqual([]);
	});

	it('a mask binary that is an image passes the check (the same item, but a PNG)', async () => {
		const result = await apiframe(emu, op('image', 'inpaint', { waitMode: 'submit' }), [binaryItem(PNG, 'application/octet-stream')]);
		// APIFRAME answers (400: no such parent task): the request went out with the mask.
		expect(result.error?.message).toMatch(/^APIFRAME: parent_task_id: no task with id/);
		expect((emu.requests[0].body as IDataObject).mask).toBe(`data:image/png;base64,${PNG}`);
	});

	it('a literal empty required field is refused by n8n itself, naming the field', async () => {
		await expect(apiframe(emu, op('image', 'imagine', { prompt: '' }), [{}])).rejects.toThrow(/Parameter "Prompt" is required/);
		expect(emu.requests).toEqual([]);
	});

	it('"Resume This Execution" takes one item: two are refused before anything is sent', async () => {
		const result = await apiframe(emu, op('image', 'imagine', { prompt: 'x', waitMode: 'resume' }), [{}, {}]);
		expect(result.error?.message).toMatch(/^Wait Mode: "Resume This Execution" takes one item per execution, got 2/);
		expect(emu.requests).toEqual([]);
	});

	it('one invalid item in a batch stops every item', async () => {
		const result = await apiframe(emu, op('image', 'upscale1x', { index: '={{ $json.n }}' }), [
			{ ...TASK, n: 1 },
			{ ...TASK, n: 7 },
			{ ...TASK, n: 2 },
		]);
		expect(result.error?.message).toMatch(/^Image: must be one of/);
		expect(result.error?.description).toMatch(/Item 2 of 3 is invalid, so no item was sent/);
		expect(emu.requests).toEqual([]);
	});

	it('with Continue On Fail only the invalid item errors; the others are sent', async () => {
		const result = await apiframe(
			emu,
			op('image', 'imagine', { prompt: '={{ $json.prompt }}', waitMode: 'submit' }),
			[{ prompt: 'a cat' }, { prompt: '' }, { prompt: 'a dog' }],
			{ continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual(['pending', expect.stringMatching(/^Prompt: must not be empty/), 'pending']);
		expect(emu.requests.map((r) => (r.body as IDataObject).prompt).sort()).toEqual(['a cat', 'a dog']);
	});
});
