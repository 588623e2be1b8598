// Small HTTP helpers shared by the API, file and control routes.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The documented error body: `{code, message, raw_message, detail}` with code = HTTP status. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
		readonly rawMessage = '',
	) {
		super(message);
	}

	body() {
		return { code: this.status, message: this.message, raw_message: this.rawMessage, detail: null };
	}
}

export const MAX_BODY_BYTES = 1024 * 1024; // 413 above 1 MiB (docs: "File size exceeds maximum limit")

export type BodyResult = { kind: 'ok'; raw: string } | { kind: 'too-large'; bytes: number };

/** Reads the body up to `limit` bytes; beyond it, drains the rest without keeping it. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
	const declared = Number(req.headers['content-length'] ?? 0);
	const parts: Buffer[] = [];
	let bytes = 0;
	for await (const chunk of req) {
		bytes += (chunk as Buffer).length;
		if (bytes <= limit && declared <= limit) parts.push(chunk as Buffer);
	}
	if (bytes > limit || declared > limit) return { kind: 'too-large', bytes: Math.max(bytes, declared) };
	return { kind: 'ok', raw: Buffer.concat(parts).toString('utf8') };
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
		...headers,
	});
	res.end(text);
}

export function sendError(res: ServerResponse, err: ApiError): void {
	sendJson(res, err.status, err.body(), err.headers);
}

export function isLoopback(req: IncomingMessage): boolean {
	const addr = req.socket.remoteAddress ?? '';
	return addr === '127.0.0.1' || addr === '::1' || addr.startsWith('::ffff:127.') || addr.startsWith('127.');
}

/** Parses JSON or returns the raw string (what RecordedRequest.body keeps). */
export function parseMaybeJson(raw: string): unknown {
	if (raw === '') return null;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

/** setTimeout as a promise that close() can cancel. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(new Error('aborted'));
		// Infinity (or beyond setTimeout's range) waits until aborted: a hang.
		const timer =
			ms < 2 ** 31
				? setTimeout(() => {
						signal?.removeEventListener('abort', onAbort);
						resolve();
					}, Math.max(0, ms))
				: undefined;
		const onAbort = () => {
			if (timer) clearTimeout(timer);
			reject(new Error('aborted'));
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** FNV-1a: cheap deterministic hash for seeds and colours. */
export function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
