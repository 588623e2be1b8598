// Image files, Midjourney-CDN style, served by the emulator itself:
//   /cdn/<messageId>/grid_0.png    the 2x2 grid            (grid messages, once finished)
//   /cdn/<messageId>/0_<n>.png     image n (0-3; upscale: 0) (once finished)
//   /cdn/<messageId>/progress.png  the preview             (from progress 25)
// Real 8-bit RGB PNGs (Legnext's encoder), deterministic per image seed: an upscale's image is the very
// picture of its grid quadrant. The same bytes come out of GET /cdn/... and POST /getImage.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { hash32 } from '../legnext/http.mts';
import { encodePng, gridOf, patternImage } from '../legnext/png.mts';
import { holdAnswer, recordedHeaders, recordedUrl } from './api.mts';
import type { EmulatedMessage } from './message.mts';
import type { TnlState } from './state.mts';
import type { RecordedRequest } from './types.mts';

const PATH = /^\/cdn\/([A-Za-z0-9]+)\/(grid_0|0_(\d)|progress)\.png$/;
const KEEP = 64;

export class ImageStore {
	private readonly cache = new Map<string, Buffer>();

	constructor(
		private readonly messages: Map<string, EmulatedMessage>,
		private readonly imageSize: number,
	) {}

	/** The PNG at a /cdn path, or undefined when there is no such image (yet). */
	lookup(path: string, now = Date.now()): Buffer | undefined {
		const m = PATH.exec(path.split('?')[0]);
		const msg = m && this.messages.get(m[1]);
		if (!m || !msg) return undefined;
		const which = m[2];
		if (which === 'progress') return msg.hasProgressImage(now) ? this.png(`${msg.id}/p`, () => this.preview(msg)) : undefined;
		if (!msg.hasImages || !msg.isDone(now)) return undefined;
		if (which === 'grid_0')
			return msg.kind === 'grid'
				? this.png(`${msg.id}/g`, () => gridOf(msg.imageSeeds.map((s) => patternImage(s, this.imageSize))))
				: undefined;
		const n = Number(m[3]);
		const seed = msg.imageSeeds[n];
		return seed === undefined ? undefined : this.png(`i${seed}`, () => patternImage(seed, this.imageSize));
	}

	clear(): void {
		this.cache.clear();
	}

	/** The preview: the result at half size, in a colour shifted from the final one. */
	private preview(msg: EmulatedMessage) {
		const half = Math.max(4, this.imageSize >> 1);
		const tiles = msg.imageSeeds.map((s) => patternImage(hash32(`preview:${s}`), half));
		return tiles.length === 4 ? gridOf(tiles) : tiles[0];
	}

	private png(key: string, raster: () => Parameters<typeof encodePng>[0]): Buffer {
		const hit = this.cache.get(key);
		if (hit) return hit;
		const bytes = encodePng(raster());
		if (this.cache.size >= KEEP) this.cache.delete(this.cache.keys().next().value as string);
		this.cache.set(key, bytes);
		return bytes;
	}
}

/**
 * GET/HEAD of an image file, recorded in `downloads`. With protectImages every plain GET answers 403, as
 * the Midjourney CDN answered servers (docs imagine: "If you receive a 403 error when retrieving an image
 * programmatically, please see get image safely"); POST /getImage still delivers.
 */
export async function handleDownload(state: TnlState, req: IncomingMessage, res: ServerResponse, closing: AbortSignal) {
	const method = req.method ?? 'GET';
	const { path, query } = recordedUrl(req.url ?? '/');
	const file = path.split('?')[0];
	const rec: RecordedRequest = { method, path, apiPath: file, query, body: null, headers: recordedHeaders(req), at: Date.now(), status: 0 };
	state.downloads.push(rec);
	const send = (status: number, type: string, data: Buffer, extra: Record<string, string> = {}) => {
		rec.status = status;
		res.writeHead(status, { 'content-type': type, 'content-length': String(data.length), ...extra });
		res.end(method === 'HEAD' ? undefined : data);
	};
	const text = (status: number, words: string, extra?: Record<string, string>) => send(status, 'text/plain', Buffer.from(words), extra);

	const fault = state.faults.take(method, file, ['status', 'reset', 'delay', 'accept-then-hang']);
	switch (fault?.kind) {
		case 'reset':
			return req.socket.destroy();
		case 'status':
			return text(fault.status, `Emulated fault ${fault.status}`);
		case 'delay':
		case 'accept-then-hang':
			if (!(await holdAnswer(res, fault.ms, closing))) return;
	}
	if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
	if (state.protectImages) return text(403, 'Forbidden: fetch this image through POST /getImage');
	const png = state.images.lookup(file);
	if (!png) return text(404, 'Not Found');
	send(200, 'image/png', png, { 'cache-control': 'public, max-age=2592000' });
}
