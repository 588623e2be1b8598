// A tiny TNL client for the emulator's own tests (test/emulator/thenextleg-*.test.mts).
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';

import type { TheNextLegEmulator } from './index.mts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
	status: number;
	headers: IncomingHttpHeaders;
	text: string;
	json: Json;
	bytes: Buffer;
}

function jsonOrUndefined(text: string): Json {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** `path` is absolute on the emulator ('/v2/imagine', '/getImage'); token null = no Authorization header. */
export async function api(
	emu: TheNextLegEmulator,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD',
	path: string,
	body?: unknown,
	token: string | null = emu.token,
): Promise<Reply> {
	const headers: Record<string, string> = {};
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await request(emu.url + path, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const bytes = Buffer.from(await res.body.arrayBuffer());
	const text = bytes.toString('utf8');
	return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, text, json: jsonOrUndefined(text), bytes };
}

/** Submits and expects the documented `200 {success, messageId, createdAt}`; returns the messageId. */
export async function submit(emu: TheNextLegEmulator, path: string, body?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<string> {
	const r = await api(emu, method, path, body);
	if (r.status !== 200 || r.json?.success !== true) throw new Error(`${path} -> ${r.status} ${r.text}`);
	return r.json.messageId as string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The message fields of a finished read, whatever the shape. */
export const fieldsOf = (read: Json): Json => (read && typeof read.response === 'object' ? read.response : read);

const TRANSIENT = ['JOB_QUEUED', 'APPEAL_ACCEPTED'];

/** Polls GET /v2/message/<id> until it is finished (progress 100 and not a transient notice). */
export async function waitDone(emu: TheNextLegEmulator, id: string, timeoutMs = 5000): Promise<Json> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const r = await api(emu, 'GET', `/v2/message/${id}`);
		if (r.status !== 200) throw new Error(`read ${id} -> ${r.status} ${r.text}`);
		if (r.json.progress === 100 && !TRANSIENT.includes(fieldsOf(r.json).content)) return r.json;
		if (Date.now() > end) throw new Error(`message ${id} still at ${JSON.stringify(r.json)}`);
		await sleep(5);
	}
}

/** Submits and returns the finished message's fields. */
export async function run(emu: TheNextLegEmulator, path: string, body?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<Json> {
	return fieldsOf(await waitDone(emu, await submit(emu, path, body, method)));
}

/** A finished grid (imagine) to press buttons on. */
export const grid = (emu: TheNextLegEmulator, prompt = 'a lighthouse at dusk') => run(emu, '/v2/imagine', { msg: prompt });

export const press = (emu: TheNextLegEmulator, button: string, buttonMessageId: string, extra: Record<string, unknown> = {}) =>
	run(emu, '/v2/button', { button, buttonMessageId, ...extra });
