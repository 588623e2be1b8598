// Every input rule of the follow-up operations: the node fails before sending anything, and the
// error names the field as the editor shows it and the rule it broke. The emulator must see
// no request at all (not even a status read).
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { op } from './operations-support.mts';
import { legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const JOB = { jobId: '5dd94ec3-7282-4f04-9445-59e850ef1822' };
const URL_OK = 'https://a.example.com/image.png';
const LONG_URL = `https://a.example.com/${'x'.repeat(1010)}.png`; // 1036 characters
const TOO_LONG = 'a'.repeat(8193);
/** An expression that resolves to nothing: a literal empty required field is refused by n8n itself. */
const NOTHING = '={{ $json.missing }}';
const area = (values: IDataObject) => ({
	maskSource: 'areas',
	maskAreas: { area: [{ width: 1024, height: 1024, points: '10,10,10,100,100,100', ...values }] },
});

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
	// Job ID: required; the default reads the incoming item, which here has none.
	{ name: 'Job ID missing from the incoming item', operation: 'variation', input: {}, error: /^Job ID: must not be empty/ },
	{ name: 'Job ID blank', operation: 'upscale', params: { jobId: '  ' }, error: /^Job ID: must not be empty/ },
	{ name: 'Job ID missing (Video Upscale)', resource: 'video', operation: 'videoUpscale', input: {}, error: /^Job ID: must not be empty/ },
	// Image / Video number: 0-3 (legnext.md: "Image number ... (0/1/2/3)").
	{ name: 'image number 4', operation: 'pan', params: { imageNo: '={{ 4 }}' }, error: /^Image: must be one of Image 1 \(0\), Image 2 \(1\), Image 3 \(2\), Image 4 \(3\), got 4/ },
	{ name: 'image number as text outside 0-3', operation: 'enhance', params: { imageNo: '={{ "7" }}' }, error: /^Image: must be one of .*got "7"/ },
	{ name: 'video number 4', resource: 'video', operation: 'extendVideo', params: { videoNo: '={{ 4 }}' }, error: /^Video: must be one of Video 1 \(0\).*got 4/ },
	// Enumerations.
	{ name: 'variation type 2', operation: 'variation', params: { variationType: '={{ 2 }}' }, error: /^Variation Type: must be one of Strong \(1\), Subtle \(0\), got 2/ },
	{ name: 'deprecated upscale type 2 (2x)', operation: 'upscale', params: { upscaleType: '={{ 2 }}' }, error: /^Upscale Type: must be one of Creative \(1\), Subtle \(0\), got 2/ },
	{ name: 'pan direction 4', operation: 'pan', params: { panDirection: '={{ 4 }}' }, error: /^Direction: must be one of Down \(0\), Left \(3\), Right \(1\), Up \(2\), got 4/ },
	{ name: 'remix mode 2', operation: 'remix', params: { remixPrompt: 'x', remixMode: '={{ 2 }}' }, error: /^Mode: must be one of Strong \(0\), Subtle \(1\), got 2/ },
	{ name: 'video type 2', resource: 'video', operation: 'videoDiffusion', params: { videoType: '={{ 2 }}' }, error: /^Resolution: must be one of 480p \(0\), 720p \(1\), got 2/ },
	{ name: 'blend aspect ratio 16:9', operation: 'blend', params: { imageUrls: [URL_OK, URL_OK], aspectRatio: '={{ "16:9" }}' }, input: {}, error: /^Aspect Ratio: must be one of .*got "16:9"/ },
	{ name: 'Topaz resolution 16K', operation: 'topazUpscale', params: { imageUrl: URL_OK, topazResolution: '={{ "16K" }}' }, error: /^Target Resolution: must be one of 12K, 2K, 4K, 6K, 8K, FHD, HD, got "16K"/ },
	{ name: 'Topaz content type', operation: 'topazUpscale', params: { imageUrl: URL_OK, topazContentType: '={{ "anime" }}' }, error: /^Content Type: must be one of/ },
	{ name: 'Topaz aspect ratio', operation: 'topazUpscale', params: { imageUrl: URL_OK, topazAspectRatio: '={{ "7:5" }}' }, error: /^Aspect Ratio: must be one of/ },
	{ name: 'Topaz crop mode', operation: 'topazUpscale', params: { imageUrl: URL_OK, topazCropMode: '={{ "fit" }}' }, error: /^Crop Mode: must be one of/ },
	{ name: 'Topaz output format', operation: 'topazUpscale', params: { imageUrl: URL_OK, topazOutputFormat: '={{ "gif" }}' }, error: /^Output Format: must be one of/ },
	{ name: 'Topaz face enhancement', operation: 'topazUpscale', params: { imageUrl: URL_OK, topazFaceEnhancement: '={{ "max" }}' }, error: /^Face Enhancement: must be one of/ },
	// Scales: Pan 1.1-3.0, Outpaint 1.1-2.0.
	{ name: 'pan scale 3.5', operation: 'pan', params: { panScale: '={{ 3.5 }}' }, error: /^Scale: must be at most 3, got 3.5/ },
	{ name: 'pan scale 1.0', operation: 'pan', params: { panScale: '={{ 1 }}' }, error: /^Scale: must be at least 1.1, got 1/ },
	{ name: 'pan scale not a number', operation: 'pan', params: { panScale: '={{ "wide" }}' }, error: /^Scale: must be a number/ },
	{ name: 'outpaint scale 2.5', operation: 'outpaint', params: { outpaintScale: '={{ 2.5 }}' }, error: /^Scale: must be at most 2, got 2.5/ },
	{ name: 'outpaint scale 1.05', operation: 'outpaint', params: { outpaintScale: '={{ 1.05 }}' }, error: /^Scale: must be at least 1.1/ },
	// Prompts: required where the docs say so, 1-8192 characters.
	{ name: 'Remix without remix prompt', operation: 'remix', params: { remixPrompt: NOTHING }, error: /^Remix Prompt: must not be empty/ },
	{ name: 'Edit without remix prompt', operation: 'edit', params: { remixPrompt: NOTHING }, error: /^Remix Prompt: must not be empty/ },
	{ name: 'Upload Paint without remix prompt', operation: 'uploadPaint', params: { imageUrl: URL_OK, remixPrompt: NOTHING, ...area({}) }, error: /^Remix Prompt: must not be empty/ },
	{ name: 'Retexture without remix prompt', operation: 'retexture', params: { imageUrl: URL_OK, remixPrompt: '={{ "  " }}' }, error: /^Remix Prompt: must not be empty/ },
	{ name: 'Variation remix prompt over 8192', operation: 'variation', params: { remixPrompt: TOO_LONG }, error: /^Remix Prompt: is 8193 characters long; the limit is 8192/ },
	{ name: 'Pan remix prompt over 8192', operation: 'pan', params: { remixPrompt: TOO_LONG }, error: /^Remix Prompt: is 8193 characters long/ },
	{ name: 'Outpaint remix prompt over 8192', operation: 'outpaint', params: { remixPrompt: TOO_LONG }, error: /^Remix Prompt: is 8193/ },
	{ name: 'Inpaint remix prompt over 8192', operation: 'inpaint', params: { ...area({}), remixPrompt: TOO_LONG }, error: /^Remix Prompt: is 8193/ },
	{ name: 'Shorten without prompt', operation: 'shorten', params: { prompt: NOTHING }, error: /^Prompt: must not be empty/ },
	{ name: 'Shorten prompt over 8192', operation: 'shorten', params: { prompt: TOO_LONG }, error: /^Prompt: is 8193 characters long/ },
	{ name: 'text video without prompt', resource: 'video', operation: 'videoDiffusion', params: { videoInput: 'text' }, error: /^Prompt: must not be empty/ },
	{ name: 'video prompt over 8192', resource: 'video', operation: 'videoDiffusion', params: { prompt: TOO_LONG }, error: /^Prompt: is 8193/ },
	{ name: 'image URL + prompt over 8192', resource: 'video', operation: 'videoDiffusion', params: { videoInput: 'imageUrl', imageUrl: URL_OK, prompt: 'a'.repeat(8170) }, error: /^Prompt \(with the image URL in front\): is 8202 characters long/ },
	{ name: 'Extend prompt over 8192', resource: 'video', operation: 'extendVideo', params: { prompt: TOO_LONG }, error: /^Prompt: is 8193/ },
	// Image URLs: http(s); 1024 characters where the docs say so.
	{ name: 'Describe without image URL', operation: 'describe', params: { imageUrl: NOTHING }, error: /^Image URL: must not be empty/ },
	{ name: 'Describe with a file path', operation: 'describe', params: { imageUrl: '/tmp/cat.png' }, error: /^Image URL: "\/tmp\/cat.png" is not an http\(s\) URL/ },
	{ name: 'Upload Paint URL over 1024', operation: 'uploadPaint', params: { imageUrl: LONG_URL, remixPrompt: 'x', ...area({}) }, error: /^Image URL: is 1036 characters long; the limit is 1024/ },
	{ name: 'Retexture URL over 1024', operation: 'retexture', params: { imageUrl: LONG_URL, remixPrompt: 'x' }, error: /^Image URL: is 1036 characters long; the limit is 1024/ },
	{ name: 'Remove Background URL over 1024', operation: 'removeBackground', params: { imageUrl: LONG_URL }, error: /^Image URL: is 1036 characters long; the limit is 1024/ },
	{ name: 'Remove Background ftp URL', operation: 'removeBackground', params: { imageUrl: 'ftp://a.example.com/x.png' }, error: /^Image URL: .* is not an http\(s\) URL/ },
	{ name: 'video from a bad image URL', resource: 'video', operation: 'videoDiffusion', params: { videoInput: 'imageUrl', imageUrl: 'example.com/x.jpg' }, error: /^Image URL: .* is not an http\(s\) URL/ },
	// Blend: 2-5 URLs, each http(s).
	{ name: 'Blend with one URL', operation: 'blend', params: { imageUrls: [URL_OK] }, error: /^Image URLs: needs 2-5 image URLs, got 1/ },
	{ name: 'Blend with six URLs', operation: 'blend', params: { imageUrls: [URL_OK, URL_OK, URL_OK, `${URL_OK} ${URL_OK} ${URL_OK}`] }, error: /^Image URLs: needs 2-5 image URLs, got 6/ },
	{ name: 'Blend with a bad URL', operation: 'blend', params: { imageUrls: [URL_OK, 'data:image/png;base64,AAAA'] }, error: /^Image URLs \(URL 2\): .* is not an http\(s\) URL/ },
	// Masks: polygons (width/height 500-4096, integer x,y pairs) or a mask image URL.
	{ name: 'Inpaint with no area', operation: 'inpaint', params: { maskSource: 'areas', maskAreas: {} }, error: /^Mask Areas: add at least one area/ },
	{ name: 'polygon width 499', operation: 'inpaint', params: area({ width: 499 }), error: /^Mask Areas > Area 1 > Image Width: must be at least 500, got 499/ },
	{ name: 'polygon height 4097', operation: 'inpaint', params: area({ height: '={{ 4097 }}' }), error: /^Mask Areas > Area 1 > Image Height: must be at most 4096/ },
	{ name: 'polygon width not whole', operation: 'uploadPaint', params: { imageUrl: URL_OK, remixPrompt: 'x', ...area({ width: 600.5 }) }, error: /^Mask Areas > Area 1 > Image Width: must be a whole number/ },
	{ name: 'polygon with 2 corners', operation: 'inpaint', params: area({ points: '10,10,100,100' }), error: /^Mask Areas > Area 1 > Points: needs x,y pairs for at least 3 corners, got 4 numbers/ },
	{ name: 'polygon with an odd count', operation: 'inpaint', params: area({ points: '10,10,100,100,50' }), error: /^Mask Areas > Area 1 > Points: needs x,y pairs/ },
	{ name: 'polygon point not a number', operation: 'edit', params: { remixPrompt: 'x', ...area({ points: '10,10,a,100,100,100' }) }, error: /^Mask Areas > Area 1 > Points: entry 3 \("a"\) is not a whole number/ },
	{ name: 'polygon point negative', operation: 'inpaint', params: area({ points: '10,-1,100,100,50,50' }), error: /^Mask Areas > Area 1 > Points: entry 2 must be at least 0/ },
	{ name: 'polygon corner outside the image', operation: 'inpaint', params: area({ points: '10,10,2000,10,10,100' }), error: /^Mask Areas > Area 1 > Points: corner 2 has x = 2000, outside 1024x1024/ },
	{ name: 'mask image URL missing', operation: 'inpaint', params: { maskSource: 'url', maskUrl: NOTHING }, error: /^Mask Image URL: must not be empty/ },
	{ name: 'mask image URL not http', operation: 'uploadPaint', params: { imageUrl: URL_OK, remixPrompt: 'x', maskSource: 'url', maskUrl: 'mask.png' }, error: /^Mask Image URL: .* is not an http\(s\) URL/ },
	{ name: 'mask source unknown', operation: 'inpaint', params: { maskSource: '={{ "lasso" }}', maskUrl: URL_OK }, error: /^Mask: must be one of Mask Image URL \(url\), Polygon Areas \(areas\), got "lasso"/ },
	// Canvas and image position: whole pixels, sizes at least 1.
	{ name: 'canvas width 0', operation: 'edit', params: { remixPrompt: 'x', canvasWidth: 0 }, error: /^Canvas Width: must be at least 1, got 0/ },
	{ name: 'image height not whole', operation: 'uploadPaint', params: { imageUrl: URL_OK, remixPrompt: 'x', ...area({}), imageHeight: 300.5 }, error: /^Image Height: must be a whole number, got 300.5/ },
	{ name: 'image x not whole', operation: 'edit', params: { remixPrompt: 'x', imageX: '={{ 1.5 }}' }, error: /^Image X: must be a whole number/ },
	{ name: 'image y not a number', operation: 'edit', params: { remixPrompt: 'x', imageY: '={{ "top" }}' }, error: /^Image Y: must be a number/ },
	// Topaz: an image URL, or a job and one of its images.
	{ name: 'Topaz from URL without URL', operation: 'topazUpscale', params: { imageUrl: NOTHING }, error: /^Image URL: must not be empty/ },
	{ name: 'Topaz from a job without Job ID', operation: 'topazUpscale', params: { topazSource: 'job' }, input: {}, error: /^Job ID: must not be empty/ },
	{ name: 'Topaz from a job with image 5', operation: 'topazUpscale', params: { topazSource: 'job', imageNo: '={{ 4 }}' }, error: /^Image: must be one of/ },
	// Video Generate: the job input needs a job.
	{ name: 'animate a job without Job ID', resource: 'video', operation: 'videoDiffusion', params: { videoInput: 'job' }, input: {}, error: /^Job ID: must not be empty/ },
];

describe('invalid input is refused before anything is sent', () => {
	it.each(cases)('$name', async ({ resource = 'image', operation, params = {}, input = JOB, error }) => {
		const result = await legnext(emu, op(resource, operation, params as never), [input]);
		expect(result.error?.message).toMatch(error);
		expect(result.error?.description).toMatch(/Nothing was sent/);
		expect(emu.requests).toEqual([]);
	});

	it('a literal empty required field is refused by n8n itself, naming the field', async () => {
		// WorkflowExecute checks required parameters before the run starts, and throws.
		await expect(legnext(emu, op('image', 'remix', { ...JOB, remixPrompt: '' }), [{}])).rejects.toThrow(
			/Parameter "Remix Prompt" is required/,
		);
		expect(emu.requests).toEqual([]);
	});

	it('an image number that arrives as a numeric string (from a sheet) is sent as that number', async () => {
		await legnext(emu, op('image', 'variation', { imageNo: '={{ $json.n }}' }), [{ ...JOB, n: '0' }, { ...JOB, n: ' 3 ' }]);
		const sent = emu.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { imageNo: unknown }).imageNo);
		expect(sent.sort()).toEqual([0, 3]);
	});

	it('one invalid item in a batch stops every item', async () => {
		const result = await legnext(emu, op('image', 'variation', { imageNo: '={{ $json.n }}' }), [
			{ ...JOB, n: 0 },
			{ ...JOB, n: 7 },
			{ ...JOB, n: 1 },
		]);
		expect(result.error?.message).toMatch(/^Image: must be one of/);
		expect(result.error?.description).toMatch(/Item 2 of 3 is invalid, so no item was sent/);
		expect(emu.requests).toEqual([]);
	});
});
