// A minimal MP3 encoder: an ID3v2.4 tag (title), then MPEG-1 Layer III frames of silence.
//
// Every frame is 32 kbit/s, 48 kHz, mono, no CRC: header FF FB 14 C4, then 17 bytes of side info, all
// zero (main_data_begin 0, part2_3_length 0 in both granules: no Huffman data, i.e. silence), then
// zero padding up to 144 * 32000 / 48000 = 96 bytes. 1152 samples per frame = 24 ms. The first
// frame also carries a LAME-style "Info" tag (frame and byte counts) so players know the duration.

export const MP3_SAMPLE_RATE = 48_000;
export const MP3_FRAME_BYTES = 96;
export const MP3_SAMPLES_PER_FRAME = 1152;
const HEADER = [0xff, 0xfb, 0x14, 0xc4];
const SIDE_INFO_BYTES = 17; // MPEG-1 mono

/** ID3v2 sizes are "syncsafe": 7 bits per byte. */
function syncsafe(n: number): Buffer {
	return Buffer.from([(n >>> 21) & 0x7f, (n >>> 14) & 0x7f, (n >>> 7) & 0x7f, n & 0x7f]);
}

function id3Frame(id: string, text: string): Buffer {
	const payload = Buffer.concat([Buffer.from([3]), Buffer.from(text, 'utf8')]); // 3 = UTF-8
	return Buffer.concat([Buffer.from(id, 'latin1'), syncsafe(payload.length), Buffer.from([0, 0]), payload]);
}

function id3Tag(title: string): Buffer {
	const frames = Buffer.concat([id3Frame('TIT2', title), id3Frame('TSSE', 'chub-emulator')]);
	const head = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0]), syncsafe(frames.length)]);
	return Buffer.concat([head, frames]);
}

function silentFrame(): Buffer {
	const frame = Buffer.alloc(MP3_FRAME_BYTES);
	frame.set(HEADER, 0);
	return frame;
}

export interface Mp3Options {
	seconds: number;
	title?: string;
}

export function buildMp3(opts: Mp3Options): Buffer {
	const frames = Math.max(1, Math.ceil((opts.seconds * MP3_SAMPLE_RATE) / MP3_SAMPLES_PER_FRAME));
	const info = silentFrame();
	const tagAt = 4 + SIDE_INFO_BYTES;
	info.write('Info', tagAt, 'latin1');
	info.writeUInt32BE(0x3, tagAt + 4); // flags: frame count and byte count present
	info.writeUInt32BE(frames, tagAt + 8);
	info.writeUInt32BE((frames + 1) * MP3_FRAME_BYTES, tagAt + 12);
	const audio = Buffer.alloc(frames * MP3_FRAME_BYTES);
	for (let i = 0; i < frames; i++) audio.set(HEADER, i * MP3_FRAME_BYTES);
	return Buffer.concat([id3Tag(opts.title ?? 'chub emulator'), info, audio]);
}
