// Bad input gets an error that names the field, before any request: the emulator receives nothing.
// The core's gate checks every item first, so one bad item stops the whole batch.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChubEmulator } from '../emulator/chub/index.mts';
import { binaryItem, chub, op, PNG_BYTES, startEmulator, WAV_BYTES } from './support.mts';

let emu: ChubEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => emu?.close());

const png = (json: IDataObject = {}) =>
	binaryItem(PNG_BYTES, { fileName: 'a.png', mimeType: 'image/png', json });
const wav = () => binaryItem(WAV_BYTES, { fileName: 'a.wav', mimeType: 'audio/wav' });
const text = (json: IDataObject = {}) =>
	binaryItem(Buffer.from('hello'), { fileName: 'a.txt', mimeType: 'text/plain', json });

const CASES: Array<[string, INodeParameters, IDataObject[] | INodeExecutionData[], RegExp]> = [
	[
		'empty prompt',
		op('image', 'textToImage', { prompt: '={{ "  " }}' }),
		[{}],
		/^Prompt: must not be empty/,
	],
	[
		'image URL that is not http(s)',
		op('image', 'upscale', { imageUrl: 'ftp://x/y.png' }),
		[{}],
		/^Image URL: "ftp:\/\/x\/y.png" is not an http\(s\) URL/,
	],
	[
		'broken data: URL',
		op('image', 'upscale', { imageUrl: 'data:image/png;base64' }),
		[{}],
		/^Image URL: is not a valid data: URL/,
	],
	[
		'missing binary image',
		op('image', 'imageToImage', {
			prompt: 'x',
			initImageSource: 'binary',
			initImageBinary: 'photo',
		}),
		[png()],
		/^Init Image Binary Property: the incoming item has no binary property "photo" \(it has data\)/,
	],
	[
		'binary that is not an image',
		op('video', 'animate', { initImageSource: 'binary' }),
		[text()],
		/^Image Binary Property: "data" is text\/plain, not an image/,
	],
	[
		'empty mask URL',
		op('image', 'inpaint', {
			prompt: 'x',
			imageUrl: 'https://a.example/i.png',
			maskUrl: '={{ "" }}',
		}),
		[{}],
		/^Mask URL: must not be empty/,
	],
	[
		'text for a whole number',
		op('image', 'textToImage', { prompt: 'x', additionalFields: { width: '={{ "wide" }}' } }),
		[{}],
		/^Width: must be a number/,
	],
	[
		'a fraction for a whole number',
		op('video', 'generateVideo', { prompt: 'x', additionalFields: { numFrames: '={{ 12.5 }}' } }),
		[{}],
		/^Number of Frames: must be a whole number, got 12.5/,
	],
	[
		'Extra Body Fields that are not JSON',
		op('audio', 'generateMusic', { prompt: 'x', additionalFields: { extraBody: '{oops' } }),
		[{}],
		/^Extra Body Fields \(JSON\): is not valid JSON/,
	],
	[
		'Extra Body Fields that are a list',
		op('image', 'inpaint', {
			prompt: 'x',
			imageUrl: 'https://a.example/i.png',
			maskUrl: 'https://a.example/m.png',
			additionalFields: { extraBody: '[1]' },
		}),
		[{}],
		/^Extra Body Fields \(JSON\): must be a JSON object/,
	],
	[
		'empty transcript',
		op('audio', 'textToSpeech', { transcript: '={{ $json.missing }}' }),
		[{}],
		/^Transcript: must not be empty/,
	],
	[
		'speech to text without the audio',
		op('audio', 'speechToText', { audioBinary: 'voice' }),
		[wav()],
		/^Audio Binary Property: the incoming item has no binary property "voice"/,
	],
	[
		'speech to text of an image',
		op('audio', 'speechToText', {}),
		[png()],
		/^Audio Binary Property: "data" is image\/png, not audio/,
	],
	[
		'a new voice without a sample',
		op('voice', 'cloneVoice', { audioBinary: '' }),
		[{}],
		/^Audio Binary Property: a new voice needs an audio sample/,
	],
	[
		'delete without a voice',
		op('voice', 'deleteVoice', { voiceId: ' ' }),
		[{}],
		/^Voice ID: must not be empty/,
	],
	[
		'complete without a message',
		op('text', 'complete', { messages: { message: [{ role: 'user', content: ' ' }] } }),
		[{}],
		/^Messages: add at least one message with content/,
	],
	[
		'task without an id',
		op('task', 'getTask', { requestType: 'tts' }),
		[{}],
		/^Generation UUID: must not be empty/,
	],
	[
		'task without a request type',
		op('task', 'getTask', { generationUuid: 'abc' }),
		[{}],
		/^Request Type: must not be empty/,
	],
	[
		'project update without fields',
		op('project', 'updateProject', { projectUuid: 'abc' }),
		[{}],
		/^Update Fields: add at least one field to change/,
	],
	[
		'zero as a limit',
		op('account', 'getGenerations', { limit: '={{ 0 }}' }),
		[{}],
		/^Limit: must be at least 1, got 0/,
	],
	[
		'a timeout of zero',
		op('image', 'textToImage', { prompt: 'x', options: { timeout: 0 } }),
		[{}],
		/^Timeout \(Seconds\): must be greater than 0/,
	],
];

describe.concurrent('bad input: a field-named error and no request', () => {
	it.each(CASES)('%s', async (_label, parameters, input, message) => {
		const before = emu.requests.length;
		const run = await chub(emu, parameters, input);
		expect(run.error?.message).toMatch(message);
		expect(run.error?.description).toMatch(/Nothing was sent|no item was sent/);
		expect(emu.requests.length).toBe(before);
	});
});

it('one bad item of a batch stops every item, before anything is sent', async () => {
	const emptyRun = await startEmulator();
	try {
		const run = await chub(
			emptyRun,
			op('image', 'textToImage', { prompt: '={{ $json.prompt }}' }),
			[{ prompt: 'a' }, { prompt: 'b' }, { prompt: '' }, { prompt: 'd' }],
		);
		expect(run.error?.message).toMatch(/^Prompt: must not be empty/);
		expect(run.error?.description).toMatch(/Item 3 of 4 is invalid, so no item was sent/);
		expect(emptyRun.requests).toHaveLength(0);
	} finally {
		await emptyRun.close();
	}
});

it('Continue On Fail: only the bad item errors, the others are sent', async () => {
	const own = await startEmulator();
	try {
		const run = await chub(
			own,
			op('audio', 'speechToText', { audioBinary: 'data' }),
			[wav(), png(), wav()],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		expect(run.items[1].json.error).toMatch(/not audio/);
		expect(run.items[0].json.reference_text).toMatch(/Emulated transcript of a\.wav/);
		expect(own.requests.filter((r) => r.apiPath === '/stt')).toHaveLength(2);
	} finally {
		await own.close();
	}
});
