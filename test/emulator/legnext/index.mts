// Legnext provider emulator: a local server faithful to api-docs/legnext.md, for tests, benchmarks
// and the demo. See test/emulator/README.md for behaviours and the choices made where the docs are silent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { handleApi, redactHeaders } from './api.mts';
import { handleControl } from './control.mts';
import { FileServer } from './files.mts';
import { sendJson, sleep } from './http.mts';
import { EmulatorState } from './state.mts';
import type { LegnextEmulator, LegnextEmulatorOptions, RecordedRequest } from './types.mts';

export type * from './types.mts';
export { parseFaultSpec } from './faults.mts';
export { FAIL_MARKER } from './state.mts';

export async function startLegnextEmulator(opts: LegnextEmulatorOptions = {}): Promise<LegnextEmulator> {
	const state = new EmulatorState({
		apiKey: opts.apiKey ?? 'test-api-key',
		jobDurationMs: opts.jobDurationMs ?? 3000,
		imageSize: opts.imageSize ?? 256,
		imageBytes: opts.imageBytes,
		credits: opts.credits ?? 1_000_000,
		rateLimitPerSecond: opts.rateLimitPerSecond,
		callbackRetries: opts.callbackRetries ?? 3,
		callbackRetryDelayMs: opts.callbackRetryDelayMs ?? 500,
		callbackTimeoutMs: opts.callbackTimeoutMs,
		progressCallbacks: opts.progressCallbacks ?? false,
		callbackShape: opts.callbackShape ?? 'job',
		reportProgress: opts.reportProgress ?? true,
		log: opts.log,
	});
	const files = new FileServer(state.jobs, { imageSize: state.settings.imageSize, imageBytes: opts.imageBytes });
	const closing = new AbortController();

	async function download(req: IncomingMessage, res: ServerResponse) {
		const method = req.method ?? 'GET';
		const path = req.url ?? '/';
		const rec: RecordedRequest = { method, path, apiPath: path, body: null, headers: redactHeaders(req), at: Date.now(), status: 0 };
		state.downloads.push(rec);
		const fault = state.faults.take(method, path, ['status', 'reset', 'delay', 'accept-then-hang']);
		if (fault?.kind === 'reset') return req.socket.destroy();
		if (fault?.kind === 'status') {
			rec.status = fault.status;
			return sendJson(res, fault.status, { code: fault.status, message: 'Error', raw_message: '', detail: null });
		}
		if (fault?.kind === 'delay' || fault?.kind === 'accept-then-hang') {
			const gone = new AbortController();
			res.once('close', () => gone.abort());
			await sleep(fault.ms ?? Infinity, AbortSignal.any([closing.signal, gone.signal])).catch(() => undefined);
			if (res.destroyed) return;
		}
		if (method !== 'GET' && method !== 'HEAD') {
			rec.status = 405;
			return sendJson(res, 405, { code: 405, message: 'Method not allowed', raw_message: '', detail: null });
		}
		rec.status = await files.serve(path, method, res);
	}

	const server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		let work: Promise<unknown>;
		if (path === '/api' || path.startsWith('/api/')) work = handleApi(state, req, res, closing.signal);
		else if (path.startsWith('/cdn/')) work = download(req, res);
		else if (path === '/__emulator' || path.startsWith('/__emulator/')) work = handleControl(state, emu, req, res);
		else
			work = Promise.resolve(
				sendJson(res, path === '/' ? 200 : 404, {
					name: 'Legnext emulator',
					api: `${emu.baseUrl}`,
					docs: 'test/emulator/README.md',
				}),
			);
		work.catch((err: Error) => {
			state.settings.log?.(`internal error on ${req.method} ${path}: ${err.message}`);
			if (!res.headersSent) sendJson(res, 500, { code: 500, message: 'Internal server error', raw_message: '', detail: null });
			else res.destroy();
		});
	});

	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const url = `http://${shownHost}:${port}`;
	state.origin = (opts.publicUrl ?? url).replace(/\/+$/, '');

	const emu: LegnextEmulator = {
		url,
		baseUrl: `${url}/api`,
		apiKey: state.settings.apiKey,
		requests: state.requests,
		downloads: state.downloads,
		jobs: state.jobs,
		callbacks: state.callbacks,
		addFault: (rule) => state.faults.add(rule),
		clearFaults: () => state.faults.clear(),
		setJobDurationMs: (ms) => {
			if (!(ms >= 0)) throw new Error('jobDurationMs must be >= 0');
			state.jobDurationMs = ms;
		},
		setCredits: (credits) => state.setCredits(credits),
		statusReads: (jobId) =>
			state.requests.filter((r) => r.method === 'GET' && r.apiPath === `/v1/job/${jobId}`).length,
		deliverCallback: (target, body, headers) => state.sender.sendOnce(target, body, { source: 'forge' }, headers),
		async resendCallback(jobId, o = {}) {
			const job = state.jobs.get(jobId);
			if (!job) throw new Error(`Job not found: ${jobId}`);
			const target = o.url ?? job.callbackUrl;
			if (!target) throw new Error(`Job ${jobId} has no callback URL; pass opts.url`);
			if (o.delayMs) await sleep(o.delayMs, closing.signal);
			state.settle(job);
			const status = o.status ?? state.render(job).status;
			return state.sender.sendOnce(target, state.callbackBody(job, o.status), { source: 'resend', jobId, event: status });
		},
		setCallbackShape: (shape) => {
			state.settings.callbackShape = shape;
		},
		setReportProgress: (on) => {
			state.settings.reportProgress = on;
		},
		reset: () => {
			state.reset();
			files.clearCache();
		},
		async close() {
			closing.abort();
			await state.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return emu;
}
