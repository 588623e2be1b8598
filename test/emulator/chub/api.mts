// The API at the server root. Order of checks:
//   1. faults   2. route (404, 405)   3. auth (401; not for GET /images/costs)   4. body size (413)
//   5. multipart parsing (400)   6. validation (422)   7. lookups and rules (404, 400)
//   8. concurrency (429)   9. credits (402)
// A rejected request creates nothing and costs nothing.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

import { parseMaybeJson, sendJson, sleep } from '../legnext/http.mts';
import { ChubError, errorBody, unauthorized } from './errors.mts';
import { FORM_PATHS, ROUTES, type Ctx, type Route } from './endpoints.mts';
import { MAX_BODY_BYTES, queryRecord, readBytes, redactedHeaders, type Bytes } from './http.mts';
import { boundaryOf, parseMultipart, type Part } from './multipart.mts';
import { recordFile } from './speech.mts';
import type { ChubState } from './state.mts';
import type { FaultRule, RecordedRequest } from './types.mts';
import { ValidationError } from './validation.mts';

const REQUEST_FAULTS: FaultRule['kind'][] = ['status', 'reset', 'malformed', 'delay', 'accept-then-hang'];

const FAULT_MESSAGES: Record<number, string> = {
	429: 'Too many requests; retry later',
	500: 'Internal server error',
	502: 'Bad gateway',
	503: 'Service temporarily unavailable',
};

/** Routes compiled to regular expressions ('{name}' = one path segment). */
const COMPILED = ROUTES.map((route) => ({
	route,
	re: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
}));

function findRoute(method: string, apiPath: string): { route: Route; params: string[] } {
	const matches = COMPILED.map(({ route, re }) => ({ route, m: re.exec(apiPath) })).filter((x) => x.m);
	if (!matches.length) throw new ChubError(404, `Not Found: ${apiPath}`);
	const hit = matches.find((x) => x.route.method === method);
	if (!hit) {
		const allow = [...new Set(matches.map((x) => x.route.method))].join(', ');
		throw new ChubError(405, `Method ${method} not allowed on ${apiPath}`, { allow });
	}
	return { route: hit.route, params: hit.m!.slice(1).map(decodeURIComponent) };
}

/**
 * chub-imagine.md §3: `CH-API-KEY: <key>` or `Authorization: Bearer <key>`. `authHeader` narrows
 * it to one of them (to test a client's header switch). The spec's third scheme (`samwise`) is not
 * emulated; `Authorization` without the Bearer scheme is refused.
 */
function checkAuth(state: ChubState, req: IncomingMessage): void {
	const { apiKey, authHeader } = state.settings;
	const ch = req.headers['ch-api-key'];
	const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
	if (authHeader !== 'bearer' && ch === apiKey) return;
	if (authHeader !== 'ch-api-key' && bearer === apiKey) return;
	if (ch === undefined && req.headers.authorization === undefined) throw unauthorized('no API key (send CH-API-KEY or Authorization: Bearer)');
	if (authHeader === 'ch-api-key' && ch === undefined) throw unauthorized('this server accepts only the CH-API-KEY header');
	if (authHeader === 'bearer' && bearer === undefined) throw unauthorized('this server accepts only Authorization: Bearer');
	throw unauthorized('invalid API key');
}

interface Body {
	read: Bytes;
	parts?: Part[];
	multipartError?: string;
}

/** Reads the body and records it: JSON (or text) as is; multipart as its fields and files. */
async function readAndRecord(req: IncomingMessage, rec: RecordedRequest): Promise<Body> {
	const read = await readBytes(req, MAX_BODY_BYTES);
	if (read.kind === 'too-large') {
		rec.body = `<${read.size} bytes: too large>`;
		return { read };
	}
	const boundary = boundaryOf(req.headers['content-type']);
	if (boundary === undefined) {
		rec.body = parseMaybeJson(read.bytes.toString('utf8'));
		return { read };
	}
	try {
		const parts = parseMultipart(read.bytes, boundary);
		const fields = Object.fromEntries(parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.data.toString('utf8')]));
		rec.body = fields;
		rec.multipart = { fields, files: parts.filter((p) => p.filename !== undefined).map(recordFile) };
		return { read, parts };
	} catch (err) {
		rec.body = `<unparseable multipart: ${(err as Error).message}>`;
		return { read, multipartError: (err as Error).message };
	}
}

function route(state: ChubState, req: IncomingMessage, method: string, url: URL, body: Body, rec: RecordedRequest): unknown {
	const { route: found, params } = findRoute(method, url.pathname);
	if (found.auth) checkAuth(state, req);
	if (body.read.kind === 'too-large') throw new ChubError(413, `Request body too large (limit ${MAX_BODY_BYTES} bytes)`);
	// FastAPI/Starlette: "There was an error parsing the body" (a 400).
	if (body.multipartError) throw new ChubError(400, `There was an error parsing the body: ${body.multipartError}`);
	const ctx: Ctx = {
		state,
		params,
		query: rec.query,
		raw: body.read.bytes,
		contentType: req.headers['content-type'] ?? '',
		// A form endpoint given a non-form body sees no fields (Starlette's empty form).
		parts: body.parts ?? (FORM_PATHS.has(found.path) ? [] : undefined),
		rec,
	};
	return found.handle(ctx);
}

export async function handleApi(state: ChubState, req: IncomingMessage, res: ServerResponse, closing: AbortSignal): Promise<void> {
	const method = req.method ?? 'GET';
	const path = req.url ?? '/';
	const url = new URL(path, 'http://emulator.invalid');
	const rec: RecordedRequest = {
		method,
		path,
		apiPath: url.pathname,
		query: queryRecord(url.searchParams),
		body: null,
		headers: redactedHeaders(req),
		at: Date.now(),
		status: 0,
	};
	state.requests.push(rec);
	const started = Date.now();
	const finish = (status: number) => {
		rec.status = status;
		const made = rec.generationUuid ? ` generation ${rec.generationUuid}` : rec.voiceUuid ? ` voice ${rec.voiceUuid}` : '';
		state.settings.log?.(`${method} ${path} -> ${status || 'reset'}${made} ${Date.now() - started}ms`);
	};

	const fault = state.faults.take(method, url.pathname, REQUEST_FAULTS);
	if (fault?.kind === 'reset') {
		req.socket.destroy(); // before any processing: like a refused/reset connection
		return finish(0);
	}
	const body = await readAndRecord(req, rec);
	if (fault?.kind === 'status') {
		const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
		const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
		const message = FAULT_MESSAGES[fault.status] ?? STATUS_CODES[fault.status] ?? 'Error';
		sendJson(res, fault.status, fault.body ?? errorBody(fault.status, message), headers);
		return finish(fault.status);
	}
	if (fault?.kind === 'malformed') {
		const text = '{"generation_uuid": "3f2a9c1e-0000-4000-8000-00000'; // cut off; not processed
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
		res.end(text);
		return finish(200);
	}

	let status = 200;
	let payload: unknown;
	let headers: Record<string, string> = {};
	try {
		payload = route(state, req, method, url, body, rec);
	} catch (err) {
		if (err instanceof ValidationError) [status, payload] = [422, err.body()];
		else if (err instanceof ChubError) [status, payload, headers] = [err.status, err.body(), err.headers];
		else {
			state.settings.log?.(`internal error on ${method} ${path}: ${(err as Error).stack ?? String(err)}`);
			[status, payload] = [500, errorBody(500, 'Internal server error')];
		}
	}

	// delay: processed now, answered late. accept-then-hang: the same, by default never answered.
	if (fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') {
		const gone = new AbortController();
		res.once('close', () => gone.abort());
		const waited = await sleep(fault.ms ?? Infinity, AbortSignal.any([closing, gone.signal])).then(
			() => true,
			() => false,
		);
		if (!waited || res.destroyed || req.socket.destroyed) return finish(0);
	}
	sendJson(res, status, payload, headers);
	finish(status);
}
