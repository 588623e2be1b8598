// APIFRAME provider emulator: a local server faithful to api-docs/apiframe-v1.md (and the seed page
// apiframe-imagine.txt), for tests, benchmarks and the demo. See apiframe/README.md for the behaviours
// and every choice made where the docs are silent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { sendJson, sleep } from '../legnext/http.mts';
import { handleApi, redactHeaders } from './api.mts';
import { handleControl } from './control.mts';
import { FileStore } from './files.mts';
import { listenOn, shutDown } from './net.mts';
import { EmulatorState } from './state.mts';
import type {
	ApiframeEmulator,
	ApiframeEmulatorOptions,
	LiveOptions,
	RecordedRequest,
} from './types.mts';
import { secretHeader } from './webhooks.mts';

export type * from './types.mts';
export { parseFaultSpec } from '../legnext/faults.mts';
export { FAIL_MARKER, RETRY_MARKER } from './state.mts';
export { filePaths } from './render.mts';

const FINAL_SHAPES = ['no-status', 'finished'];
const FAILURE_SHAPES = ['message', 'error', 'both'];
const VIDEO_SHAPES = ['video_urls', 'videoUrl'];

function checkLive(o: LiveOptions): void {
	const bad = (name: string, v: unknown, allowed: string[]) => {
		if (v !== undefined && !allowed.includes(v as string))
			throw new Error(`${name} must be one of ${allowed.join(', ')}`);
	};
	bad('finalShape', o.finalShape, FINAL_SHAPES);
	bad('failureShape', o.failureShape, FAILURE_SHAPES);
	bad('videoShape', o.videoShape, VIDEO_SHAPES);
	if (o.rateLimitPerSecond !== undefined && !(o.rateLimitPerSecond >= 0))
		throw new Error('rateLimitPerSecond must be >= 0');
}

export async function startApiframeEmulator(
	opts: ApiframeEmulatorOptions = {},
): Promise<ApiframeEmulator> {
	checkLive(opts);
	const state = new EmulatorState({
		apiKey: opts.apiKey ?? 'test-api-key',
		acceptBearer: opts.acceptBearer ?? false,
		jobDurationMs: opts.jobDurationMs ?? 3000,
		imageSize: opts.imageSize ?? 256,
		imageBytes: opts.imageBytes,
		credits: opts.credits ?? 100_000,
		email: opts.email ?? 'emulator@apiframe.test',
		plan: opts.plan ?? 'pro',
		rateLimitPerSecond: opts.rateLimitPerSecond,
		finalShape: opts.finalShape ?? 'no-status',
		failureShape: opts.failureShape ?? 'message',
		videoShape: opts.videoShape ?? 'video_urls',
		progressWebhooks: opts.progressWebhooks ?? true,
		webhookRetries: opts.webhookRetries ?? 3,
		webhookRetryDelayMs: opts.webhookRetryDelayMs ?? 500,
		log: opts.log,
	});
	const files = new FileStore(state.tasks, {
		imageSize: state.settings.imageSize,
		imageBytes: opts.imageBytes,
	});
	const closing = new AbortController();

	/** /cdn files: recorded in `downloads`; status, reset and delay faults apply. */
	async function download(req: IncomingMessage, res: ServerResponse) {
		const method = req.method ?? 'GET';
		const path = req.url ?? '/';
		const rec: RecordedRequest = {
			method,
			path,
			apiPath: path.split('?')[0],
			body: null,
			headers: redactHeaders(req),
			auth: 'missing',
			at: Date.now(),
			status: 0,
		};
		state.downloads.push(rec);
		const fault = state.faults.take(method, rec.apiPath, [
			'status',
			'reset',
			'delay',
			'accept-then-hang',
		]);
		if (fault?.kind === 'reset') return void req.socket.destroy();
		if (fault?.kind === 'status') {
			rec.status = fault.status;
			return sendJson(res, fault.status, fault.body ?? {});
		}
		if (fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') {
			const left = new AbortController();
			res.once('close', () => left.abort());
			const waited = await sleep(
				fault.ms ?? Infinity,
				AbortSignal.any([closing.signal, left.signal]),
			).then(
				() => true,
				() => false,
			);
			if (!waited || res.destroyed) return;
		}
		if (method === 'GET' || method === 'HEAD') rec.status = await files.serve(path, method, res);
		else {
			rec.status = 405;
			sendJson(res, 405, {}, { allow: 'GET, HEAD' });
		}
	}

	const server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		let work: Promise<unknown>;
		if (path.startsWith('/cdn/')) work = download(req, res);
		else if (path === '/__emulator' || path.startsWith('/__emulator/'))
			work = handleControl(state, emu, req, res);
		else if (path === '/' && req.method === 'GET')
			work = Promise.resolve(
				sendJson(res, 200, {
					name: 'APIFRAME emulator',
					api: emu.baseUrl,
					docs: 'test/emulator/apiframe/README.md',
				}),
			);
		else work = handleApi(state, req, res, closing.signal);
		work.catch((err: Error) => {
			state.settings.log?.(`internal error on ${req.method} ${path}: ${err.message}`);
			if (res.headersSent) res.destroy();
			else sendJson(res, 500, {});
		});
	});

	const url = await listenOn(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
	state.origin = (opts.publicUrl ?? url).replace(/\/+$/, '');

	const readsOf = (taskId: string) =>
		state.requests.filter((r) => r.readTaskIds?.includes(taskId)).length;
	const callsTo = (apiPath: string) =>
		state.requests.filter((r) => r.method === 'POST' && r.apiPath === apiPath).length;

	const emu: ApiframeEmulator = {
		apiKey: state.settings.apiKey,
		url,
		baseUrl: url, // APIFRAME's paths sit at the root
		tasks: state.tasks,
		requests: state.requests,
		callbacks: state.callbacks,
		downloads: state.downloads,
		addFault: (rule) => state.faults.add(rule),
		clearFaults: () => state.faults.clear(),
		setJobDurationMs(ms) {
			if (!(ms >= 0)) throw new Error('jobDurationMs must be >= 0');
			state.jobDurationMs = ms;
		},
		setCredits(credits) {
			if (!Number.isFinite(credits)) throw new Error('credits must be a number');
			state.credits = credits;
		},
		configure(live) {
			checkLive(live);
			const defined = Object.entries(live).filter(([, v]) => v !== undefined);
			state.live = { ...state.live, ...Object.fromEntries(defined) };
		},
		statusReads: readsOf,
		statusReadCalls: () => ({ fetch: callsTo('/fetch'), fetchMany: callsTo('/fetch-many') }),
		deliverCallback: (target, body, headers = {}) =>
			state.webhooks.once(target, body, headers, { source: 'forge', attempt: 1 }),
		async resendCallback(taskId, o = {}) {
			const task = state.tasks.get(taskId);
			if (!task) throw new Error(`No task with id ${taskId}`);
			const target = o.url ?? task.webhookUrl;
			if (!target) throw new Error(`Task ${taskId} has no webhook_url; pass opts.url`);
			if (o.delayMs) await sleep(o.delayMs, closing.signal);
			state.settle(task);
			const body = state.render(task, o.status);
			const event = o.status ?? task.status;
			const headers = secretHeader(o.secret === undefined ? task.webhookSecret : o.secret);
			return state.webhooks.once(target, body, headers, {
				source: 'resend',
				taskId,
				event,
				attempt: 1,
			});
		},
		webhooksIdle: () => state.webhooks.idle(),
		reset() {
			files.clearCache();
			state.reset();
		},
		async close() {
			closing.abort();
			await Promise.all([state.close(), shutDown(server)]);
		},
	};
	return emu;
}
