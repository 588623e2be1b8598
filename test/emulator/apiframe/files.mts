// Result files, served by the emulator itself (render.mts filePaths):
//   /cdn/images/<taskId>/grid.png  /cdn/images/<taskId>/<1-4>.png  /cdn/images/<taskId>/image.png
//   /cdn/videos/<taskId>/<1-4>.mp4
// A file exists only once its task is finished. Images come from the Legnext PNG encoder: a
// gradient with stripes coloured by a hash of the image key (an upscale-1x shows its parent's image).
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { hash32 } from '../legnext/http.mts';
import { buildMp4 } from '../legnext/mp4.mts';
import {
	encodePng,
	gridOf,
	noiseImage,
	noiseSide,
	patternImage,
	streamPng,
	type Raster,
} from '../legnext/png.mts';
import type { EmulatedTask } from './task.mts';

const MAX_CACHED = 32;

export interface FileOptions {
	imageSize: number;
	imageBytes?: number;
}

type Asset = { type: 'image/png'; raster: Raster } | { type: 'video/mp4'; make: () => Buffer };

export class FileStore {
	private readonly cache = new Map<string, Buffer>();

	constructor(
		private readonly tasks: Map<string, EmulatedTask>,
		private readonly opts: FileOptions,
	) {}

	clearCache(): void {
		this.cache.clear();
	}

	/** Answers a /cdn path (GET or HEAD); returns the status sent. */
	async serve(path: string, method: string, res: ServerResponse): Promise<number> {
		const asset = this.locate(path.split('?')[0]);
		const head = method === 'HEAD';
		if (!asset) {
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': '9' });
			res.end(head ? undefined : 'Not Found');
			return 404;
		}
		const base = { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' };
		if (asset.type === 'image/png' && this.opts.imageBytes) {
			// Large noise images are streamed and never cached.
			const png = streamPng(asset.raster);
			res.writeHead(200, { ...base, 'content-length': String(png.length) });
			if (head) res.end();
			else await pipeline(Readable.from(png.chunks()), res);
			return 200;
		}
		const bytes = this.remember(path, () =>
			asset.type === 'image/png' ? encodePng(asset.raster) : asset.make(),
		);
		res.writeHead(200, { ...base, 'content-length': String(bytes.length) });
		res.end(head ? undefined : bytes);
		return 200;
	}

	/** Small LRU: recently used PNGs/MP4s stay encoded. */
	private remember(key: string, make: () => Buffer): Buffer {
		const hit = this.cache.get(key);
		this.cache.delete(key);
		const bytes = hit ?? make();
		this.cache.set(key, bytes);
		while (this.cache.size > MAX_CACHED)
			this.cache.delete(this.cache.keys().next().value as string);
		return bytes;
	}

	private picture(key: string, scale = 1): Raster {
		const seed = hash32(`apiframe:${key}`);
		if (this.opts.imageBytes) return noiseImage(seed, noiseSide(this.opts.imageBytes));
		return patternImage(seed, this.opts.imageSize * scale);
	}

	private locate(path: string): Asset | undefined {
		const m = /^\/cdn\/(images|videos)\/([0-9a-f-]{36})\/(grid|image|[1-4])\.(png|mp4)$/.exec(path);
		if (!m) return undefined;
		const [, folder, id, name, ext] = m;
		const task = this.tasks.get(id);
		if (!task || !task.finished) return undefined;
		if (folder === 'videos') {
			if (task.result !== 'video' || ext !== 'mp4' || !/^[1-4]$/.test(name)) return undefined;
			const seconds = task.videoSeconds;
			return {
				type: 'video/mp4',
				make: () => buildMp4(`apiframe ${id} ${name}`, { seconds, width: 1280, height: 720 }),
			};
		}
		if (ext !== 'png') return undefined;
		if (task.result === 'grid' && name === 'grid')
			return { type: 'image/png', raster: gridOf(task.imageKeys.map((k) => this.picture(k))) };
		if (task.result === 'grid' && /^[1-4]$/.test(name))
			return { type: 'image/png', raster: this.picture(task.imageKeys[Number(name) - 1]) };
		if (task.result === 'image' && name === 'image')
			return { type: 'image/png', raster: this.picture(task.imageKeys[0], task.imageScale) };
		return undefined;
	}
}
