// Result files, served by the emulator itself (the docs give no file host; ours is /cdn):
//   /cdn/images/<uuid>.png   /cdn/videos/<uuid>.mp4   /cdn/audio/<uuid>.mp3|.wav
//   /cdn/voices/<voice>/v<version>/sample.<ext>        the uploaded sample, byte for byte
//   /cdn/voices/<voice>/v<version>/<example>.wav      example, e2_example, f5_example, z_example
// A generation's file exists once it has completed; a voice's examples once it is done. GET and HEAD.
import type { ServerResponse } from 'node:http';

import { hash32 } from '../legnext/http.mts';
import { buildMp4 } from '../legnext/mp4.mts';
import { encodePng, patternImage, type Raster } from '../legnext/png.mts';
import type { Generation } from './generation.mts';
import { buildMp3 } from './mp3.mts';
import { sha256 } from './speech.mts';
import type { MediaFormat } from './types.mts';
import type { Voice } from './voices.mts';
import { buildWav } from './wav.mts';

export const MIME: Record<string, string> = {
	png: 'image/png',
	mp4: 'video/mp4',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	wave: 'audio/wav',
	ogg: 'audio/ogg',
	flv: 'video/x-flv',
	m4a: 'audio/mp4',
	raw: 'application/octet-stream',
};

const CACHE_ENTRIES = 32;

function sendPlain(res: ServerResponse, status: number, text: string, headOnly: boolean): number {
	res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
	res.end(headOnly ? undefined : text);
	return status;
}

/** The top-left w×h of the Legnext pattern image (which is square). */
function cropped(seed: number, width: number, height: number): Raster {
	const square = patternImage(seed, Math.max(width, height));
	return {
		width,
		height,
		*rows() {
			let y = 0;
			for (const row of square.rows()) {
				if (y++ >= height) return;
				yield row.subarray(0, width * 3);
			}
		},
	};
}

export function renderGenerationFile(g: Generation): Buffer {
	const m = g.media;
	const format: MediaFormat = m.format;
	if (format === 'png') return encodePng(cropped(hash32(g.uuid), m.width ?? 64, m.height ?? 64));
	if (format === 'mp4') return buildMp4(g.uuid, { seconds: m.seconds ?? 1, width: m.width ?? 512, height: m.height ?? 512 });
	if (format === 'mp3') return buildMp3({ seconds: m.seconds ?? 1, title: m.title });
	return buildWav({ seconds: m.seconds ?? 1, frequency: 220 + (hash32(g.uuid) % 660) });
}

interface Found {
	key: string;
	format: string;
	build: () => Buffer;
}

export class MediaServer {
	private cache = new Map<string, Buffer>();

	constructor(
		private readonly generations: Map<string, Generation>,
		private readonly voices: Map<string, Voice>,
		/** sha256 → words, so the emulated STT can read back audio we made. */
		private readonly transcripts: Map<string, string>,
	) {}

	clearCache(): void {
		this.cache.clear();
	}

	async serve(path: string, method: string, res: ServerResponse): Promise<number> {
		const found = this.find(path.split('?')[0]);
		if (!found) return sendPlain(res, 404, 'Not Found', method === 'HEAD');
		let body = this.cache.get(found.key);
		if (body) this.cache.delete(found.key);
		else body = found.build();
		this.cache.set(found.key, body);
		if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
		res.writeHead(200, {
			'content-type': MIME[found.format] ?? 'application/octet-stream',
			'content-length': String(body.length),
			'cache-control': 'public, max-age=2592000',
		});
		res.end(method === 'HEAD' ? undefined : body);
		return 200;
	}

	private find(path: string): Found | undefined {
		let m = /^\/cdn\/(images|videos|audio)\/([0-9a-f-]{36})\.(png|mp4|mp3|wav)$/.exec(path);
		if (m) {
			const g = this.generations.get(m[2]);
			if (!g || g.state !== 'completed' || g.filePath !== path) return undefined;
			return {
				key: path,
				format: g.media.format,
				build: () => {
					const bytes = renderGenerationFile(g);
					if (g.endpoint === '/tts') this.transcripts.set(sha256(bytes), String(g.request.transcript));
					return bytes;
				},
			};
		}
		m = /^\/cdn\/voices\/([0-9a-f-]{36})\/v(\d+)\/([a-z0-9_]+)\.([a-z0-9]+)$/.exec(path);
		if (!m) return undefined;
		const v = this.voices.get(m[1]);
		if (!v || v.version !== Number(m[2]) || v.filePath(m[3]) !== path) return undefined;
		if (m[3] === 'sample') return { key: path, format: v.sample.format, build: () => v.sample.bytes };
		if (!v.finished() || v.failure || !v.examples().includes(m[3])) return undefined;
		return {
			key: path,
			format: 'wav',
			build: () => {
				const bytes = buildWav({ seconds: 1.5, frequency: 180 + (hash32(path) % 400) });
				this.transcripts.set(sha256(bytes), v.transcript);
				return bytes;
			},
		};
	}
}
