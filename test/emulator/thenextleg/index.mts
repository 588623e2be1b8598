// TheNextLeg (TNL) provider emulator: a local TNL-compatible server faithful to api-docs/thenextleg-*.
// TNL itself was switched off in January 2024 (v2 notes §0); the node targets servers like this one.
// See test/emulator/thenextleg/README.md for the behaviour and every choice made where the docs are silent.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sendJson } from '../legnext/http.mts';
import { handleApi } from './api.mts';
import { isContentCode } from './content-codes.mts';
import { handleControl } from './control.mts';
import { isApiPath } from './endpoints.mts';
import { handleDownload } from './files.mts';
import { DEFAULT_BANNED_WORDS } from './prefilter.mts';
import { TnlState } from './state.mts';
import type { MessageShape, TheNextLegEmulator, TheNextLegEmulatorOptions } from './types.mts';

export type * from './types.mts';
export { ALL_CODES, CONTENT_CODES, TRANSIENT_CODES, STALL_MARKER } from './content-codes.mts';
export { GRID_BUTTONS, UPSCALE_BUTTONS, SEED_BUTTON } from './buttons.mts';
export { SETTINGS_LABELS } from './account.mts';
export { parseTnlFaultSpec } from './faults.mts';

const SHAPES: MessageShape[] = ['top-level', 'response'];

function checkShape(shape: string): MessageShape {
	if (!SHAPES.includes(shape as MessageShape)) throw new Error(`messageShape must be one of ${SHAPES.join(', ')}`);
	return shape as MessageShape;
}

function nonNegative(name: string, v: number): number {
	if (!(v >= 0)) throw new Error(`${name} must be >= 0`);
	return v;
}

export async function startTheNextLegEmulator(opts: TheNextLegEmulatorOptions = {}): Promise<TheNextLegEmulator> {
	const state = new TnlState({
		token: opts.token ?? 'test-token',
		jobDurationMs: nonNegative('jobDurationMs', opts.jobDurationMs ?? 3000),
		minIntervalMs: nonNegative('minIntervalMs', opts.minIntervalMs ?? 3000),
		messageShape: checkShape(opts.messageShape ?? 'top-level'),
		protectImages: opts.protectImages ?? false,
		imageSize: opts.imageSize ?? 256,
		bannedWords: opts.bannedWords ?? DEFAULT_BANNED_WORDS,
		webhookUrl: opts.webhookUrl ?? '',
		progressWebhooks: opts.progressWebhooks ?? false,
		webhookRetries: opts.webhookRetries ?? 3,
		webhookRetryDelayMs: opts.webhookRetryDelayMs ?? 500,
		minuteMs: opts.minuteMs ?? 60_000,
		listSeedButton: opts.listSeedButton ?? false,
		fastHours: opts.fastHours ?? 15,
		log: opts.log,
	});
	const closing = new AbortController();
	const origins: string[] = [];

	const server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		let work: Promise<unknown>;
		if (isApiPath(path)) work = handleApi(state, req, res, closing.signal, origins);
		else if (path.startsWith('/cdn/')) work = handleDownload(state, req, res, closing.signal);
		else if (path === '/__emulator' || path.startsWith('/__emulator/')) work = handleControl(state, emu, req, res);
		else {
			const home = path === '/';
			const body = home
				? { name: 'TheNextLeg emulator', api: emu.baseUrl, docs: 'test/emulator/thenextleg/README.md' }
				: { success: false, msg: `Not found: ${path}` };
			work = Promise.resolve(sendJson(res, home ? 200 : 404, body));
		}
		work.catch((err: Error) => {
			state.settings.log?.(`internal error on ${req.method} ${path}: ${err.message}`);
			if (res.headersSent) res.destroy();
			else sendJson(res, 500, { success: false, msg: 'Internal server error' });
		});
	});

	const host = opts.host ?? '127.0.0.1';
	server.listen(opts.port ?? 0, host);
	await once(server, 'listening'); // rejects on 'error' (e.g. the port is taken)
	const { port } = server.address() as AddressInfo;
	const wildcard = host === '0.0.0.0' || host === '::';
	const url = `http://${wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
	state.origin = (opts.publicUrl ?? url).replace(/\/+$/, '');
	origins.push(...new Set([state.origin, url, `http://localhost:${port}`]));

	const emu: TheNextLegEmulator = {
		url,
		baseUrl: `${url}/v2`,
		token: state.settings.token,
		requests: state.requests,
		downloads: state.downloads,
		messages: state.messages,
		callbacks: state.callbacks,
		account: state.account,
		addFault: (rule) => state.faults.add(rule),
		clearFaults: () => state.faults.clear(),
		setJobDurationMs: (ms) => {
			state.jobDurationMs = nonNegative('jobDurationMs', ms);
		},
		setMinIntervalMs: (ms) => {
			state.limiter.minIntervalMs = nonNegative('minIntervalMs', ms);
		},
		setMessageShape: (shape) => {
			state.messageShape = checkShape(shape);
		},
		setProtectImages: (on) => {
			state.protectImages = on;
		},
		setFastHours: (hours) => {
			state.account.fastHoursRemaining = nonNegative('fastHours', hours);
		},
		forceContent: (code, times = 1) => {
			if (!isContentCode(code)) throw new Error(`Unknown content code "${String(code)}"`);
			state.forceContent(code, times);
		},
		statusReads: (messageId) => state.requests.filter((r) => r.method === 'GET' && r.apiPath === `/v2/message/${messageId}`).length,
		deliverCallback: (target, body, headers) => state.sender.sendOnce(target, body, { source: 'forge' }, headers),
		resendCallback: (messageId, o = {}) => {
			const msg = state.messages.get(messageId);
			if (!msg) return Promise.reject(new Error(`Message not found: ${messageId}`));
			return state.resend(msg, o, closing.signal);
		},
		webhooksIdle: () => state.sender.idle(),
		reset: () => state.reset(),
		async close() {
			closing.abort();
			const closed = once(server, 'close');
			server.close();
			server.closeAllConnections();
			await Promise.all([state.close(), closed]);
		},
	};
	return emu;
}
