// The API surface (the server root, like https://api.apiframe.pro): faults first, then auth, rate
// limit, body, routing to a submit endpoint, /fetch, /fetch-many or GET /account.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseMaybeJson, readBody, sendJson, sleep, type BodyResult } from '../legnext/http.mts';
import { ENDPOINTS } from './endpoints.mts';
import * as f from './fields.mts';
import type { EmulatorState } from './state.mts';
import type { AuthForm, FaultRule, RecordedRequest } from './types.mts';

const REQUEST_FAULTS: FaultRule['kind'][] = [
	'status',
	'reset',
	'malformed',
	'delay',
	'accept-then-hang',
];

/** Mask data URLs can be large: our limit is 10 MiB (413 above; undocumented). */
export const MAX_API_BODY = 10 * 1024 * 1024;

/** §6: 401 and 500 answer `{}`. */
const EMPTY = {};

export function redactHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		out[name] =
			name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** §1: `Authorization: <key>`, raw. `Bearer <key>` (the legacy SDK's form) only with acceptBearer. */
export function authForm(req: IncomingMessage, apiKey: string): AuthForm {
	const value = req.headers.authorization;
	if (value === undefined || value === '') return 'missing';
	if (value === apiKey) return 'raw';
	const bearer = /^bearer\s+(.+)$/i.exec(value);
	return bearer && bearer[1] === apiKey ? 'bearer' : 'wrong';
}

/** Default bodies of status faults: §6 shapes (`{}` for 401/5xx, the errors list otherwise). */
function faultBody(status: number): unknown {
	if (status === 429) return f.errorsBody('Too many requests, please slow down');
	if (status >= 400 && status < 500 && status !== 401) return f.errorsBody('Invalid request');
	return EMPTY;
}

export async function handleApi(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	closing: AbortSignal,
) {
	const method = req.method ?? 'GET';
	const path = req.url ?? '/';
	const apiPath = path.split('?')[0] || '/';
	const auth = authForm(req, state.settings.apiKey);
	const rec: RecordedRequest = {
		method,
		path,
		apiPath,
		body: null,
		headers: redactHeaders(req),
		auth,
		at: Date.now(),
		status: 0,
	};
	state.requests.push(rec);
	const finish = (status: number) => {
		rec.status = status;
		const what = rec.taskId ? ` task ${rec.taskId}` : '';
		state.settings.log?.(
			`${method} ${path} -> ${status || 'reset'}${what} ${Date.now() - rec.at}ms`,
		);
	};

	const fault = state.faults.take(method, apiPath, REQUEST_FAULTS);
	if (fault?.kind === 'reset') {
		req.socket.destroy();
		return finish(0);
	}
	const body = await readBody(req, MAX_API_BODY);
	rec.body = body.kind === 'ok' ? parseMaybeJson(body.raw) : `<${body.bytes} bytes: too large>`;

	if (fault?.kind === 'status') {
		const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
		sendJson(
			res,
			fault.status,
			fault.body ?? faultBody(fault.status),
			retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
		);
		return finish(fault.status);
	}
	if (fault?.kind === 'malformed') {
		const cut = '{"task_id":"29e983ca-7e86-40';
		res.writeHead(200, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(cut.length),
		});
		res.end(cut);
		return finish(200);
	}

	let answer: { status: number; body: unknown; headers: Record<string, string> };
	try {
		answer = { status: 200, body: route(state, req, rec, body), headers: {} };
	} catch (err) {
		if (!(err instanceof f.ApiframeError))
			state.settings.log?.(`internal error on ${method} ${apiPath}: ${String(err)}`);
		answer =
			err instanceof f.ApiframeError
				? { status: err.status, body: err.body, headers: err.headers }
				: { status: 500, body: EMPTY, headers: {} };
	}

	if (fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') {
		// Processed already; the answer waits (forever for a bare accept-then-hang) unless the client leaves.
		const left = new AbortController();
		res.once('close', () => left.abort());
		const waited = await sleep(fault.ms ?? Infinity, AbortSignal.any([closing, left.signal])).then(
			() => true,
			() => false,
		);
		if (!waited || res.destroyed) return finish(0);
	}
	sendJson(res, answer.status, answer.body, answer.headers);
	finish(answer.status);
}

const isJson = (req: IncomingMessage) =>
	/^application\/([\w.+-]*\+)?json\b/i.test(req.headers['content-type'] ?? '');

/** The answer body of a request that passed the faults; throws ApiframeError for the others. */
function route(
	state: EmulatorState,
	req: IncomingMessage,
	rec: RecordedRequest,
	raw: BodyResult,
): unknown {
	const { method, apiPath } = rec;
	const auth = rec.auth;
	if (auth === 'missing' || auth === 'wrong' || (auth === 'bearer' && !state.live.acceptBearer))
		throw new f.ApiframeError(401, EMPTY);
	const wait = state.rateLimited();
	if (wait !== undefined)
		throw new f.ApiframeError(429, faultBody(429), { 'retry-after': String(wait) });
	if (raw.kind === 'too-large')
		throw f.invalid(`Request body too large (limit ${MAX_API_BODY} bytes)`, 413);

	const submit = Object.hasOwn(ENDPOINTS, apiPath) ? ENDPOINTS[apiPath] : undefined;
	const reads = apiPath === '/fetch' || apiPath === '/fetch-many';
	const expected = submit || reads ? 'POST' : apiPath === '/account' ? 'GET' : undefined;
	if (!expected) throw f.invalid(`Not found: ${apiPath}`, 404);
	if (method !== expected)
		throw new f.ApiframeError(
			405,
			f.errorsBody(`${method} is not allowed on ${apiPath}; use ${expected}`),
			{ allow: expected },
		);
	if (apiPath === '/account') return state.account();

	const b = jsonBody(req, raw.raw);
	if (apiPath === '/fetch') return fetchOne(state, b, rec);
	if (apiPath === '/fetch-many') return fetchMany(state, b, rec);

	if (!submit) throw f.invalid(`Not found: ${apiPath}`, 404);
	const mode = f.processMode(b);
	const hook = f.webhook(b);
	const plan = submit(b, (id) => state.lookup(id));
	const task = state.createTask(apiPath, b, plan, mode, hook);
	rec.taskId = task.id;
	return { task_id: task.id }; // §2: the immediate answer
}

/**
 * Only a JSON Content-Type is read (like an Express JSON parser). Our choice: a non-empty body with
 * another Content-Type, or malformed JSON, is a 400; an empty body is `{}` (the field checks answer).
 */
function jsonBody(req: IncomingMessage, raw: string): f.Body {
	if (!isJson(req)) {
		if (raw.trim() === '') return {};
		throw f.invalid('Invalid request: send the body as JSON with Content-Type: application/json');
	}
	if (raw.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw f.invalid('Invalid request: malformed JSON body');
	}
	return f.asBody(parsed);
}

/** §3 /fetch: the task's current object. Unknown id -> 400 (our choice; §6 documents 400 for bad requests). */
function fetchOne(state: EmulatorState, b: f.Body, rec: RecordedRequest) {
	const id = f.asString(b, 'task_id', true);
	const task = state.lookup(id);
	if (!task) throw f.invalid(`task_id: no task with id ${id}`);
	rec.readTaskIds = [id];
	return state.render(task);
}

/** §3 /fetch-many: 2-20 ids, `{tasks:[…]}` in the order asked. Any unknown id -> 400 naming it (our choice). */
function fetchMany(state: EmulatorState, b: f.Body, rec: RecordedRequest) {
	const ids = f.stringList(b, 'task_ids', 2, 20);
	const unknown = ids.filter((id) => !state.tasks.has(id));
	if (unknown.length) throw f.invalid(`task_ids: no task with id ${unknown.join(', ')}`);
	const tasks = ids.map((id) => state.lookup(id)!);
	rec.readTaskIds = [...new Set(ids)];
	return { tasks: tasks.map((t) => state.render(t)) };
}
