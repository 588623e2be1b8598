// Control API for end-to-end tests and the demo: /__emulator/..., no auth, loopback clients only.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseFaultSpec } from '../legnext/faults.mts';
import { isLoopback, parseMaybeJson, sendJson } from '../legnext/http.mts';
import { CHECK_SHAPE_NAMES, CHECK_SHAPES, renderCheck } from './check-shapes.mts';
import { ChubError } from './errors.mts';
import { readBytes } from './http.mts';
import type { ChubState } from './state.mts';
import type { ChubEmulator, CheckShape, FaultRule, RecordedRequest, RequestTypeMode } from './types.mts';
import { renderVoice } from './voices.mts';

export const CONTROL_ROUTES = [
	'GET    /__emulator                     this list',
	'POST   /__emulator/faults              add a FaultRule (JSON) or a text spec ("POST /images/text2img status=429")',
	'GET    /__emulator/faults              active fault rules',
	'DELETE /__emulator/faults              clear fault rules',
	'GET    /__emulator/requests            recorded API requests (uploaded file bytes as base64)',
	'GET    /__emulator/generations         all generations (summary)',
	'GET    /__emulator/generations/{uuid}  one generation: its /check answer in every shape, and internals',
	'GET    /__emulator/voices              voices as GET /voices shows them',
	'GET    /__emulator/config              current settings',
	'POST   /__emulator/config              {jobDurationMs?, credits?, checkShape?, checkRequestType?, maxConcurrentGenerations?}',
	'POST   /__emulator/reset               forget everything, restore credits and settings',
];

/** A FaultRule from JSON (`times: "inf"` allowed, since JSON has no Infinity) or from the CLI text form. */
function faultFrom(body: unknown): FaultRule {
	const spec = typeof body === 'string' ? body : (body as { spec?: unknown } | null)?.spec;
	if (typeof spec === 'string') return parseFaultSpec(spec);
	if (!body || typeof body !== 'object') throw new Error('Expected a FaultRule object or a text spec');
	const rule = { ...(body as Record<string, unknown>) };
	const infinite = (v: unknown) => v === null || (typeof v === 'string' && /^inf(inity)?$/i.test(v));
	if (infinite(rule.times)) rule.times = Infinity;
	else if (typeof rule.times === 'string') rule.times = Number(rule.times);
	if (infinite(rule.ms)) rule.ms = Infinity;
	return rule as unknown as FaultRule;
}

const withBase64 = (r: RecordedRequest) =>
	r.multipart ? { ...r, multipart: { ...r.multipart, files: r.multipart.files.map((f) => ({ ...f, bytes: f.bytes.toString('base64') })) } } : r;

function config(state: ChubState) {
	return {
		jobDurationMs: state.jobDurationMs,
		credits: state.credits,
		checkShape: state.checkShape,
		checkRequestType: state.checkRequestType,
		maxConcurrentGenerations: state.maxConcurrentGenerations ?? null,
		authHeader: state.settings.authHeader,
	};
}

type Handler = (c: { state: ChubState; emu: ChubEmulator; body: unknown; params: string[] }) => unknown;

/** Throws 400 with the message of whatever `fn` throws (bad fault specs, bad config values). */
function asBadRequest<T>(fn: () => T): T {
	try {
		return fn();
	} catch (err) {
		throw new ChubError(400, (err as Error).message);
	}
}

function generationDetail(state: ChubState, uuid: string) {
	const g = state.generations.get(uuid);
	if (!g) throw new ChubError(404, `Generation ${uuid} not found`);
	const phase = g.phase();
	const view = { g, state: phase.state, queueLength: phase.queueLength, url: state.origin + g.filePath, error: g.failure ?? '' };
	return {
		checks: Object.fromEntries(CHECK_SHAPE_NAMES.map((s) => [s, renderCheck(s, view)])),
		sources: Object.fromEntries(CHECK_SHAPE_NAMES.map((s) => [s, CHECK_SHAPES[s].source])),
		_emulator: {
			endpoint: g.endpoint,
			request_type: g.requestType,
			cost_key: g.costKey,
			state: phase.state,
			request: g.request,
			media: g.media,
			file_url: state.origin + g.filePath,
			will_fail: g.failure !== null,
			duration_ms: g.durationMs,
			project: g.project,
		},
	};
}

function applyConfig(emu: ChubEmulator, o: Record<string, unknown>): void {
	if (o.jobDurationMs !== undefined) emu.setJobDurationMs(Number(o.jobDurationMs));
	if (o.credits !== undefined) emu.setCredits(Number(o.credits));
	if (o.checkShape !== undefined) emu.setCheckShape(o.checkShape as CheckShape);
	if (o.checkRequestType !== undefined) emu.setCheckRequestType(o.checkRequestType as RequestTypeMode);
	const limit = o.maxConcurrentGenerations;
	if (limit !== undefined) emu.setMaxConcurrentGenerations(limit === null ? undefined : Number(limit));
}

/** 'METHOD /path' (a '{x}' segment is a parameter) → handler. */
const HANDLERS: [string, Handler][] = [
	['GET /__emulator', () => ({ routes: CONTROL_ROUTES, checkShapes: CHECK_SHAPE_NAMES })],
	[
		'POST /__emulator/faults',
		({ state, emu, body }) => {
			asBadRequest(() => emu.addFault(faultFrom(body)));
			return { faults: state.faults.list() };
		},
	],
	['GET /__emulator/faults', ({ state }) => ({ faults: state.faults.list() })],
	[
		'DELETE /__emulator/faults',
		({ emu }) => {
			emu.clearFaults();
			return { faults: [] };
		},
	],
	['GET /__emulator/requests', ({ state }) => ({ requests: state.requests.map(withBase64) })],
	[
		'GET /__emulator/generations',
		({ state }) => ({
			generations: [...state.generations.values()].map((g) => ({
				generation_uuid: g.uuid,
				endpoint: g.endpoint,
				request_type: g.requestType,
				state: g.state,
				cost: g.cost,
			})),
		}),
	],
	['GET /__emulator/generations/{uuid}', ({ state, params }) => generationDetail(state, params[0])],
	['GET /__emulator/voices', ({ state }) => ({ voices: [...state.voices.values()].map((v) => renderVoice(v, state.origin)) })],
	['GET /__emulator/config', ({ state }) => config(state)],
	[
		'POST /__emulator/config',
		({ state, emu, body }) => {
			asBadRequest(() => applyConfig(emu, (body && typeof body === 'object' ? body : {}) as Record<string, unknown>));
			return config(state);
		},
	],
	[
		'POST /__emulator/reset',
		({ emu }) => {
			emu.reset();
			return { ok: true };
		},
	],
];

const MATCHERS = HANDLERS.map(([route, handler]) => ({ re: new RegExp(`^${route.replace(/\{[^}]+\}/g, '([^/]+)')}$`), handler }));

export async function handleControl(state: ChubState, emu: ChubEmulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
	let status = 200;
	let answer: unknown;
	try {
		if (!isLoopback(req)) throw new ChubError(403, 'The control API answers loopback clients only');
		const key = `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0].replace(/\/+$/, '')}`;
		const read = await readBytes(req, 1024 * 1024);
		if (read.kind === 'too-large') throw new ChubError(413, 'Body too large');
		const match = MATCHERS.map((m) => ({ m, hit: m.re.exec(key) })).find((x) => x.hit);
		if (!match) throw new ChubError(404, `Unknown control route: ${key}`);
		const body = parseMaybeJson(read.bytes.toString('utf8'));
		answer = match.m.handler({ state, emu, body, params: match.hit!.slice(1) });
	} catch (err) {
		const e = err instanceof ChubError ? err : new ChubError(500, (err as Error).message);
		[status, answer] = [e.status, e.body()];
	}
	sendJson(res, status, answer);
}
