// A tiny APIFRAME client for the emulator's tests and benchmarks: raw calls, submit, wait for the end.
// "Done" follows apiframe-v1.md §4's node rule, so it works with both final shapes.
import { request } from 'undici';

import type { Answer, Json } from '../helpers.mts';
import type { ApiframeEmulator } from './types.mts';

export interface CallOptions {
	/** Authorization header value; default the emulator's key (raw); null = no header. */
	auth?: string | null;
	/** Default application/json; null = no Content-Type. */
	contentType?: string | null;
}

export async function call(
	emu: ApiframeEmulator,
	method: string,
	path: string,
	body?: unknown,
	o: CallOptions = {},
): Promise<Answer> {
	const headers: Record<string, string> = {};
	const auth = o.auth === undefined ? emu.apiKey : o.auth;
	if (auth !== null) headers.authorization = auth;
	const type = o.contentType === undefined ? 'application/json' : o.contentType;
	if (type !== null) headers['content-type'] = type;
	const res = await request(emu.baseUrl + path, {
		method: method as 'POST',
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.body.text();
	let json: Json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers, text, json };
}

export const post = (emu: ApiframeEmulator, path: string, body: unknown, o?: CallOptions) =>
	call(emu, 'POST', path, body, o);

/** Submits; throws unless the answer is the documented 200 {task_id}. */
export async function submit(emu: ApiframeEmulator, path: string, body: unknown): Promise<string> {
	const r = await post(emu, path, body);
	if (r.status !== 200 || typeof r.json?.task_id !== 'string')
		throw new Error(`${path} -> ${r.status} ${r.text}`);
	return r.json.task_id as string;
}

export async function fetchTask(emu: ApiframeEmulator, taskId: string): Promise<Json> {
	const r = await post(emu, '/fetch', { task_id: taskId });
	if (r.status !== 200) throw new Error(`/fetch -> ${r.status} ${r.text}`);
	return r.json;
}

const RESULT_KEYS = [
	'image_urls',
	'image_url',
	'video_url',
	'video_urls',
	'videoUrl',
	'content',
	'seed',
];

/** §4 node rule: finished, or no status and a result field; failed; else pending. */
export function outcome(task: Json): 'done' | 'failed' | 'pending' {
	if (task?.status === 'failed') return 'failed';
	if (task?.status === 'finished') return 'done';
	if (task && task.status === undefined && RESULT_KEYS.some((k) => k in task)) return 'done';
	return 'pending';
}

export async function waitEnd(
	emu: ApiframeEmulator,
	taskId: string,
	timeoutMs = 5000,
): Promise<Json> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const task = await fetchTask(emu, taskId);
		if (outcome(task) !== 'pending') return task;
		if (Date.now() > end) throw new Error(`task ${taskId} still ${task.status}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** GET /account. */
export async function account(emu: ApiframeEmulator): Promise<Json> {
	return (await call(emu, 'GET', '/account')).json;
}

/** Submits and waits for the final object. */
export async function run(emu: ApiframeEmulator, path: string, body: unknown): Promise<Json> {
	return waitEnd(emu, await submit(emu, path, body));
}
