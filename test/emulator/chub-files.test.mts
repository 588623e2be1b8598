// Chub emulator: result files are real PNG / MP4 / MP3 / WAV with the right MIME types and
// extensions; and the /images/mine gallery (paging, count, filters, node fields).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { call, pollCheck, submit, type Json } from './chub/client.mts';
import { startChubEmulator, type ChubEmulator } from './chub/index.mts';
import { fetchBytes, mp4Boxes, readPng } from './helpers.mts';

let emu: ChubEmulator;

beforeAll(async () => {
	emu = await startChubEmulator({ jobDurationMs: 30, imageSize: 64 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const IMG = 'https://e.com/a.png';

async function finished(path: string, body: Json, requestType: string): Promise<{ url: string; uuid: string }> {
	const sub = await submit(emu, path, body);
	const done = (await pollCheck(emu, sub, requestType)).at(-1);
	return { url: done.primary_media_url, uuid: sub.generation_uuid };
}

/** WAV: RIFF header fields and the data chunk size. */
function readWav(b: Buffer) {
	expect(b.toString('latin1', 0, 4)).toBe('RIFF');
	expect(b.readUInt32LE(4)).toBe(b.length - 8);
	expect(b.toString('latin1', 8, 16)).toBe('WAVEfmt ');
	const dataBytes = b.readUInt32LE(40);
	expect(b.toString('latin1', 36, 40)).toBe('data');
	expect(44 + dataBytes).toBe(b.length);
	return { format: b.readUInt16LE(20), channels: b.readUInt16LE(22), rate: b.readUInt32LE(24), bits: b.readUInt16LE(34), seconds: dataBytes / 2 / b.readUInt32LE(24), samples: b.subarray(44) };
}

/** MP3: skips the ID3v2 tag, then walks MPEG-1 Layer III frame headers to the end of the file. */
function readMp3(b: Buffer) {
	expect(b.toString('latin1', 0, 3)).toBe('ID3');
	const tagSize = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
	let at = 10 + tagSize;
	const tag = b.subarray(10, at).toString('utf8');
	let frames = 0;
	const bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
	const rates = [44100, 48000, 32000];
	let info = '';
	while (at < b.length) {
		expect([b[at], b[at + 1] & 0xfe]).toEqual([0xff, 0xfa]); // sync, MPEG-1, Layer III
		const kbps = bitrates[b[at + 2] >> 4];
		const rate = rates[(b[at + 2] >> 2) & 3];
		const size = Math.floor((144 * kbps * 1000) / rate) + ((b[at + 2] >> 1) & 1);
		if (frames === 0) info = b.toString('latin1', at + 21, at + 25);
		frames++;
		at += size;
	}
	expect(at).toBe(b.length);
	return { tag, frames, info };
}

describe('result files', () => {
	it('images are PNGs (image/png, .png) sized from the request', async () => {
		const { url } = await finished('/images/text2img', { prompt: 'x', aspect_ratio: '16:9' }, 'text2img');
		expect(url).toMatch(/\/cdn\/images\/[0-9a-f-]{36}\.png$/);
		const file = await fetchBytes(url);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('image/png');
		expect(Number(file.headers['content-length'])).toBe(file.body.length);
		expect(readPng(file.body)).toMatchObject({ width: 64, height: 36 });
		const wide = await finished('/images/text2img', { prompt: 'x', width: 512, height: 1024 }, 'text2img');
		expect(readPng((await fetchBytes(wide.url)).body)).toMatchObject({ width: 32, height: 64 });
		const up = await finished('/images/upscale', { image: IMG }, 'upscale');
		expect(readPng((await fetchBytes(up.url)).body)).toMatchObject({ width: 128, height: 128 });
		for (const [path, body, type] of [
			['/images/img2img', { prompt: 'x', init_image: IMG }, 'img2img'],
			['/images/inpaint', { prompt: 'x', image: IMG, mask: IMG }, 'inpaint'],
			['/images/removebg_mask', { image: IMG }, 'removebg'],
		] as const) {
			const f = await fetchBytes((await finished(path, body, type)).url);
			expect([path, f.headers['content-type'], readPng(f.body).chunks.at(-1)]).toEqual([path, 'image/png', 'IEND']);
		}
	});

	it('animate and video are MP4s (video/mp4, .mp4) with ftyp/moov/mdat', async () => {
		for (const [path, body, type] of [
			['/video', { prompt: 'x' }, 'video'],
			['/images/animate', { init_image: IMG, num_frames: 24, fps_id: 8 }, 'animate'],
		] as const) {
			const { url } = await finished(path, body, type);
			expect(url).toMatch(/\/cdn\/videos\/[0-9a-f-]{36}\.mp4$/);
			const f = await fetchBytes(url);
			expect(f.headers['content-type']).toBe('video/mp4');
			expect(f.body.toString('latin1', 4, 8)).toBe('ftyp');
			expect(mp4Boxes(f.body).map(([t]) => t)).toEqual(['ftyp', 'moov', 'mdat']);
			if (path === '/images/animate') {
				// mvhd duration = num_frames / fps_id = 3 s (timescale 1000)
				const mvhd = f.body.indexOf('mvhd');
				expect(f.body.readUInt32BE(mvhd + 20) / f.body.readUInt32BE(mvhd + 16)).toBe(3);
			}
		}
	});

	it('tts and music are MP3s (audio/mpeg, .mp3): ID3 tag, then MPEG-1 Layer III frames to the end', async () => {
		const tts = await finished('/tts', { transcript: 'one two three four five six' }, 'tts');
		expect(tts.url).toMatch(/\/cdn\/audio\/[0-9a-f-]{36}\.mp3$/);
		const f = await fetchBytes(tts.url);
		expect(f.headers['content-type']).toBe('audio/mpeg');
		const mp3 = readMp3(f.body);
		expect(mp3.tag).toContain('one two three four five six');
		expect(mp3.info).toBe('Info');
		expect(mp3.frames).toBe(1 + Math.ceil((6 * 0.35 * 48000) / 1152)); // Info frame + 2.1 s of 24 ms frames
		const music = await finished('/music', { prompt: 'x', title: 'Brine' }, 'music');
		const m = readMp3((await fetchBytes(music.url)).body);
		expect(m.tag).toContain('Brine');
		expect(m.frames).toBe(1 + Math.ceil((8 * 48000) / 1152));
	});

	it('foley is a WAV (audio/wav, .wav): PCM 16-bit mono, `duration` seconds of a non-silent tone', async () => {
		const { url } = await finished('/foley', { prompt: 'x', duration: 2 }, 'foley');
		expect(url).toMatch(/\/cdn\/audio\/[0-9a-f-]{36}\.wav$/);
		const f = await fetchBytes(url);
		expect(f.headers['content-type']).toBe('audio/wav');
		const wav = readWav(f.body);
		expect(wav).toMatchObject({ format: 1, channels: 1, rate: 16000, bits: 16, seconds: 2 });
		let peak = 0;
		for (let i = 0; i < wav.samples.length; i += 2) peak = Math.max(peak, Math.abs(wav.samples.readInt16LE(i)));
		expect(peak).toBeGreaterThan(5000);
	});

	it('no file before completion, for failed generations or wrong extensions; HEAD works; downloads recorded', async () => {
		emu.setJobDurationMs(5000);
		const sub = await submit(emu, '/images/text2img', { prompt: 'x' });
		const early = `${emu.url}/cdn/images/${sub.generation_uuid}.png`;
		expect((await fetchBytes(early)).status).toBe(404);
		emu.setJobDurationMs(0);
		const done = await finished('/images/text2img', { prompt: 'y' }, 'text2img');
		expect((await fetchBytes(done.url.replace('.png', '.mp4'))).status).toBe(404);
		const head = await fetchBytes(done.url, 'HEAD');
		expect([head.status, head.headers['content-type'], head.body.length]).toEqual([200, 'image/png', 0]);
		expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
		const failed = await finished('/images/text2img', { prompt: 'z [emulator:fail]' }, 'text2img');
		expect(failed.url).toBeNull();
		expect((await fetchBytes(`${emu.url}/cdn/images/${failed.uuid}.png`)).status).toBe(404);
		expect(emu.downloads.map((d) => d.status)).toEqual([404, 404, 200, 404]);
		expect(emu.requests.some((r) => r.apiPath.startsWith('/cdn'))).toBe(false);
	});
});

describe('GET /images/mine', () => {
	const mine = async (query: string) => (await call(emu, 'GET', `/images/mine${query}`)).json;

	it('pages with first/page/count, newest first; iterating pages lists every generation once', async () => {
		const uuids: string[] = [];
		for (let i = 0; i < 5; i++) uuids.push((await submit(emu, '/images/text2img', { prompt: `p${i}` })).generation_uuid);
		const all = await mine('');
		expect(all).toMatchObject({ count: 5, page: 1 });
		expect(all.nodes.map((n: Json) => n.uuid)).toEqual([...uuids].reverse());
		const seen: string[] = [];
		for (let page = 1; ; page++) {
			const r = await mine(`?first=2&page=${page}`);
			expect(r.page).toBe(page);
			seen.push(...r.nodes.map((n: Json) => n.uuid));
			if (r.nodes.length < 2) break;
		}
		expect(seen).toEqual([...uuids].reverse());
		expect((await mine('?first=2&page=9')).nodes).toEqual([]);
		expect(await mine('?first=1&count=false')).toMatchObject({ count: null, page: 1 });
	});

	it('nodes carry uuid and primary_image_path (null until completed) and the request context', async () => {
		emu.setJobDurationMs(5000);
		const running = await submit(emu, '/images/text2img', { prompt: 'slow', chat_id: '12', seed: 5 });
		emu.setJobDurationMs(0);
		const done = await submit(emu, '/video', { prompt: 'fast' });
		const [d, r] = (await mine('')).nodes;
		expect(d).toMatchObject({ uuid: done.generation_uuid, request_type: 'video', imagination_type: 'video', content_type: 'video/mp4', is_done: true });
		expect(d.primary_image_path).toBe(`${emu.url}/cdn/videos/${done.generation_uuid}.mp4`);
		expect(r).toMatchObject({ uuid: running.generation_uuid, primary_image_path: null, is_done: false, chat_id: '12', seed: 5, prompt: 'slow' });
	});

	it('filters: generation_uuid, chat_id, parent_image, include_tts (TTS hidden by default)', async () => {
		const a = await submit(emu, '/images/text2img', { prompt: 'a', chat_id: '7', parent_image: 'root' });
		await submit(emu, '/images/text2img', { prompt: 'b', chat_id: '8' });
		const speech = await submit(emu, '/tts', { transcript: 'hello' });
		expect((await mine(`?generation_uuid=${a.generation_uuid}&first=1`)).nodes.map((n: Json) => n.uuid)).toEqual([a.generation_uuid]);
		expect((await mine('?chat_id=7')).count).toBe(1);
		expect((await mine('?parent_image=root')).count).toBe(1);
		expect((await mine('')).count).toBe(2);
		const withTts = await mine('?include_tts=true');
		expect(withTts.count).toBe(3);
		expect(withTts.nodes[0].uuid).toBe(speech.generation_uuid);
	});

	it('bad query values → 422 with loc ["query", name]', async () => {
		for (const [q, type, name] of [
			['?first=0', 'greater_than_equal', 'first'],
			['?page=abc', 'int_parsing', 'page'],
			['?chat_id=x', 'int_parsing', 'chat_id'],
			['?count=maybe', 'bool_parsing', 'count'],
		]) {
			const r = await call(emu, 'GET', `/images/mine${q}`);
			expect(r.status).toBe(422);
			expect(r.json.detail[0]).toMatchObject({ type, loc: ['query', name] });
		}
	});
});
