// The /api surface: faults first, then auth, rate limit, body, routing to an endpoint or a read.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

import { ENDPOINTS } from './endpoints.mts';
import { asBody, callback } from './fields.mts';
import { ApiError, parseMaybeJson, readBody, sendJson, sleep } from './http.mts';
import type { EmulatorState } from './state.mts';
import type { FaultRule, RecordedRequest } from './types.mts';

const REQUEST_FAULTS: FaultRule['kind'][] = ['status', 'reset', 'malformed', 'delay', 'accept-then-hang'];

/** The exact body the docs show for a bad key. */
const UNAUTHORIZED = new ApiError(401, 'Failed to verify api key');

const FAULT_MESSAGES: Record<number, string> = {
	429: 'Too many requests: rate limit exceeded, please retry later',
	500: 'Internal server error',
	502: 'Bad gateway',
	503: 'Service temporarily unavailable',
};

export function redactHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) {
		if (v === undefined) continue;
		out[k] = k === 'x-api-key' ? '[redacted]' : Array.isArray(v) ? v.join(', ') : v;
	}
	return out;
}

export async function handleApi(state: EmulatorState, req: IncomingMessage, res: ServerResponse, closing: AbortSignal) {
	const method = req.method ?? 'GET';
	const path = req.url ?? '/';
	const apiPath = path.split('?')[0].replace(/^\/api/, '') || '/';
	const rec: RecordedRequest = { method, path, apiPath, body: null, headers: redactHeaders(req), at: Date.now(), status: 0 };
	state.requests.push(rec);
	const started = Date.now();
	const finish = (status: number) => {
		rec.status = status;
		state.settings.log?.(`${method} ${path} -> ${status || 'reset'}${rec.jobId ? ` job ${rec.jobId}` : ''} ${Date.now() - started}ms`);
	};

	const fault = state.faults.take(method, apiPath, REQUEST_FAULTS);
	if (fault?.kind === 'reset') {
		req.socket.destroy(); // before any processing: like a refused/reset connection
		return finish(0);
	}
	const body = await readBody(req);
	if (body.kind === 'ok') rec.body = parseMaybeJson(body.raw);
	else rec.body = `<${body.bytes} bytes: too large>`;

	if (fault?.kind === 'status') {
		const headers: Record<string, string> = {};
		const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
		if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
		const message = FAULT_MESSAGES[fault.status] ?? STATUS_CODES[fault.status] ?? 'Error';
		sendJson(res, fault.status, fault.body ?? new ApiError(fault.status, message).body(), headers);
		return finish(fault.status);
	}
	if (fault?.kind === 'malformed') {
		// Not processed: the answer is cut-off JSON with a 200.
		const text = '{"job_id": "00000000-0000-0000-0000-0000000';
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
		res.end(text);
		return finish(200);
	}

	let status: number;
	let payload: unknown;
	let headers: Record<string, string> = {};
	try {
		payload = route(state, req, method, apiPath, body, rec);
		status = 200;
	} catch (err) {
		const e = err instanceof ApiError ? err : new ApiError(500, 'Internal server error', {}, String(err));
		[status, payload, headers] = [e.status, e.body(), e.headers];
	}

	// delay: processed now, answered late. accept-then-hang: same, default forever (until the client gives up).
	if (fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') {
		// Stop waiting when the client gives up or the emulator closes.
		const gone = new AbortController();
		res.once('close', () => gone.abort());
		try {
			await sleep(fault.ms ?? Infinity, AbortSignal.any([closing, gone.signal]));
		} catch {
			return finish(0);
		}
		if (res.destroyed || req.socket.destroyed) return finish(0);
	}
	sendJson(res, status, payload, headers);
	finish(status);
}

function route(
	state: EmulatorState,
	req: IncomingMessage,
	method: string,
	apiPath: string,
	body: Awaited<ReturnType<typeof readBody>>,
	rec: RecordedRequest,
): unknown {
	if (req.headers['x-api-key'] !== state.settings.apiKey) throw UNAUTHORIZED;
	const wait = state.rateLimited();
	if (wait !== undefined) throw new ApiError(429, FAULT_MESSAGES[429], { 'retry-after': String(wait) });
	if (body.kind === 'too-large') throw new ApiError(413, 'Payload too large: the request body exceeds 1 MiB');

	const planner = ENDPOINTS[apiPath];
	const jobMatch = /^\/v1\/job\/([^/]+)$/.exec(apiPath);
	const known = planner || jobMatch || apiPath === '/account/balance';
	if (!known) throw new ApiError(404, `Not found: ${apiPath}`);
	const wantsPost = Boolean(planner);
	if ((method === 'POST') !== wantsPost)
		throw new ApiError(405, `Method ${method} not allowed on ${apiPath}`, { allow: wantsPost ? 'POST' : 'GET' });

	if (planner) {
		if (body.raw.trim() === '') throw new ApiError(400, 'Invalid request body: a JSON object is required');
		let parsed: unknown;
		try {
			parsed = JSON.parse(body.raw);
		} catch {
			throw new ApiError(400, 'Invalid request body: malformed JSON');
		}
		const b = asBody(parsed);
		const plan = planner(b, (id) => {
			const job = state.jobs.get(id);
			if (job) state.settle(job);
			return job;
		});
		const job = state.createJob(apiPath, b, plan, callback(b));
		rec.jobId = job.id;
		return state.render(job, 'pending'); // the documented submit answer: the pending Job object
	}
	if (jobMatch) {
		const job = state.jobs.get(decodeURIComponent(jobMatch[1]));
		if (!job) throw new ApiError(404, `Job not found: ${jobMatch[1]}`);
		state.settle(job);
		rec.jobId = job.id;
		return state.render(job);
	}
	return state.balance();
}
