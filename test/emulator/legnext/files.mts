// Result files (the docs' cdn.legnext.ai URLs), served by the emulator itself:
//   /cdn/temp/<jobId>_grid.png   /cdn/mj/<jobId>_<n>.png   /cdn/video/<jobId>_<n>.mp4
// A file exists only once its job is completed.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { hash32 } from './http.mts';
import type { EmulatedJob } from './job.mts';
import { buildMp4 } from './mp4.mts';
import { encodePng, gridOf, noiseImage, noiseSide, patternImage, streamPng, type Raster } from './png.mts';

const CACHE_ENTRIES = 32; // small pattern PNGs and MP4s only; noise PNGs are always streamed

export interface FileOptions {
	imageSize: number;
	imageBytes?: number;
}

type Found = { kind: 'png'; raster: Raster; key: string } | { kind: 'mp4'; job: EmulatedJob; key: string };

export class FileServer {
	private cache = new Map<string, Buffer>();

	constructor(
		private readonly jobs: Map<string, EmulatedJob>,
		private readonly opts: FileOptions,
	) {}

	clearCache(): void {
		this.cache.clear();
	}

	/** Answers a /cdn/ path; 404 when the file does not (yet) exist. */
	async serve(path: string, method: string, res: ServerResponse): Promise<number> {
		const found = this.find(path.split('?')[0]);
		if (!found) {
			const text = 'Not Found';
			res.writeHead(404, { 'content-type': 'text/plain', 'content-length': String(text.length) });
			res.end(method === 'HEAD' ? undefined : text);
			return 404;
		}
		const type = found.kind === 'png' ? 'image/png' : 'video/mp4';
		const headers = { 'content-type': type, 'cache-control': 'public, max-age=2592000' };
		if (found.kind === 'png' && this.opts.imageBytes) {
			const { length, chunks } = streamPng(found.raster);
			res.writeHead(200, { ...headers, 'content-length': String(length) });
			if (method === 'HEAD') res.end();
			else await pipeline(Readable.from(chunks()), res);
			return 200;
		}
		const body = this.cached(found);
		res.writeHead(200, { ...headers, 'content-length': String(body.length) });
		res.end(method === 'HEAD' ? undefined : body);
		return 200;
	}

	private cached(found: Found): Buffer {
		let body = this.cache.get(found.key);
		if (body) {
			this.cache.delete(found.key); // refresh LRU position
		} else {
			body =
				found.kind === 'png'
					? encodePng(found.raster)
					: buildMp4(found.key, { seconds: found.job.videoSeconds, width: found.job.videoSize[0], height: found.job.videoSize[1] });
		}
		this.cache.set(found.key, body);
		if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
		return body;
	}

	private image(jobId: string, n: number): Raster {
		const seed = hash32(`${jobId}:${n}`);
		return this.opts.imageBytes
			? noiseImage(seed, noiseSide(this.opts.imageBytes))
			: patternImage(seed, this.opts.imageSize);
	}

	private find(path: string): Found | undefined {
		const m = /^\/cdn\/(temp|mj|video)\/([0-9a-f-]{36})_(grid|\d+)\.(png|mp4)$/.exec(path);
		if (!m) return undefined;
		const [, dir, id, which, ext] = m;
		const job = this.jobs.get(id);
		if (!job || job.status !== 'completed') return undefined;
		if (dir === 'temp' && which === 'grid' && ext === 'png' && job.result === 'grid')
			return { kind: 'png', raster: gridOf([0, 1, 2, 3].map((n) => this.image(id, n))), key: path };
		const n = Number(which);
		if (!Number.isInteger(n) || n >= job.count) return undefined;
		if (dir === 'mj' && ext === 'png' && (job.result === 'grid' || job.result === 'single'))
			return { kind: 'png', raster: this.image(id, n), key: path };
		if (dir === 'video' && ext === 'mp4' && job.result === 'video') return { kind: 'mp4', job, key: path };
		return undefined;
	}
}
