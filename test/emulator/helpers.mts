// Shared helpers for the emulator tests: API calls, waiting for jobs, a callback receiver, PNG/MP4 readers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, inflateSync } from 'node:zlib';
import { request } from 'undici';

import type { LegnextEmulator } from './legnext/index.mts';

/** Parsed API JSON; loosely typed on purpose in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
	status: number;
	headers: IncomingHttpHeaders;
	text: string;
	json: Json;
}

export async function call(
	emu: LegnextEmulator,
	method: string,
	path: string,
	body?: unknown,
	key: string | null = emu.apiKey,
): Promise<Answer> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers['x-api-key'] = key;
	const res = await request(emu.baseUrl + path, {
		method: method as 'GET',
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.body.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, text, json };
}

export const post = (emu: LegnextEmulator, path: string, body: unknown) => call(emu, 'POST', path, body);

/** Submits and expects the documented 200 pending Job. */
export async function submit(emu: LegnextEmulator, path: string, body: unknown): Promise<Json> {
	const r = await post(emu, path, body);
	if (r.status !== 200) throw new Error(`${path} -> ${r.status} ${r.text}`);
	return r.json;
}

/** Polls GET /v1/job/{id} until completed or failed. */
export async function waitDone(emu: LegnextEmulator, jobId: string, timeoutMs = 5000): Promise<Json> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const r = await call(emu, 'GET', `/v1/job/${jobId}`);
		if (r.json?.status === 'completed' || r.json?.status === 'failed') return r.json;
		if (Date.now() > end) throw new Error(`job ${jobId} still ${r.json?.status}`);
		await sleep(15);
	}
}

/** Submits and waits for the result (`timeoutMs`: Infinity waits as long as the job takes). */
export async function run(emu: LegnextEmulator, path: string, body: unknown, timeoutMs?: number): Promise<Json> {
	const job = await submit(emu, path, body);
	return waitDone(emu, job.job_id, timeoutMs);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await sleep(10);
	}
}

export interface Receiver {
	url: string;
	hits: { headers: IncomingHttpHeaders; body: string; path: string }[];
	/** Statuses to answer, in order; the last one repeats. */
	answers: number[];
	close(): Promise<void>;
}

/** A webhook receiver standing in for the n8n trigger. */
export async function startReceiver(answers: number[] = [200]): Promise<Receiver> {
	const hits: Receiver['hits'] = [];
	const receiver = { hits, answers } as Receiver;
	const server = createServer((req, res) => {
		const parts: Buffer[] = [];
		req.on('data', (c: Buffer) => parts.push(c));
		req.on('end', () => {
			const status = receiver.answers[Math.min(hits.length, receiver.answers.length - 1)];
			hits.push({ headers: req.headers, body: Buffer.concat(parts).toString('utf8'), path: req.url ?? '' });
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	receiver.close = () =>
		new Promise<void>((r) => {
			server.close(() => r());
			server.closeAllConnections();
		});
	return receiver;
}

export async function fetchBytes(url: string, method = 'GET') {
	const res = await request(url, { method: method as 'GET' });
	const body = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, body };
}

export interface PngInfo {
	width: number;
	height: number;
	chunks: string[];
	/** Decoded RGB rows (filter byte stripped), row-major. */
	pixels: Buffer;
}

/** Strict PNG reader: signature, chunk CRCs (checked with node:zlib's crc32), IHDR, IDAT, IEND. */
export function readPng(file: Buffer): PngInfo {
	const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (!file.subarray(0, 8).equals(sig)) throw new Error('bad PNG signature');
	const chunks: string[] = [];
	const idat: Buffer[] = [];
	let width = 0;
	let height = 0;
	let at = 8;
	while (at < file.length) {
		const length = file.readUInt32BE(at);
		const type = file.toString('latin1', at + 4, at + 8);
		const data = file.subarray(at + 8, at + 8 + length);
		const crc = file.readUInt32BE(at + 8 + length);
		if (crc32(file.subarray(at + 4, at + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
		chunks.push(type);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			if (data[8] !== 8 || data[9] !== 2) throw new Error('expected 8-bit RGB');
		}
		if (type === 'IDAT') idat.push(data);
		at += 12 + length;
	}
	if (chunks[0] !== 'IHDR' || chunks.at(-1) !== 'IEND') throw new Error('bad chunk order');
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * 3 + 1;
	if (raw.length !== stride * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${stride * height}`);
	const pixels = Buffer.alloc(width * 3 * height);
	for (let y = 0; y < height; y++) {
		if (raw[y * stride] !== 0) throw new Error('unexpected filter type');
		raw.copy(pixels, y * width * 3, y * stride + 1, (y + 1) * stride);
	}
	return { width, height, chunks, pixels };
}

/** Top-level MP4 boxes as [type, size]; throws unless they tile the file exactly. */
export function mp4Boxes(file: Buffer, from = 0, to = file.length): [string, number][] {
	const boxes: [string, number][] = [];
	let at = from;
	while (at < to) {
		const size = file.readUInt32BE(at);
		if (size < 8 || at + size > to) throw new Error(`bad box size ${size} at ${at}`);
		boxes.push([file.toString('latin1', at + 4, at + 8), size]);
		at += size;
	}
	return boxes;
}
