// Control API for end-to-end tests and the demo: no auth, loopback only, under /__emulator.
// Same routes as the Legnext emulator's, with `tasks` for `jobs`.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseFaultSpec } from '../legnext/faults.mts';
import { isLoopback, parseMaybeJson, readBody, sendJson } from '../legnext/http.mts';
import type { EmulatorState } from './state.mts';
import type { ApiframeEmulator, FaultRule, LiveOptions, ResendOptions } from './types.mts';

export const CONTROL_ROUTES = [
	'GET    /__emulator                            this list',
	'POST   /__emulator/faults                     add a FaultRule (JSON) or a text spec ("POST /imagine status=429")',
	'GET    /__emulator/faults                     active fault rules',
	'DELETE /__emulator/faults                     clear fault rules',
	'GET    /__emulator/requests                   recorded API requests (authorization redacted)',
	'GET    /__emulator/tasks                      all tasks (summary)',
	'GET    /__emulator/tasks/{id}                 one task as /fetch shows it, plus _emulator internals',
	'GET    /__emulator/callbacks                  webhook attempts',
	'POST   /__emulator/config                     {jobDurationMs?, credits?, finalShape?, failureShape?, videoShape?,',
	'                                               progressWebhooks?, acceptBearer?, rateLimitPerSecond?}',
	'POST   /__emulator/callbacks/{taskId}/resend  {status?, delayMs?, url?, secret?}',
	'POST   /__emulator/callbacks/forge            {url, body, headers?}',
	'POST   /__emulator/reset                      forget everything, restore credits and options',
];

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** A FaultRule from JSON or text; JSON cannot say Infinity, so `times`/`ms` also take "Infinity"/"inf". */
function faultFrom(body: unknown): FaultRule {
	if (typeof body === 'string') return parseFaultSpec(body);
	if (body && typeof body === 'object' && typeof (body as { spec?: unknown }).spec === 'string')
		return parseFaultSpec((body as { spec: string }).spec);
	if (!body || typeof body !== 'object')
		throw new ControlError(400, 'Send a FaultRule object or a text spec');
	const endless = (v: unknown) => v === null || (typeof v === 'string' && /^inf(inity)?$/i.test(v));
	const rule: Record<string, unknown> = { ...(body as object) };
	for (const key of ['times', 'ms']) if (endless(rule[key])) rule[key] = Infinity;
	if (typeof rule.times === 'string') rule.times = Number(rule.times);
	return rule as unknown as FaultRule;
}

const LIVE_KEYS = [
	'finalShape',
	'failureShape',
	'videoShape',
	'progressWebhooks',
	'acceptBearer',
	'rateLimitPerSecond',
] as const;

export async function handleControl(
	state: EmulatorState,
	emu: ApiframeEmulator,
	req: IncomingMessage,
	res: ServerResponse,
) {
	try {
		if (!isLoopback(req))
			throw new ControlError(403, 'The control API answers loopback clients only');
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
		const raw = await readBody(req);
		if (raw.kind === 'too-large') throw new ControlError(413, 'Body too large');
		const body = parseMaybeJson(raw.raw);
		const obj = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		const route = `${method} ${path}`;
		const task = /^\/__emulator\/tasks\/([^/]+)$/.exec(path);
		const resend = /^\/__emulator\/callbacks\/([^/]+)\/resend$/.exec(path);

		switch (route) {
			case 'GET /__emulator':
				return sendJson(res, 200, { routes: CONTROL_ROUTES });
			case 'GET /__emulator/faults':
				return sendJson(res, 200, { faults: state.faults.list() });
			case 'POST /__emulator/faults':
				try {
					emu.addFault(faultFrom(body));
				} catch (err) {
					throw err instanceof ControlError ? err : new ControlError(400, (err as Error).message);
				}
				return sendJson(res, 200, { faults: state.faults.list() });
			case 'DELETE /__emulator/faults':
				emu.clearFaults();
				return sendJson(res, 200, { faults: [] });
			case 'GET /__emulator/requests':
				return sendJson(res, 200, { requests: state.requests });
			case 'GET /__emulator/callbacks':
				return sendJson(res, 200, { callbacks: state.callbacks });
			case 'GET /__emulator/tasks': {
				state.settleAll();
				const tasks = [...state.tasks.values()].map((t) => ({
					task_id: t.id,
					task_type: t.taskType,
					endpoint: t.endpoint,
					...t.phase(),
				}));
				return sendJson(res, 200, { tasks });
			}
			case 'POST /__emulator/config': {
				if (obj.jobDurationMs !== undefined) emu.setJobDurationMs(Number(obj.jobDurationMs));
				if (obj.credits !== undefined) emu.setCredits(Number(obj.credits));
				const live: LiveOptions = {};
				for (const key of LIVE_KEYS) if (key in obj) Object.assign(live, { [key]: obj[key] });
				emu.configure(live);
				const {
					finalShape,
					failureShape,
					videoShape,
					progressWebhooks,
					acceptBearer,
					rateLimitPerSecond,
				} = state.live;
				return sendJson(res, 200, {
					jobDurationMs: state.jobDurationMs,
					credits: state.credits,
					...{
						finalShape,
						failureShape,
						videoShape,
						progressWebhooks,
						acceptBearer,
						rateLimitPerSecond,
					},
				});
			}
			case 'POST /__emulator/callbacks/forge':
				if (typeof obj.url !== 'string') throw new ControlError(400, 'url is required');
				return sendJson(res, 200, {
					status: await emu.deliverCallback(
						obj.url,
						obj.body,
						obj.headers as Record<string, string>,
					),
				});
			case 'POST /__emulator/reset':
				emu.reset();
				return sendJson(res, 200, { ok: true });
		}
		if (method === 'GET' && task) {
			const found = state.lookup(task[1]);
			if (!found) throw new ControlError(404, `No task with id ${task[1]}`);
			const {
				request,
				prompt,
				endpoint,
				parentId,
				index,
				processMode,
				cost,
				durationMs,
				failure,
				seed,
				webhookUrl,
			} = found;
			const internals = {
				endpoint,
				request,
				prompt,
				parentId,
				index,
				processMode,
				cost,
				durationMs,
				willFail: failure !== null,
				seed,
				webhookUrl,
			};
			return sendJson(res, 200, { ...state.render(found), _emulator: internals });
		}
		if (method === 'POST' && resend) {
			if (!state.tasks.has(resend[1])) throw new ControlError(404, `No task with id ${resend[1]}`);
			try {
				return sendJson(res, 200, {
					status: await emu.resendCallback(resend[1], obj as ResendOptions),
				});
			} catch (err) {
				throw new ControlError(400, (err as Error).message);
			}
		}
		throw new ControlError(404, `Unknown control route: ${route}`);
	} catch (err) {
		const status = err instanceof ControlError ? err.status : 400;
		sendJson(res, status, { errors: [{ msg: (err as Error).message }] });
	}
}
