// Control API for end-to-end tests and the demo: no auth, loopback only, outside /api.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseFaultSpec } from './faults.mts';
import { ApiError, isLoopback, parseMaybeJson, readBody, sendError, sendJson } from './http.mts';
import type { EmulatorState } from './state.mts';
import type { FaultRule, LegnextEmulator, ResendOptions } from './types.mts';

export const CONTROL_ROUTES = [
	'GET    /__emulator                           this list',
	'POST   /__emulator/faults                    add a FaultRule (JSON) or a text spec ("POST /v1/diffusion status=429")',
	'GET    /__emulator/faults                    active fault rules',
	'DELETE /__emulator/faults                    clear fault rules',
	'GET    /__emulator/requests                  recorded /api requests',
	'GET    /__emulator/jobs                      all jobs (summary)',
	'GET    /__emulator/jobs/{id}                 one job as the API shows it, plus _emulator internals',
	'GET    /__emulator/callbacks                 delivered callbacks',
	'POST   /__emulator/config                    {jobDurationMs?, credits?}',
	'POST   /__emulator/callbacks/{jobId}/resend  {status?, delayMs?, url?}',
	'POST   /__emulator/callbacks/forge           {url, body, headers?}',
	'POST   /__emulator/reset                     forget everything, restore credits',
];

/** JSON can't say Infinity: accept "Infinity"/"inf" (and a text spec) for `times`. */
function toFaultRule(body: unknown): FaultRule {
	if (typeof body === 'string') return parseFaultSpec(body);
	if (!body || typeof body !== 'object') throw new ApiError(400, 'Expected a FaultRule object or a text spec');
	const rule = { ...(body as Record<string, unknown>) };
	if (typeof rule.spec === 'string') return parseFaultSpec(rule.spec);
	if (typeof rule.times === 'string') rule.times = /^inf(inity)?$/i.test(rule.times) ? Infinity : Number(rule.times);
	if (rule.ms === null || rule.ms === 'Infinity') rule.ms = Infinity;
	return rule as unknown as FaultRule;
}

export async function handleControl(
	state: EmulatorState,
	emu: LegnextEmulator,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	try {
		if (!isLoopback(req)) throw new ApiError(403, 'The control API answers loopback clients only');
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
		const raw = await readBody(req);
		if (raw.kind === 'too-large') throw new ApiError(413, 'Body too large');
		const body = parseMaybeJson(raw.raw);
		const obj = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		const key = `${method} ${path}`;
		let m: RegExpExecArray | null;

		if (key === 'GET /__emulator') return sendJson(res, 200, { routes: CONTROL_ROUTES });
		if (key === 'POST /__emulator/faults') {
			try {
				emu.addFault(toFaultRule(body));
			} catch (err) {
				throw new ApiError(400, (err as Error).message);
			}
			return sendJson(res, 200, { faults: state.faults.list() });
		}
		if (key === 'GET /__emulator/faults') return sendJson(res, 200, { faults: state.faults.list() });
		if (key === 'DELETE /__emulator/faults') {
			emu.clearFaults();
			return sendJson(res, 200, { faults: [] });
		}
		if (key === 'GET /__emulator/requests') return sendJson(res, 200, { requests: state.requests });
		if (key === 'GET /__emulator/callbacks') return sendJson(res, 200, { callbacks: state.callbacks });
		if (key === 'GET /__emulator/jobs') {
			const jobs = [...state.jobs.values()].map((j) => ({ job_id: j.id, task_type: j.taskType, status: j.status, progress: j.progress }));
			return sendJson(res, 200, { jobs });
		}
		if (method === 'GET' && (m = /^\/__emulator\/jobs\/([^/]+)$/.exec(path))) {
			const job = state.jobs.get(m[1]);
			if (!job) throw new ApiError(404, `Job not found: ${m[1]}`);
			state.settle(job);
			const internals = {
				prompt: job.prompt,
				version: job.version,
				flags: job.parsed?.flags ?? {},
				draft: job.draft,
				request: job.request,
				source_job_id: job.sourceJobId ?? null,
				source_index: job.sourceIndex ?? null,
				duration_ms: job.durationMs,
				will_fail: job.failure !== null,
			};
			return sendJson(res, 200, { ...state.render(job), _emulator: internals });
		}
		if (key === 'POST /__emulator/config') {
			if (obj.jobDurationMs !== undefined) emu.setJobDurationMs(Number(obj.jobDurationMs));
			if (obj.credits !== undefined) emu.setCredits(Number(obj.credits));
			return sendJson(res, 200, { jobDurationMs: state.jobDurationMs, credits: state.credits });
		}
		if (method === 'POST' && (m = /^\/__emulator\/callbacks\/([^/]+)\/resend$/.exec(path))) {
			if (!state.jobs.has(m[1])) throw new ApiError(404, `Job not found: ${m[1]}`);
			let status: number;
			try {
				status = await emu.resendCallback(m[1], obj as ResendOptions);
			} catch (err) {
				throw new ApiError(400, (err as Error).message);
			}
			return sendJson(res, 200, { status });
		}
		if (key === 'POST /__emulator/callbacks/forge') {
			if (typeof obj.url !== 'string') throw new ApiError(400, 'Missing required field: url');
			const status = await emu.deliverCallback(obj.url, obj.body, obj.headers as Record<string, string> | undefined);
			return sendJson(res, 200, { status });
		}
		if (key === 'POST /__emulator/reset') {
			emu.reset();
			return sendJson(res, 200, { ok: true });
		}
		throw new ApiError(404, `Unknown control route: ${method} ${path}`);
	} catch (err) {
		sendError(res, err instanceof ApiError ? err : new ApiError(500, (err as Error).message));
	}
}
