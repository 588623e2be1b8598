// HTTP helpers the Legnext ones do not cover: a byte-exact body reader (multipart uploads are binary;
// Legnext's readBody decodes UTF-8), the query record and Chub's header redaction.
import type { IncomingMessage } from 'node:http';

/** 413 above 25 MiB (our choice: room for data-URL images and audio samples). */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

export type Bytes = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; size: number };

/** The whole body as bytes, or 'too-large' (the rest is drained, not kept). */
export async function readBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Bytes> {
	const declared = Number(req.headers['content-length'] ?? 0);
	let keep = declared <= limit;
	let size = 0;
	const chunks: Buffer[] = [];
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		keep &&= size <= limit;
		if (keep) chunks.push(chunk);
		else chunks.length = 0;
	}
	return keep ? { kind: 'ok', bytes: Buffer.concat(chunks) } : { kind: 'too-large', size: Math.max(size, declared) };
}

/** Request headers with the two credential headers (chub-imagine.md §3) hidden. */
export function redactedHeaders(req: IncomingMessage): Record<string, string> {
	const secret = new Set(['ch-api-key', 'authorization']);
	return Object.fromEntries(
		Object.entries(req.headers)
			.filter((e): e is [string, string | string[]] => e[1] !== undefined)
			.map(([k, v]) => [k, secret.has(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : v]),
	);
}

/** Query string → record; a repeated key gives an array. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		out[key] = all.length > 1 ? all : all[0];
	}
	return out;
}
