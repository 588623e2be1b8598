// A tiny PNG encoder (signature, IHDR, IDAT, IEND; 8-bit RGB) and the deterministic images we serve.
// Two encodings: deflated in memory for small pattern images, and a streamed "stored" (uncompressed)
// deflate for large noise images, so 4 MB files never sit in memory whole.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

export function crc32(data: Uint8Array, crc = 0): number {
	let c = (crc ^ 0xffffffff) >>> 0;
	for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, parts: Buffer[]): Buffer {
	const length = parts.reduce((s, p) => s + p.length, 0);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(length, 0);
	head.write(type, 4, 'latin1');
	let crc = crc32(head.subarray(4));
	for (const p of parts) crc = crc32(p, crc);
	const tail = Buffer.alloc(4);
	tail.writeUInt32BE(crc, 0);
	return Buffer.concat([head, ...parts, tail]);
}

function ihdr(width: number, height: number): Buffer {
	const b = Buffer.alloc(13);
	b.writeUInt32BE(width, 0);
	b.writeUInt32BE(height, 4);
	b[8] = 8; // bit depth
	b[9] = 2; // colour type: RGB
	return chunk('IHDR', [b]); // compression, filter, interlace = 0
}

/** An image as rows of RGB bytes (width * 3 each), produced lazily. */
export interface Raster {
	width: number;
	height: number;
	rows(): Iterable<Buffer>;
}

/** Small images: deflate everything in memory. */
export function encodePng(img: Raster): Buffer {
	const raw = Buffer.alloc((img.width * 3 + 1) * img.height);
	let at = 0;
	for (const row of img.rows()) {
		raw[at] = 0; // filter: none
		row.copy(raw, at + 1);
		at += row.length + 1;
	}
	return Buffer.concat([SIGNATURE, ihdr(img.width, img.height), chunk('IDAT', [deflateSync(raw)]), chunk('IEND', [])]);
}

const BLOCK = 65535; // largest stored deflate block

/** Large images: exact byte length up front, then the file as a lazy sequence of chunks. */
export function streamPng(img: Raster): { length: number; chunks: () => Generator<Buffer> } {
	const rawLength = (img.width * 3 + 1) * img.height;
	const blocks = Math.ceil(rawLength / BLOCK);
	// signature + IHDR + one IDAT per block (zlib header in the first, Adler-32 in the last) + IEND
	const length = 8 + 25 + blocks * (12 + 5) + 2 + rawLength + 4 + 12;

	function* chunks(): Generator<Buffer> {
		yield SIGNATURE;
		yield ihdr(img.width, img.height);
		let a = 1;
		let b = 0;
		let block = Buffer.alloc(Math.min(BLOCK, rawLength));
		let fill = 0;
		let done = 0;
		let first = true;
		const flush = (): Buffer => {
			const final = done === rawLength;
			const head = Buffer.alloc(5);
			head[0] = final ? 1 : 0; // BFINAL, BTYPE=00 (stored)
			head.writeUInt16LE(fill, 1);
			head.writeUInt16LE(~fill & 0xffff, 3);
			const parts = [head, block.subarray(0, fill)];
			if (first) parts.unshift(Buffer.from([0x78, 0x01])); // zlib header, no preset dictionary
			if (final) {
				const adler = Buffer.alloc(4);
				adler.writeUInt32BE(((b << 16) | a) >>> 0, 0);
				parts.push(adler);
			}
			first = false;
			const out = chunk('IDAT', parts);
			block = Buffer.alloc(Math.min(BLOCK, rawLength - done));
			fill = 0;
			return out;
		};
		const put = (bytes: Uint8Array) => {
			const out: Buffer[] = [];
			let i = 0;
			while (i < bytes.length) {
				const n = Math.min(bytes.length - i, block.length - fill);
				for (let k = i; k < i + n; ) {
					// Adler-32, reducing at most every 5552 bytes (the zlib NMAX bound)
					const end = Math.min(i + n, k + 5552);
					for (; k < end; k++) {
						a += bytes[k];
						b += a;
					}
					a %= 65521;
					b %= 65521;
				}
				block.set(bytes.subarray(i, i + n), fill);
				fill += n;
				done += n;
				i += n;
				if (fill === block.length) out.push(flush());
			}
			return out;
		};
		const filter = Buffer.from([0]);
		for (const row of img.rows()) {
			yield* put(filter);
			yield* put(row);
		}
		yield chunk('IEND', []);
	}
	return { length, chunks };
}

/** A soft gradient with diagonal stripes in a colour picked from `seed`. */
export function patternImage(seed: number, size: number): Raster {
	const base = [seed & 0xff, (seed >>> 8) & 0xff, (seed >>> 16) & 0xff].map((c) => 64 + (c >> 1));
	const stripe = Math.max(4, size >> 3);
	return {
		width: size,
		height: size,
		*rows() {
			for (let y = 0; y < size; y++) {
				const row = Buffer.alloc(size * 3);
				const shade = 0.7 + (0.3 * y) / size;
				for (let x = 0; x < size; x++) {
					const lift = Math.floor((x + y) / stripe) % 2 ? 24 : 0;
					for (let c = 0; c < 3; c++) row[x * 3 + c] = Math.min(255, Math.round(base[c] * shade) + lift);
				}
				yield row;
			}
		},
	};
}

/** Incompressible noise from an xorshift32 stream seeded by `seed`. */
export function noiseImage(seed: number, side: number): Raster {
	return {
		width: side,
		height: side,
		*rows() {
			let s = seed || 0x9e3779b9;
			const words = Math.ceil((side * 3) / 4);
			for (let y = 0; y < side; y++) {
				const buf = Buffer.alloc(words * 4);
				for (let i = 0; i < words; i++) {
					s ^= s << 13;
					s ^= s >>> 17;
					s ^= s << 5;
					buf.writeInt32LE(s | 0, i * 4);
				}
				yield buf.subarray(0, side * 3);
			}
		},
	};
}

/** Side of a square noise image whose PNG is about `bytes` long. */
export function noiseSide(bytes: number): number {
	return Math.max(1, Math.round(Math.sqrt(bytes / 3)));
}

/** 2x2 composition: [0 1 / 2 3]. */
export function gridOf(images: Raster[]): Raster {
	const [w, h] = [images[0].width, images[0].height];
	return {
		width: w * 2,
		height: h * 2,
		*rows() {
			for (const [left, right] of [
				[images[0], images[1]],
				[images[2], images[3]],
			]) {
				const r = right.rows()[Symbol.iterator]();
				for (const row of left.rows()) yield Buffer.concat([row, r.next().value as Buffer]);
			}
		},
	};
}
