// A minimal, structurally valid MP4 (ftyp + moov + mdat): real box tree, one video track with empty
// sample tables, and a deterministic mdat payload. Enough for MIME sniffing and box parsers; not playable.
import { hash32 } from './http.mts';

function box(type: string, ...payload: Buffer[]): Buffer {
	const size = 8 + payload.reduce((s, p) => s + p.length, 0);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(size, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, ...payload]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
	const vf = Buffer.alloc(4);
	vf.writeUInt32BE(((version << 24) | flags) >>> 0, 0);
	return box(type, vf, ...payload);
}

const u32 = (...values: number[]) => {
	const b = Buffer.alloc(values.length * 4);
	values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
	return b;
};
const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

export function buildMp4(seedText: string, opts: { seconds: number; width: number; height: number }): Buffer {
	const timescale = 1000;
	const duration = Math.round(opts.seconds * timescale);
	const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2avc1mp41', 'latin1'));
	const mvhd = fullBox('mvhd', 0, 0, u32(0, 0, timescale, duration, 0x00010000), Buffer.from([1, 0]), Buffer.alloc(10), MATRIX, Buffer.alloc(24), u32(2));
	const tkhd = fullBox(
		'tkhd',
		0,
		3, // enabled, in movie
		u32(0, 0, 1, 0, duration),
		Buffer.alloc(8),
		Buffer.alloc(8), // layer, alternate group, volume, reserved
		MATRIX,
		u32(opts.width * 0x10000, opts.height * 0x10000),
	);
	const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, timescale, duration), Buffer.from([0x55, 0xc4, 0, 0])); // 'und'
	const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide', 'latin1'), Buffer.alloc(12), Buffer.from('VideoHandler\0', 'latin1'));
	const stbl = box(
		'stbl',
		fullBox('stsd', 0, 0, u32(0)),
		fullBox('stts', 0, 0, u32(0)),
		fullBox('stsc', 0, 0, u32(0)),
		fullBox('stsz', 0, 0, u32(0, 0)),
		fullBox('stco', 0, 0, u32(0)),
	);
	const minf = box(
		'minf',
		fullBox('vmhd', 0, 1, Buffer.alloc(8)),
		box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
		stbl,
	);
	const moov = box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr, minf)));

	// Deterministic filler so each video differs and has some weight (16 KiB).
	const data = Buffer.alloc(16 * 1024);
	let s = hash32(seedText) || 1;
	for (let i = 0; i < data.length; i += 4) {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		data.writeInt32LE(s | 0, i);
	}
	data.write(`legnext-emulator ${seedText}`, 0, 'latin1');
	return Buffer.concat([ftyp, moov, box('mdat', data)]);
}
