// The Audio and Voice operations through n8n's engine: the JSON bodies of /tts, /music and /foley,
// the multipart uploads of /stt and /voice_clone (the exact bytes, file name and type the emulator
// received), audio results as MP3/WAV binaries, and Text to Speech -> Speech to Text passing the
// audio between two nodes as an n8n binary.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MANUAL_TRIGGER_TYPE, runWorkflow } from '../harness/index.mts';
import { PRESET_VOICE_UUID, type ChubEmulator } from '../emulator/chub/index.mts';
import {
	binaryItem,
	calls,
	CHUB,
	chub,
	credentialsFor,
	op,
	served,
	startEmulator,
	submitOf,
	WAV_BYTES,
} from './support.mts';

let emu: ChubEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => emu?.close());

const download = { options: { download: 'results' } };
const wav = () => [
	binaryItem(WAV_BYTES, { property: 'audio', fileName: 'hello world.wav', mimeType: 'audio/wav' }),
];

describe.concurrent('Audio', () => {
	it('Text to Speech sends transcript, voice and options; the MP3 comes back as audio/mpeg', async () => {
		const run = await chub(
			emu,
			op('audio', 'textToSpeech', {
				transcript: "A wizard's job is to vex chumps quickly in fog.",
				voiceId: PRESET_VOICE_UUID,
				additionalFields: { characterId: 'char-9', model: 'f5', removeSilence: false, seed: 3 },
				...download,
			}),
		);
		expect(run.error?.message).toBeUndefined();
		const [item] = run.items;
		expect(submitOf(emu, item.json.jobId).body).toEqual({
			transcript: "A wizard's job is to vex chumps quickly in fog.",
			voice_id: PRESET_VOICE_UUID,
			character_id: 'char-9',
			model: 'f5',
			remove_silence: false,
			seed: 3,
		});
		expect(item.json).toMatchObject({
			status: 'completed',
			taskType: 'tts',
			imageUrls: [],
			videoUrls: [],
		});
		expect(item.json.audioUrls).toHaveLength(1);
		expect(item.binary?.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileExtension: 'mp3',
			fileName: `${String(item.json.jobId)}_0.mp3`,
		});
		const original = await served((item.json.audioUrls as string[])[0]);
		expect((await run.binary(item, 'data')).equals(original.bytes)).toBe(true);
	});

	it('Generate Music sends the SDK fields with tags as a list; the MP3 comes back', async () => {
		const run = await chub(
			emu,
			op('audio', 'generateMusic', {
				prompt: 'upbeat synthwave',
				additionalFields: {
					tags: 'synthwave, 80s, ,energetic',
					title: 'Night Drive',
					instrumental: true,
					lyrics: 'la la',
					lyricsPrompt: 'cars',
				},
				...download,
			}),
		);
		expect(run.error?.message).toBeUndefined();
		const [item] = run.items;
		expect(submitOf(emu, item.json.jobId).body).toEqual({
			prompt: 'upbeat synthwave',
			tags: ['synthwave', '80s', 'energetic'],
			title: 'Night Drive',
			instrumental: true,
			lyrics: 'la la',
			lyrics_prompt: 'cars',
		});
		expect(item.json.taskType).toBe('music');
		expect(item.binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
	});

	it('Generate Sound Effect sends prompt, duration and steps; the WAV comes back as audio/wav', async () => {
		const run = await chub(
			emu,
			op('audio', 'generateSoundEffect', {
				prompt: 'laser cannons',
				additionalFields: { duration: 1.5, negativePrompt: 'distorted', steps: 25 },
				...download,
			}),
		);
		expect(run.error?.message).toBeUndefined();
		const [item] = run.items;
		expect(submitOf(emu, item.json.jobId).body).toEqual({
			prompt: 'laser cannons',
			duration: 1.5,
			negative_prompt: 'distorted',
			num_inference_steps: 25,
		});
		expect(item.json.taskType).toBe('foley');
		expect(item.binary?.data).toMatchObject({ mimeType: 'audio/wav', fileExtension: 'wav' });
		const bytes = await run.binary(item, 'data');
		expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
		expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
	});

	it('Speech to Text uploads the binary as multipart `sample`, bytes, name and type kept', async () => {
		const run = await chub(emu, op('audio', 'speechToText', { audioBinary: 'audio' }), wav());
		expect(run.error?.message).toBeUndefined();
		expect(run.items.map((i) => i.json)).toEqual([
			{ reference_text: `Emulated transcript of hello world.wav (${WAV_BYTES.length} bytes).` },
		]);
		const upload = calls(emu, 'POST', '/stt').find(
			(r) =>
				r.multipart?.files[0]?.sha256 &&
				r.status === 200 &&
				r.multipart.files[0].bytes.equals(WAV_BYTES),
		);
		expect(upload).toBeDefined();
		expect(upload!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(upload!.multipart!.fields).toEqual({});
		expect(upload!.multipart!.files).toHaveLength(1);
		expect(upload!.multipart!.files[0]).toMatchObject({
			field: 'sample',
			filename: 'hello world.wav',
			contentType: 'audio/wav',
			size: WAV_BYTES.length,
		});
	});
});

describe.concurrent('Voice', () => {
	it('Clone uploads the sample and the text fields, waits for the voice and downloads its example readings', async () => {
		const run = await chub(
			emu,
			op('voice', 'cloneVoice', {
				audioBinary: 'audio',
				voiceName: 'Narrator',
				additionalFields: {
					transcript: 'Welcome aboard.',
					referenceText: 'hello world',
					model: 'all',
					characterId: 'char-2',
				},
				...download,
			}),
			wav(),
		);
		expect(run.error?.message).toBeUndefined();
		const voiceId = run.items[0].json.jobId as string;
		const upload = calls(emu, 'POST', '/voice_clone').find((r) => r.voiceUuid === voiceId)!;
		expect(upload.multipart!.fields).toEqual({
			name: 'Narrator',
			transcript: 'Welcome aboard.',
			reference_text: 'hello world',
			model: 'all',
			character_id_str: 'char-2',
		});
		expect(upload.multipart!.files[0]).toMatchObject({
			field: 'sample',
			filename: 'hello world.wav',
			contentType: 'audio/wav',
		});
		expect(upload.multipart!.files[0].bytes.equals(WAV_BYTES)).toBe(true);
		// The clone answers is_done:false (the emulator clones in 300 ms): "completed" means the
		// node read GET /voices until the voice was done.
		expect(calls(emu, 'GET', '/voices').some((r) => r.at > upload.at)).toBe(true);
		// model "all": four example readings, one item each, as WAV.
		expect(run.items).toHaveLength(4);
		for (const item of run.items) {
			expect(item.json).toMatchObject({
				jobId: voiceId,
				taskType: 'voice_clone',
				status: 'completed',
				imageUrls: [],
			});
			expect(item.binary?.data).toMatchObject({ mimeType: 'audio/wav', fileExtension: 'wav' });
		}
		expect((run.items[0].json.raw as IDataObject).name).toBe('Narrator');
	});

	it('Clone updates an existing voice without a new sample (text fields only)', async () => {
		const created = await chub(
			emu,
			op('voice', 'cloneVoice', { audioBinary: 'audio', voiceName: 'First' }),
			wav(),
		);
		expect(created.error?.message).toBeUndefined();
		const voiceId = created.items[0].json.jobId as string;
		const run = await chub(
			emu,
			op('voice', 'cloneVoice', {
				audioBinary: '',
				voiceName: 'Renamed',
				additionalFields: { existingId: voiceId },
			}),
		);
		expect(run.error?.message).toBeUndefined();
		const update = calls(emu, 'POST', '/voice_clone').filter((r) => r.voiceUuid === voiceId)[1];
		expect(update.multipart).toEqual({
			fields: { name: 'Renamed', existing_id: voiceId },
			files: [],
		});
		expect(run.items[0].json).toMatchObject({ jobId: voiceId, status: 'completed' });
		expect((run.items[0].json.raw as IDataObject).version).toBe(2);
	});

	it('Get Many outputs one item per voice, up to Limit; Delete removes one', async () => {
		const created = await chub(
			emu,
			op('voice', 'cloneVoice', {
				audioBinary: 'audio',
				voiceName: 'To delete',
				waitMode: 'submit',
			}),
			wav(),
		);
		const voiceId = created.items[0].json.jobId as string;
		const all = await chub(emu, op('voice', 'getVoices', { returnAll: true }));
		expect(all.error).toBeUndefined();
		expect(all.items.map((i) => i.json.uuid)).toEqual(
			expect.arrayContaining([PRESET_VOICE_UUID, voiceId]),
		);
		const one = await chub(emu, op('voice', 'getVoices', { limit: 1 }));
		expect(one.items).toHaveLength(1);
		expect(one.items[0].json.uuid).toBe(PRESET_VOICE_UUID);

		const deleted = await chub(emu, op('voice', 'deleteVoice', { voiceId: ` ${voiceId} ` }));
		expect(deleted.items.map((i) => i.json)).toEqual([{ message: 'success', success: true }]);
		expect(calls(emu, 'DELETE', `/voices/${voiceId}`)).toHaveLength(1);
		expect(emu.voices.has(voiceId)).toBe(false);
	});
});

it('Text to Speech -> Speech to Text: the audio passes between the nodes as an n8n binary and reads back as the transcript', async () => {
	const transcript = 'Seven silver swans swim south';
	const result = await runWorkflow(
		{
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} },
				{
					name: 'Speak',
					type: CHUB,
					parameters: op('audio', 'textToSpeech', { transcript, ...download }),
				},
				{
					name: 'Transcribe',
					type: CHUB,
					parameters: op('audio', 'speechToText', { audioBinary: 'data' }),
				},
			],
			connections: {
				Start: { main: [[{ node: 'Speak', type: 'main', index: 0 }]] },
				Speak: { main: [[{ node: 'Transcribe', type: 'main', index: 0 }]] },
			},
		},
		{ credentials: credentialsFor(emu), timeoutMs: 60_000 },
	);
	expect(result.error).toBeUndefined();
	const [spoken] = result.output('Speak');
	const [heard] = result.output('Transcribe');
	expect(heard.json).toEqual({ reference_text: transcript });
	const upload = calls(emu, 'POST', '/stt').find(
		(r) => r.multipart?.files[0]?.filename === `${String(spoken.json.jobId)}_0.mp3`,
	);
	expect(upload?.multipart?.files[0].contentType).toBe('audio/mpeg');
	expect(upload!.multipart!.files[0].bytes.equals(await result.binary(spoken, 'data'))).toBe(true);
});
