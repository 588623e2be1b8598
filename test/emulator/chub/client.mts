// A small client for the Chub emulator, for tests, benchmarks and the demo: JSON and multipart
// calls with either auth header, submit, and /check polling.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';

import type { ChubEmulator } from './types.mts';

/** Parsed JSON, loosely typed on purpose (tests poke at it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** An answer: status, headers, raw text and the parsed JSON (undefined when not JSON). */
export interface Reply {
	json: Json;
	text: string;
	status: number;
	headers: IncomingHttpHeaders;
}

export interface CallOptions {
	/** JSON-encoded unless a string or Buffer (sent as is). */
	body?: unknown;
	contentType?: string;
	/** The key to send; null = none. Default: the emulator's key. */
	key?: string | null;
	/** Which header carries the key; default 'ch'. */
	auth?: 'ch' | 'bearer';
	headers?: Record<string, string>;
}

export async function call(emu: ChubEmulator, method: string, path: string, o: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { ...o.headers };
	const key = o.key === undefined ? emu.apiKey : o.key;
	if (key !== null) {
		if (o.auth === 'bearer') headers.authorization = `Bearer ${key}`;
		else headers['ch-api-key'] = key;
	}
	let body: string | Buffer | undefined;
	if (typeof o.body === 'string' || Buffer.isBuffer(o.body)) body = o.body;
	else if (o.body !== undefined) body = JSON.stringify(o.body);
	if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
	const res = await request(emu.baseUrl + path, { method: method as 'GET', headers, body });
	const text = await res.body.text();
	return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, text, json: jsonOrUndefined(text) };
}

function jsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export interface UploadFile {
	field: string;
	filename: string;
	contentType: string;
	bytes: Buffer;
}

/** A multipart/form-data body, built by hand (no dependencies). */
export function formData(fields: Record<string, string>, files: UploadFile[] = []): { body: Buffer; contentType: string } {
	const boundary = `----chub-emulator-${Math.random().toString(16).slice(2)}`;
	const chunks: Buffer[] = [];
	for (const [name, value] of Object.entries(fields))
		chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
	for (const f of files) {
		const head = `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`;
		chunks.push(Buffer.from(head), f.bytes, Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function postForm(emu: ChubEmulator, path: string, fields: Record<string, string>, files: UploadFile[] = []): Promise<Reply> {
	const form = formData(fields, files);
	return call(emu, 'POST', path, { body: form.body, contentType: form.contentType });
}

/** Submits a generation; expects the queued answer `{generation_uuid, cost, queue_length}`. */
export async function submit(emu: ChubEmulator, path: string, body: unknown): Promise<Json> {
	const r = await call(emu, 'POST', path, { body });
	if (r.status !== 200) throw new Error(`${path} -> ${r.status} ${r.text}`);
	return r.json;
}

export const check = (emu: ChubEmulator, submitted: Json, requestType: string) =>
	call(emu, 'POST', '/check', { body: { ...submitted, request_type: requestType } });

/** Running answers carry queue_length in every shape; finished ones never do. */
export const isRunning = (answer: Json) => answer && typeof answer === 'object' && 'queue_length' in answer;

/** Polls /check until the generation has finished; returns every answer seen. */
export async function pollCheck(emu: ChubEmulator, submitted: Json, requestType: string, timeoutMs = 5000): Promise<Json[]> {
	const end = Date.now() + timeoutMs;
	const seen: Json[] = [];
	for (;;) {
		const r = await check(emu, submitted, requestType);
		if (r.status !== 200) throw new Error(`/check -> ${r.status} ${r.text}`);
		seen.push(r.json);
		if (!isRunning(r.json)) return seen;
		if (Date.now() > end) throw new Error(`generation ${submitted.generation_uuid} still running`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
