// The Image and Video operations through n8n's engine against the Chub emulator: for each one the
// body as imagine-api.txt gives it (image inputs by URL and as n8n binaries, whose bytes arrive as
// data URLs), the result shape, and the result file stored as n8n binary data with its type.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChubEmulator } from '../emulator/chub/index.mts';
import {
	binaryItem,
	chub,
	dataUrl,
	op,
	PNG_BYTES,
	PNG_SIGNATURE,
	served,
	startEmulator,
	submitOf,
	type ChubRun,
} from './support.mts';

let emu: ChubEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => emu?.close());

const PICTURE = 'https://images.example.com/photos/red-bicycle.png';
const MASK = 'https://images.example.com/masks/center.png';
const download = { options: { download: 'results' } };

/** Runs one operation, expects one finished item, returns it with the body the API received. */
async function generate(
	resource: string,
	operation: string,
	params: IDataObject,
	input: IDataObject[] | INodeExecutionData[] = [{}],
): Promise<{ run: ChubRun; item: INodeExecutionData; job: IDataObject; body: IDataObject }> {
	const run = await chub(emu, op(resource, operation, params as never), input);
	expect(run.error?.message).toBeUndefined();
	expect(run.items).toHaveLength(1);
	const [item] = run.items;
	expect(item.json).toMatchObject({
		status: 'completed',
		provider: 'Chub Imagine',
		error: null,
		progress: 100,
	});
	return { run, item, job: item.json, body: submitOf(emu, item.json.jobId).body as IDataObject };
}

/** The item's binary is the file the emulator serves, with its type and a `<jobId>_0.<ext>` name. */
async function expectFile(
	run: ChubRun,
	item: INodeExecutionData,
	mimeType: string,
	extension: string,
) {
	const meta = item.binary?.data;
	expect(meta).toMatchObject({
		mimeType,
		fileExtension: extension,
		fileName: `${String(item.json.jobId)}_0.${extension}`,
	});
	const url = (item.json.file as { url: string }).url;
	const original = await served(url);
	expect(original.contentType).toBe(mimeType);
	expect((await run.binary(item, 'data')).equals(original.bytes)).toBe(true);
	return original.bytes;
}

describe.concurrent('Image', () => {
	it('Text to Image sends the prompt, the added fields and the context fields; the PNG comes back as binary', async () => {
		const { run, item, job, body } = await generate('image', 'textToImage', {
			prompt: 'A lighthouse at dawn',
			additionalFields: {
				negativePrompt: 'blurry',
				width: 768,
				height: '={{ 512 }}',
				steps: 30,
				guidanceScale: 4.5,
				aspectRatio: '16:9',
				removeBackground: true,
				seed: 42,
				chatId: 'chat-7',
				uuid: 'req-1',
				parentImage: 'img-0',
				extensionSource: 'stage',
				itemId: 'item-3',
				mode: 'm',
				subMode: 's',
			},
			...download,
		});
		expect(body).toEqual({
			prompt: 'A lighthouse at dawn',
			negative_prompt: 'blurry',
			width: 768,
			height: 512,
			num_inference_steps: 30,
			guidance_scale: 4.5,
			aspect_ratio: '16:9',
			remove_background: true,
			seed: 42,
			chat_id: 'chat-7',
			uuid: 'req-1',
			parent_image: 'img-0',
			extension_source: 'stage',
			item_id: 'item-3',
			mode: 'm',
			sub_mode: 's',
		});
		expect(job).toMatchObject({
			taskType: 'text2img',
			prompt: 'A lighthouse at dawn',
			videoUrls: [],
			audioUrls: [],
			usage: { cost: 25 },
		});
		expect(job.imageUrls).toHaveLength(1);
		expect(job.imageUrl).toBe((job.imageUrls as string[])[0]);
		const bytes = await expectFile(run, item, 'image/png', 'png');
		expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	});

	it('Text to Image sends only the prompt when nothing else is added', async () => {
		const { body } = await generate('image', 'textToImage', { prompt: '  a paper boat  ' });
		expect(body).toEqual({ prompt: 'a paper boat' });
	});

	it('Image to Image sends init_image as given, with strength and type', async () => {
		const { job, body } = await generate('image', 'imageToImage', {
			prompt: 'as a watercolor',
			initImageUrl: PICTURE,
			additionalFields: { strength: 0.55, controlType: 'depth' },
		});
		expect(body).toEqual({
			prompt: 'as a watercolor',
			init_image: PICTURE,
			strength: 0.55,
			type: 'depth',
		});
		expect(job.taskType).toBe('img2img');
	});

	it('Image to Image sends a binary image as a data URL holding its exact bytes and type', async () => {
		const input = [
			binaryItem(PNG_BYTES, { property: 'photo', fileName: 'photo.png', mimeType: 'image/png' }),
		];
		const { body } = await generate(
			'image',
			'imageToImage',
			{ prompt: 'night time', initImageSource: 'binary', initImageBinary: 'photo' },
			input,
		);
		const sent = dataUrl(body.init_image);
		expect(sent.mimeType).toBe('image/png');
		expect(sent.bytes.equals(PNG_BYTES)).toBe(true);
		expect(Object.keys(body).sort()).toEqual(['init_image', 'prompt']);
	});

	it('Image to Image names a binary without a type by its bytes', async () => {
		const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
		const input = [binaryItem(jpeg, { fileName: 'scan', mimeType: 'application/octet-stream' })];
		const { body } = await generate(
			'image',
			'imageToImage',
			{ prompt: 'sharper', initImageSource: 'binary' },
			input,
		);
		expect(dataUrl(body.init_image)).toEqual({ mimeType: 'image/jpeg', bytes: jpeg });
	});

	it('Upscale sends image, prompt, preserve_transparency and steps; the larger PNG comes back', async () => {
		const { run, item, job, body } = await generate('image', 'upscale', {
			imageUrl: PICTURE,
			additionalFields: {
				prompt: 'crisp',
				negativePrompt: 'noise',
				preserveTransparency: false,
				steps: 20,
			},
			...download,
		});
		expect(body).toEqual({
			image: PICTURE,
			prompt: 'crisp',
			negative_prompt: 'noise',
			preserve_transparency: false,
			num_inference_steps: 20,
		});
		expect(job.taskType).toBe('upscale');
		await expectFile(run, item, 'image/png', 'png');
	});

	it('Inpaint sends image and mask (a URL and a binary), prompt, strength and Extra Body Fields', async () => {
		const input = [
			binaryItem(PNG_BYTES, { property: 'mask', fileName: 'mask.png', mimeType: 'image/png' }),
		];
		const { job, body } = await generate(
			'image',
			'inpaint',
			{
				prompt: 'a tree in the middle',
				imageUrl: PICTURE,
				maskSource: 'binary',
				maskBinary: 'mask',
				additionalFields: { strength: 0.9, extraBody: '{"search_prompt": null, "strength": 0.8}' },
			},
			input,
		);
		expect(dataUrl(body.mask).bytes.equals(PNG_BYTES)).toBe(true);
		expect({ ...body, mask: 'checked' }).toEqual({
			prompt: 'a tree in the middle',
			image: PICTURE,
			mask: 'checked',
			search_prompt: null,
			strength: 0.8,
		});
		expect(job.taskType).toBe('inpaint');
	});

	it('Inpaint with a mask URL', async () => {
		const { body } = await generate('image', 'inpaint', {
			prompt: 'snow',
			imageUrl: PICTURE,
			maskUrl: MASK,
		});
		expect(body).toEqual({ prompt: 'snow', image: PICTURE, mask: MASK });
	});

	it('Remove Background sends the image and the alpha matting knobs', async () => {
		const { job, body } = await generate('image', 'removeBackground', {
			imageUrl: PICTURE,
			additionalFields: {
				alphaMatting: true,
				foregroundThreshold: 230,
				backgroundThreshold: 15,
				erodeSize: 8,
				postProcessMask: true,
			},
		});
		expect(body).toEqual({
			image: PICTURE,
			alpha_matting: true,
			alpha_matting_foreground_threshold: 230,
			alpha_matting_background_threshold: 15,
			alpha_matting_erode_size: 8,
			post_process_mask: true,
		});
		expect(job).toMatchObject({ taskType: 'removebg', usage: { cost: 5 } });
	});
});

describe.concurrent('Video', () => {
	it('Generate sends the prompt, a start image (binary) and an end image (URL), frames and loop; the MP4 comes back', async () => {
		const input = [binaryItem(PNG_BYTES, { fileName: 'start.png', mimeType: 'image/png' })];
		const { run, item, job, body } = await generate(
			'video',
			'generateVideo',
			{
				prompt: 'waves at sunset',
				initImageSource: 'binary',
				endImageSource: 'url',
				endImageUrl: PICTURE,
				additionalFields: { numFrames: 16, loop: true, fpsId: 8 },
				...download,
			},
			input,
		);
		expect(dataUrl(body.init_image).bytes.equals(PNG_BYTES)).toBe(true);
		expect({ ...body, init_image: 'checked' }).toEqual({
			prompt: 'waves at sunset',
			init_image: 'checked',
			end_image: PICTURE,
			num_frames: 16,
			loop: true,
			fps_id: 8,
		});
		expect(job).toMatchObject({
			taskType: 'video',
			imageUrls: [],
			imageUrl: null,
			audioUrls: [],
			usage: { cost: 100 },
		});
		expect(job.videoUrls).toHaveLength(1);
		const bytes = await expectFile(run, item, 'video/mp4', 'mp4');
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
	});

	it('Generate sends no image when none is chosen', async () => {
		const { body } = await generate('video', 'generateVideo', { prompt: 'rain on glass' });
		expect(body).toEqual({ prompt: 'rain on glass' });
	});

	it('Animate Image sends init_image; an empty prompt is left out', async () => {
		const { job, body } = await generate('video', 'animate', {
			initImageUrl: PICTURE,
			additionalFields: { loop: true },
		});
		expect(body).toEqual({ init_image: PICTURE, loop: true });
		expect(job.taskType).toBe('animate');
		expect(job.videoUrls).toHaveLength(1);
	});
});
