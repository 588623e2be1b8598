// The API surface (/v2/*, /getImage, /upscale-img-url). Order of checks: faults, auth (401), rate limit
// (429), route (404, 405), body size (413), JSON (400), fields (400), then the endpoint.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

import { parseMaybeJson, readBody, sendJson, sleep } from '../legnext/http.mts';
import { resolveRoute, type Answer, type Call } from './endpoints.mts';
import { parseBody, TnlError } from './fields.mts';
import { preciseNow, retryHeaders } from './rate-limit.mts';
import type { TnlState } from './state.mts';
import type { FaultRule, RecordedRequest } from './types.mts';

const REQUEST_FAULTS: FaultRule['kind'][] = ['status', 'reset', 'malformed', 'delay', 'accept-then-hang'];

/** Bodies above this get 413 (our limit; inpaint masks are base64, so it is generous). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const REDACTED = '[redacted]';

/** Headers as recorded: the Bearer token never leaves the process. */
export function recordedHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		out[name] = name === 'authorization' ? REDACTED : ([] as string[]).concat(value).join(', ');
	}
	return out;
}

/** Path and query as recorded and logged: an `authToken` query value is replaced. */
export function recordedUrl(rawUrl: string): { url: URL; path: string; query: Record<string, string> } {
	const url = new URL(rawUrl, 'http://emulator.invalid');
	const shown = new URLSearchParams(url.searchParams);
	if (!shown.has('authToken')) return { url, path: rawUrl, query: Object.fromEntries(shown) };
	shown.set('authToken', REDACTED);
	return { url, path: `${url.pathname}?${shown}`, query: Object.fromEntries(shown) };
}

/** Waits `ms` (undefined = forever) before answering; false when the client left or the emulator closed. */
export async function holdAnswer(res: ServerResponse, ms: number | undefined, closing: AbortSignal): Promise<boolean> {
	const left = new AbortController();
	res.once('close', () => left.abort());
	try {
		await sleep(ms ?? Infinity, AbortSignal.any([closing, left.signal]));
	} catch {
		return false;
	}
	return !res.destroyed;
}

function bearer(req: IncomingMessage): string | undefined {
	return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** 401 body: undocumented; the prefilter's error shape (our choice). */
const unauthorized = () =>
	new TnlError(401, 'Unauthorized: missing or invalid token (Authorization: Bearer <token>)', { 'www-authenticate': 'Bearer' });

export async function handleApi(
	state: TnlState,
	req: IncomingMessage,
	res: ServerResponse,
	closing: AbortSignal,
	origins: string[],
): Promise<void> {
	const arrival = preciseNow();
	const method = req.method ?? 'GET';
	const { url, path, query } = recordedUrl(req.url ?? '/');
	const apiPath = url.pathname;
	const rec: RecordedRequest = { method, path, apiPath, query, body: null, headers: recordedHeaders(req), at: Date.now(), status: 0 };
	state.requests.push(rec);
	const finish = (status: number) => {
		rec.status = status;
		const made = rec.messageId ? ` message ${rec.messageId}` : '';
		state.settings.log?.(`${method} ${path} -> ${status || 'reset'}${made} ${Math.round(preciseNow() - arrival)}ms`);
	};

	const fault = state.faults.take(method, apiPath, REQUEST_FAULTS);
	if (fault?.kind === 'reset') {
		req.socket.destroy(); // nothing processed, no answer
		return finish(0);
	}
	const body = await readBody(req, MAX_BODY_BYTES);
	rec.body = body.kind === 'ok' ? parseMaybeJson(body.raw) : `<${body.bytes} bytes: too large>`;

	if (fault?.kind === 'status') {
		const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
		const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
		sendJson(res, fault.status, fault.body ?? { success: false, msg: STATUS_CODES[fault.status] ?? 'Error' }, headers);
		return finish(fault.status);
	}
	if (fault?.kind === 'malformed') {
		const cut = '{"success":true,"messageId":"Otfx';
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(cut.length) });
		res.end(cut);
		return finish(200);
	}

	let answer: Answer;
	let headers: Record<string, string> = {};
	try {
		answer = dispatch(state, req, method, url, body, rec, arrival, origins);
	} catch (err) {
		const e = err instanceof TnlError ? err : new TnlError(500, `Internal error: ${(err as Error).message}`);
		answer = { status: e.status, json: e.json() };
		headers = e.headers;
	}

	// delay / accept-then-hang: processed already; the answer waits (a hang without ms: until the client gives up).
	if ((fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') && !(await holdAnswer(res, fault.ms, closing))) return finish(0);
	if ('bytes' in answer) {
		res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(answer.bytes.length), ...headers });
		res.end(answer.bytes);
	} else sendJson(res, answer.status, answer.json, headers);
	finish(answer.status);
}

function dispatch(
	state: TnlState,
	req: IncomingMessage,
	method: string,
	url: URL,
	body: Awaited<ReturnType<typeof readBody>>,
	rec: RecordedRequest,
	arrival: number,
	origins: string[],
): Answer {
	const token = state.settings.token;
	const route = resolveRoute(url.pathname);
	// v2 notes §1: the GET variants of button, describe, slash-commands, settings and info take ?authToken=.
	const viaQuery = method === 'GET' && route?.queryAuth === true && url.searchParams.get('authToken') === token;
	if (bearer(req) !== token && !viaQuery) throw unauthorized();

	const wait = state.limiter.check(token, arrival);
	if (wait > 0) {
		const every = state.limiter.minIntervalMs / 1000;
		throw new TnlError(429, `Too many requests: one request every ${every} seconds per token`, retryHeaders(wait));
	}

	if (!route) throw new TnlError(404, `Not found: ${url.pathname}`);
	const handler = route.methods[method as 'GET' | 'POST'];
	if (!handler)
		throw new TnlError(405, `Method ${method} not allowed on ${url.pathname}`, { allow: Object.keys(route.methods).join(', ') });
	if (body.kind === 'too-large') throw new TnlError(413, `Payload too large: the body exceeds ${MAX_BODY_BYTES} bytes`);

	let fields: Record<string, unknown>;
	if (method === 'GET') {
		fields = Object.fromEntries(url.searchParams);
		delete fields.authToken;
	} else fields = parseBody(body.raw);
	const call: Call = { state, method, apiPath: url.pathname, fields, rec, origins };
	return handler(call);
}
