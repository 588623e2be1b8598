// Chub.ai ("Imagine" API) provider emulator: a local server faithful to api-docs/imagine-api.txt and
// api-docs/chub-imagine.md, for tests, benchmarks and the demo. See README.md beside this file for
// the behaviour and every choice made where the docs are silent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

import { sendJson, sleep } from '../legnext/http.mts';
import { handleApi } from './api.mts';
import { CHECK_SHAPE_NAMES } from './check-shapes.mts';
import { handleControl } from './control.mts';
import { errorBody } from './errors.mts';
import { redactedHeaders } from './http.mts';
import { MediaServer } from './media.mts';
import { ChubState } from './state.mts';
import type { ChubEmulator, ChubEmulatorOptions, CheckShape, RecordedRequest, RequestTypeMode } from './types.mts';

export type * from './types.mts';
export { parseFaultSpec } from '../legnext/faults.mts';
export { CHECK_SHAPES, CHECK_SHAPE_NAMES } from './check-shapes.mts';
export { DEFAULT_COSTS } from './costs.mts';
export { GENERATION_KINDS } from './kinds.mts';
export { FAIL_MARKER } from './state.mts';
export { PRESET_VOICE_UUID } from './voices.mts';

function assertShape(shape: CheckShape): CheckShape {
	if (!CHECK_SHAPE_NAMES.includes(shape)) throw new Error(`checkShape must be one of ${CHECK_SHAPE_NAMES.join(', ')}`);
	return shape;
}

function assertMode(mode: RequestTypeMode): RequestTypeMode {
	if (mode !== 'strict' && mode !== 'lenient') throw new Error("checkRequestType must be 'strict' or 'lenient'");
	return mode;
}

function assertDuration(ms: number): number {
	if (!(ms >= 0)) throw new Error('jobDurationMs must be >= 0');
	return ms;
}

export async function startChubEmulator(opts: ChubEmulatorOptions = {}): Promise<ChubEmulator> {
	const authHeader = opts.authHeader ?? 'both';
	if (!['both', 'ch-api-key', 'bearer'].includes(authHeader)) throw new Error("authHeader must be 'both', 'ch-api-key' or 'bearer'");
	const state = new ChubState({
		apiKey: opts.apiKey ?? 'CHK-test-key',
		authHeader,
		jobDurationMs: assertDuration(opts.jobDurationMs ?? 3000),
		checkShape: assertShape(opts.checkShape ?? 'is_done'),
		checkRequestType: assertMode(opts.checkRequestType ?? 'strict'),
		maxConcurrentGenerations: opts.maxConcurrentGenerations || undefined,
		credits: opts.credits ?? 1_000_000,
		costs: { ...opts.costs },
		queueLength: opts.queueLength ?? 3,
		imageSize: opts.imageSize ?? 128,
		presetVoices: opts.presetVoices ?? true,
		log: opts.log,
	});
	const media = new MediaServer(state.generations, state.voices, state.transcripts);
	const closing = new AbortController();

	/** /cdn downloads: recorded apart, and subject to the same fault rules. */
	async function download(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = req.method ?? 'GET';
		const path = req.url ?? '/';
		const apiPath = path.split('?')[0];
		const rec: RecordedRequest = { method, path, apiPath, query: {}, body: null, headers: redactedHeaders(req), at: Date.now(), status: 0 };
		state.downloads.push(rec);
		const fault = state.faults.take(method, apiPath, ['status', 'reset', 'delay', 'accept-then-hang']);
		if (fault?.kind === 'reset') return void req.socket.destroy();
		if (fault?.kind === 'status') {
			rec.status = fault.status;
			return sendJson(res, fault.status, errorBody(fault.status, 'Error'));
		}
		if (fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') {
			const gone = new AbortController();
			res.once('close', () => gone.abort());
			const ok = await sleep(fault.ms ?? Infinity, AbortSignal.any([closing.signal, gone.signal])).then(
				() => true,
				() => false,
			);
			if (!ok || res.destroyed) return;
		}
		if (method !== 'GET' && method !== 'HEAD') {
			rec.status = 405;
			return sendJson(res, 405, errorBody(405, 'Method not allowed'), { allow: 'GET, HEAD' });
		}
		rec.status = await media.serve(path, method, res);
	}

	const server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		let work: Promise<unknown>;
		if (path.startsWith('/cdn/')) work = download(req, res);
		else if (path === '/__emulator' || path.startsWith('/__emulator/')) work = handleControl(state, emu, req, res);
		else work = handleApi(state, req, res, closing.signal);
		work.catch((err: Error) => {
			state.settings.log?.(`unexpected failure on ${req.method} ${path}: ${err.message}`);
			if (res.headersSent) return void res.destroy();
			sendJson(res, 500, errorBody(500, 'Internal server error'));
		});
	});

	const host = opts.host ?? '127.0.0.1';
	server.listen(opts.port ?? 0, host);
	await once(server, 'listening'); // rejects on 'error' (e.g. EADDRINUSE)
	const { port } = server.address() as AddressInfo;
	const shown = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const url = `http://${shown}:${port}`;
	state.origin = (opts.publicUrl ?? url).replace(/\/+$/, '');

	const emu: ChubEmulator = {
		url,
		baseUrl: url,
		apiKey: state.settings.apiKey,
		requests: state.requests,
		downloads: state.downloads,
		generations: state.generations,
		voices: state.voices,
		get credits() {
			return state.credits;
		},
		addFault: (rule) => state.faults.add(rule),
		clearFaults: () => state.faults.clear(),
		setJobDurationMs: (ms) => {
			state.jobDurationMs = assertDuration(ms);
		},
		setCheckShape: (shape) => {
			state.checkShape = assertShape(shape);
		},
		setCheckRequestType: (mode) => {
			state.checkRequestType = assertMode(mode);
		},
		setCredits: (credits) => state.setCredits(credits),
		setMaxConcurrentGenerations: (limit) => {
			if (limit !== undefined && !(limit >= 0)) throw new Error('maxConcurrentGenerations must be >= 0');
			state.maxConcurrentGenerations = limit || undefined;
		},
		statusReads: (uuid) =>
			state.requests.filter(
				(r) => r.method === 'POST' && r.apiPath === '/check' && (r.body as { generation_uuid?: unknown } | null)?.generation_uuid === uuid,
			).length,
		reset: () => {
			state.reset();
			media.clearCache();
		},
		async close() {
			closing.abort();
			const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await stopped;
		},
	};
	return emu;
}
