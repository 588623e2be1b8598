// Control API for end-to-end tests and the demo: no auth, loopback clients only, outside the API paths.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isLoopback, parseMaybeJson, readBody, sendJson } from '../legnext/http.mts';
import { isContentCode } from './content-codes.mts';
import { parseTnlFaultSpec } from './faults.mts';
import { TnlError } from './fields.mts';
import type { TnlState } from './state.mts';
import type { FaultRule, MessageShape, ResendOptions, TheNextLegEmulator } from './types.mts';

export const CONTROL_ROUTES = [
	'GET    /__emulator                              this list',
	'POST   /__emulator/faults                       add a FaultRule (JSON) or a text spec ("POST /v2/imagine status=429")',
	'GET    /__emulator/faults                       active fault rules',
	'DELETE /__emulator/faults                       clear fault rules',
	'GET    /__emulator/requests                     recorded API requests (token redacted)',
	'GET    /__emulator/messages                     all messages (summary)',
	'GET    /__emulator/messages/{id}                one message as GET /v2/message shows it, plus _emulator internals',
	'GET    /__emulator/callbacks                    webhook deliveries',
	'GET    /__emulator/account                      the emulated account',
	'POST   /__emulator/config                       {jobDurationMs?, minIntervalMs?, messageShape?, protectImages?, fastHours?}',
	'POST   /__emulator/content                      {code, times?}: the next messages finish with that content code',
	'POST   /__emulator/callbacks/{messageId}/resend {event?, progress?, delayMs?, url?}',
	'POST   /__emulator/callbacks/forge              {url, body, headers?}',
	'POST   /__emulator/reset                        forget everything, restore the settings',
];

/** JSON has no Infinity: `times: "inf"`/"Infinity" (and `ms: null` for a hang) are accepted. */
function faultFrom(body: unknown): FaultRule {
	if (typeof body === 'string') return parseTnlFaultSpec(body);
	const o = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : null;
	if (!o) throw new Error('Expected a FaultRule object or a text spec');
	if (typeof o.spec === 'string') return parseTnlFaultSpec(o.spec);
	if (typeof o.times === 'string') o.times = /^inf/i.test(o.times) ? Infinity : Number(o.times);
	if (o.ms === null || o.ms === 'Infinity') o.ms = Infinity;
	return o as unknown as FaultRule;
}

/** Runs `fn`, turning its Error into a 400. */
function orBadRequest<T>(fn: () => T): T {
	try {
		return fn();
	} catch (err) {
		throw new TnlError(400, (err as Error).message);
	}
}

export async function handleControl(state: TnlState, emu: TheNextLegEmulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
	try {
		if (!isLoopback(req)) throw new TnlError(403, 'The control API answers loopback clients only');
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
		const raw = await readBody(req);
		if (raw.kind === 'too-large') throw new TnlError(413, 'Body too large');
		const body = parseMaybeJson(raw.raw);
		const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		const route = `${method} ${path}`;
		const id = /^\/__emulator\/(?:messages|callbacks)\/([^/]+)/.exec(path)?.[1];

		if (route === 'GET /__emulator') return sendJson(res, 200, { routes: CONTROL_ROUTES });
		if (path === '/__emulator/faults' && ['GET', 'POST', 'DELETE'].includes(method)) {
			if (method === 'POST') orBadRequest(() => emu.addFault(faultFrom(body)));
			if (method === 'DELETE') emu.clearFaults();
			return sendJson(res, 200, { faults: state.faults.list() }); // the rules now active
		}
		if (route === 'GET /__emulator/requests') return sendJson(res, 200, { requests: state.requests });
		if (route === 'GET /__emulator/callbacks') return sendJson(res, 200, { callbacks: state.callbacks });
		if (route === 'GET /__emulator/account') return sendJson(res, 200, { account: state.account });
		if (route === 'GET /__emulator/messages') {
			const messages = [...state.messages.values()].map((m) => ({
				messageId: m.id,
				buttonMessageId: m.buttonMessageId,
				type: m.type,
				kind: m.kind,
				phase: m.phase(),
				final: m.final,
			}));
			return sendJson(res, 200, { messages });
		}
		if (method === 'GET' && id && path === `/__emulator/messages/${id}`) {
			const msg = state.messages.get(id);
			if (!msg) throw new TnlError(404, `Message not found: ${id}`);
			const internals = {
				kind: msg.kind,
				endpoint: msg.endpoint,
				request: msg.request,
				buttonMessageId: msg.buttonMessageId,
				buttons: msg.buttons,
				notice: msg.notice,
				final: msg.final,
				stalled: msg.stalled,
				seed: msg.seed,
				source: msg.sourceId ?? null,
				button: msg.button ?? null,
				webhookUrl: msg.webhookUrl,
				durationMs: msg.durationMs,
			};
			return sendJson(res, 200, { ...state.read(msg, Infinity), _emulator: internals });
		}
		if (route === 'POST /__emulator/config') {
			orBadRequest(() => {
				if (o.jobDurationMs !== undefined) emu.setJobDurationMs(Number(o.jobDurationMs));
				if (o.minIntervalMs !== undefined) emu.setMinIntervalMs(Number(o.minIntervalMs));
				if (o.messageShape !== undefined) emu.setMessageShape(o.messageShape as MessageShape);
				if (o.protectImages !== undefined) emu.setProtectImages(o.protectImages === true);
				if (o.fastHours !== undefined) emu.setFastHours(Number(o.fastHours));
			});
			const { jobDurationMs, messageShape, protectImages } = state;
			return sendJson(res, 200, { jobDurationMs, minIntervalMs: state.limiter.minIntervalMs, messageShape, protectImages });
		}
		if (route === 'POST /__emulator/content') {
			if (!isContentCode(o.code)) throw new TnlError(400, 'Field code must be one of the 19 content codes');
			const code = o.code;
			orBadRequest(() => emu.forceContent(code, o.times === undefined ? 1 : Number(o.times)));
			return sendJson(res, 200, { ok: true });
		}
		if (method === 'POST' && id && path === `/__emulator/callbacks/${id}/resend`) {
			if (!state.messages.has(id)) throw new TnlError(404, `Message not found: ${id}`);
			const status = await emu.resendCallback(id, o as ResendOptions).catch((err: Error) => {
				throw new TnlError(400, err.message);
			});
			return sendJson(res, 200, { status });
		}
		if (route === 'POST /__emulator/callbacks/forge') {
			if (typeof o.url !== 'string') throw new TnlError(400, 'Missing required field: url');
			const status = await emu.deliverCallback(o.url, o.body, o.headers as Record<string, string> | undefined);
			return sendJson(res, 200, { status });
		}
		if (route === 'POST /__emulator/reset') {
			emu.reset();
			return sendJson(res, 200, { ok: true });
		}
		throw new TnlError(404, `Unknown control route: ${route}`);
	} catch (err) {
		const e = err instanceof TnlError ? err : new TnlError(500, (err as Error).message);
		sendJson(res, e.status, e.json(), e.headers);
	}
}
