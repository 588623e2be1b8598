// Chub emulator: multipart /stt and /voice_clone (exact bytes recorded), voices list/delete, the
// asynchronous voice clone, and the STT round trip of audio the emulator made.
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { call, formData, pollCheck, postForm, submit, type Json } from './chub/client.mts';
import { FAIL_MARKER, PRESET_VOICE_UUID, startChubEmulator, type ChubEmulator } from './chub/index.mts';
import { buildWav } from './chub/wav.mts';
import { sleep } from './helpers.mts';

let emu: ChubEmulator;
const DURATION = 120;

beforeAll(async () => {
	emu = await startChubEmulator({ jobDurationMs: DURATION });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

/** Binary that is not valid UTF-8, so any text decoding on the way would show. */
const wavBytes = () => {
	const wav = buildWav({ seconds: 0.05, frequency: 1000 });
	wav[60] = 0xff;
	wav[61] = 0xfe;
	return wav;
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sample = (bytes = wavBytes(), filename = 'voice sample.wav', contentType = 'audio/wav') => ({ field: 'sample', filename, contentType, bytes });

describe('POST /stt (multipart)', () => {
	it('answers {reference_text} synchronously and records the exact file bytes', async () => {
		const bytes = wavBytes();
		const before = emu.credits;
		const r = await postForm(emu, '/stt', {}, [sample(bytes)]);
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual(['reference_text']);
		expect(r.json.reference_text).toContain('voice sample.wav');
		expect(emu.credits).toBe(before - 25);
		const rec = emu.requests.at(-1)!;
		expect(rec.multipart!.files).toHaveLength(1);
		const file = rec.multipart!.files[0];
		expect(file).toMatchObject({ field: 'sample', filename: 'voice sample.wav', contentType: 'audio/wav', size: bytes.length, sha256: sha(bytes) });
		expect(file.bytes.equals(bytes)).toBe(true);
		expect(rec.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	});

	it('422 when `sample` is missing or is a text field; 400 for an empty or unrecognised file', async () => {
		const missing = await postForm(emu, '/stt', { other: 'x' });
		expect([missing.status, missing.json.detail]).toEqual([422, [{ type: 'missing', loc: ['body', 'sample'], msg: 'Field required', input: null }]]);
		const text = await postForm(emu, '/stt', { sample: 'not a file' });
		expect(text.status).toBe(422);
		expect(text.json.detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'sample'] });
		const empty = await postForm(emu, '/stt', {}, [sample(Buffer.alloc(0))]);
		expect([empty.status, empty.json.error]).toEqual([400, 'The sample file is empty']);
		const txt = await postForm(emu, '/stt', {}, [sample(Buffer.from('hello'), 'notes.txt', 'text/plain')]);
		expect(txt.status).toBe(400);
		expect(txt.json.error).toMatch(/Unrecognized audio format.*mp3, flv, ogg, wav, raw, m4a, mp4, wave/);
		// A JSON body on a form endpoint: Starlette sees no form fields.
		expect((await call(emu, 'POST', '/stt', { body: { sample: 'x' } })).status).toBe(422);
		expect(emu.credits).toBe(1_000_000);
	});

	it('recognises formats by extension or by magic bytes', async () => {
		const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(20)]);
		expect((await postForm(emu, '/stt', {}, [sample(ogg, 'blob', 'application/octet-stream')])).status).toBe(200);
		expect((await postForm(emu, '/stt', {}, [sample(Buffer.from([1, 2, 3]), 'take.raw', 'application/octet-stream')])).status).toBe(200);
	});

	it('a malformed multipart body → 400 ("There was an error parsing the body")', async () => {
		const r = await call(emu, 'POST', '/stt', { body: '--x\r\nno headers end', contentType: 'multipart/form-data; boundary=x' });
		expect(r.status).toBe(400);
		expect(r.json.error).toMatch(/^There was an error parsing the body/);
	});

	it('reads back the words of a TTS result it made (downloaded, then uploaded)', async () => {
		const sub = await submit(emu, '/tts', { transcript: 'Round trip through the emulator' });
		const done = (await pollCheck(emu, sub, 'tts')).at(-1);
		const res = await request(done.primary_media_url);
		const mp3 = Buffer.from(await res.body.arrayBuffer());
		const r = await postForm(emu, '/stt', {}, [sample(mp3, 'speech.mp3', 'audio/mpeg')]);
		expect(r.json.reference_text).toBe('Round trip through the emulator');
	});
});

describe('POST /voice_clone and the voices', () => {
	const voices = async () => (await call(emu, 'GET', '/voices')).json.voices as Json[];

	it('starts with the preset voice (the seed\'s example voice_id), done', async () => {
		const [preset] = await voices();
		expect(preset).toMatchObject({ uuid: PRESET_VOICE_UUID, is_done: true, is_failed: false, version: 1 });
		const none = await startChubEmulator({ presetVoices: false });
		try {
			expect((await call(none, 'GET', '/voices')).json).toEqual({ voices: [] });
		} finally {
			await none.close();
		}
	});

	it('creates a voice asynchronously: is_done false, then done (with WAV examples) via GET /voices', async () => {
		const bytes = wavBytes();
		const fields = { transcript: 'Read this out', model: 'all', reference_text: 'what the sample says', character_id_str: 'char-9', name: 'Narrator' };
		const r = await postForm(emu, '/voice_clone', fields, [sample(bytes)]);
		expect(r.status).toBe(200);
		const keys = ['uuid', 'version', 'user_id', 'name', 'is_done', 'is_failed', 'transcript', 'sample', 'reference_text', 'model', 'example', 'e2_example', 'f5_example', 'z_example', 'created_at', 'updated_at'];
		expect(Object.keys(r.json)).toEqual(keys);
		expect(r.json).toMatchObject({ name: 'Narrator', is_done: false, is_failed: false, transcript: 'Read this out', reference_text: 'what the sample says', model: 'all', version: 1, example: '' });
		const rec = emu.requests.at(-1)!;
		expect(rec.multipart!.fields).toEqual(fields);
		expect(rec.body).toEqual(fields);
		expect(rec.multipart!.files[0].bytes.equals(bytes)).toBe(true);
		expect(rec.voiceUuid).toBe(r.json.uuid);

		expect((await voices()).find((v) => v.uuid === r.json.uuid).is_done).toBe(false);
		await sleep(DURATION + 20);
		const done = (await voices()).find((v) => v.uuid === r.json.uuid);
		expect(done).toMatchObject({ is_done: true, is_failed: false });
		for (const k of ['example', 'e2_example', 'f5_example', 'z_example']) expect(done[k]).toMatch(/\.wav$/);
		// The sample URL serves the upload byte for byte.
		const res = await request(done.sample);
		expect(res.headers['content-type']).toBe('audio/wav');
		expect(Buffer.from(await res.body.arrayBuffer()).equals(bytes)).toBe(true);
	});

	it('without reference_text the STT fills it; default model fills example and f5_example only', async () => {
		const r = await postForm(emu, '/voice_clone', {}, [sample()]);
		expect(r.json.reference_text).toContain('voice sample.wav');
		expect(r.json.name).toBe('voice sample');
		expect(r.json.model).toBe('');
		await sleep(DURATION + 20);
		const v = (await voices()).find((x) => x.uuid === r.json.uuid);
		expect([v.example !== '', v.e2_example, v.f5_example !== '', v.z_example]).toEqual([true, '', true, '']);
	});

	it('existing_id updates the voice: new version, processing again, unchanged fields kept', async () => {
		const first = (await postForm(emu, '/voice_clone', { name: 'A', transcript: 'one' }, [sample()])).json;
		await sleep(DURATION + 20);
		const upd = await postForm(emu, '/voice_clone', { existing_id: first.uuid, transcript: 'two' });
		expect(upd.status).toBe(200);
		expect(upd.json).toMatchObject({ uuid: first.uuid, version: 2, name: 'A', transcript: 'two', is_done: false });
		expect(upd.json.sample).toBe(first.sample.replace('/v1/', '/v2/'));
		expect((await voices()).filter((v) => v.uuid === first.uuid)).toHaveLength(1);
	});

	it('errors: unknown existing_id 404, no sample 400, unknown model 400, wrong file 400', async () => {
		expect((await postForm(emu, '/voice_clone', { existing_id: 'nope' })).status).toBe(404);
		const none = await postForm(emu, '/voice_clone', { name: 'x' });
		expect([none.status, none.json.error]).toEqual([400, 'A sample audio file is required to create a voice']);
		expect((await postForm(emu, '/voice_clone', { model: 'v9' }, [sample()])).status).toBe(400);
		expect((await postForm(emu, '/voice_clone', {}, [sample(Buffer.from('text'), 'a.txt', 'text/plain')])).status).toBe(400);
		expect((await voices()).map((v) => v.uuid)).toEqual([PRESET_VOICE_UUID]);
	});

	it(`a clone whose transcript has ${FAIL_MARKER} ends is_done + is_failed, without examples`, async () => {
		const r = await postForm(emu, '/voice_clone', { transcript: `x ${FAIL_MARKER}` }, [sample()]);
		await sleep(DURATION + 20);
		expect((await voices()).find((v) => v.uuid === r.json.uuid)).toMatchObject({ is_done: true, is_failed: true, example: '' });
	});

	it('DELETE /voices/{voice_id}: {message, success}, then 404', async () => {
		const r = await call(emu, 'DELETE', `/voices/${PRESET_VOICE_UUID}`);
		expect([r.status, r.json]).toEqual([200, { message: 'success', success: true }]);
		expect(await voices()).toEqual([]);
		expect((await call(emu, 'DELETE', `/voices/${PRESET_VOICE_UUID}`)).status).toBe(404);
		emu.reset();
		expect((await voices()).map((v) => v.uuid)).toEqual([PRESET_VOICE_UUID]);
	});
});

describe('multipart parsing details', () => {
	it('quoted names, filename*, a part without Content-Type, CRLF inside file data', async () => {
		const boundary = 'b0undary';
		const data = Buffer.from('RIFF\r\n--b0undar\r\nWAVE');
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nMy "voice"\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="sample"; filename="x.bin"; filename*=UTF-8''caf%C3%A9.wav\r\n\r\n`),
			data,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const r = await call(emu, 'POST', '/voice_clone', { body, contentType: `multipart/form-data; boundary="${boundary}"` });
		expect(r.status).toBe(200);
		const rec = emu.requests.at(-1)!;
		expect(rec.multipart!.fields).toEqual({ name: 'My "voice"' });
		expect(rec.multipart!.files[0]).toMatchObject({ filename: 'café.wav', contentType: '', size: data.length });
		expect(rec.multipart!.files[0].bytes.equals(data)).toBe(true);
		expect(formData({}, []).contentType).toMatch(/^multipart\/form-data; boundary=/);
	});
});
