// The four providers as the fault soak (soak.mts) drives them: each one's emulator (in this
// process, its request log written to a file), its credential with distinctive secrets, its
// Imagine-like operation, and what the soak reads back from the emulator: the submits it
// received per prompt, the jobs they created, the callbacks it sent, and resends for the
// callback chaos (duplicates, out of order).
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';

import { startApiframeEmulator, type ApiframeEmulator } from '../emulator/apiframe/index.mts';
import { startChubEmulator, type ChubEmulator } from '../emulator/chub/index.mts';
import { startLegnextEmulator, type LegnextEmulator } from '../emulator/legnext/index.mts';
import type { FaultRule } from '../emulator/legnext/types.mts';
import { startTheNextLegEmulator, type TheNextLegEmulator } from '../emulator/thenextleg/index.mts';
import { PACKAGE_NAME } from '../e2e/legnext-support.mts';

export type ProviderKey = 'legnext' | 'apiframe' | 'thenextleg' | 'chub';

/** A POST that could create a job, as the emulator recorded it. */
export interface Submit {
	/** The prompt text the emulator received. */
	prompt: string;
	/** Job created by this request (absent when a fault or an error answered it). */
	jobId?: string;
	/** HTTP status answered; 0 = reset or never answered. */
	status: number;
	at: number;
}

/** A callback the emulator sent (lifecycle, resend or forge), reduced to what the soak needs. */
export interface SentCallback {
	jobId?: string;
	/** The job's final callback (completed / failed / finished / done), not progress or notices. */
	final: boolean;
	/** Sent by the job's lifecycle (not a resend). */
	lifecycle: boolean;
	attempt: number;
	/** The receiver's answer; absent when the POST failed (timeout, reset). */
	status?: number;
}

export interface SoakProvider {
	key: ProviderKey;
	/** As the nodes name it in messages (Provider.name). */
	name: string;
	/** Short tag used in prompts and webhook paths. */
	tag: string;
	/** The n8n node types and the credential type. */
	nodeType: string;
	triggerType?: string;
	credentialType: string;
	/** Distinctive secrets: the scan looks for these in every output and log. */
	secrets: { label: string; value: string }[];
	emulatorLogFile: string;
	start(jobMs: number): Promise<void>;
	addFault(rule: FaultRule): void;
	/** Credential data as a user fills it in. */
	credentialData(): Record<string, unknown>;
	/** The action node's parameters for one prompt (expression) in a wait mode. */
	parameters(prompt: string, wait: { waitMode: 'wait' } | { waitMode: 'trigger'; triggerUrl: string }): Record<string, unknown>;
	/** Path suffix of the trigger's production URL (`<webhookId>/<suffix>`). */
	triggerSuffix: string;
	submits(): Submit[];
	/** Every API request the emulator recorded (for the fault rate), and how many it answered 429. */
	requestCount(): { total: number; status429: number; status5xx: number; reset: number };
	callbacks(): SentCallback[];
	/** Sends the job's callback once more as it is now (a duplicate once finished). */
	resendNow?(jobId: string): Promise<number>;
	/** A "finished" claim sent before the job finished (out of order: ahead of its time). */
	resendPremature?(jobId: string): Promise<number>;
	/** A progress / processing callback sent after the final one (out of order: stale). */
	resendStale?(jobId: string): Promise<number>;
	/** Resolves when the emulator's own callback queue (with retries) is empty. */
	callbacksIdle(): Promise<void>;
	close(): Promise<void>;
}

const secret = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;
const asText = (v: unknown) => (typeof v === 'string' ? v : '');

function logTo(file: string): { stream: WriteStream; log: (line: string) => void } {
	const stream = createWriteStream(file, { flags: 'a' });
	return { stream, log: (line: string) => stream.write(`${new Date().toISOString()} ${line}\n`) };
}

async function closeStream(stream: WriteStream) {
	await new Promise<void>((resolve) => stream.end(() => resolve()));
}

function countRequests(requests: Array<{ status: number }>) {
	let status429 = 0;
	let status5xx = 0;
	let reset = 0;
	for (const r of requests) {
		if (r.status === 429) status429++;
		else if (r.status >= 500) status5xx++;
		else if (r.status === 0) reset++;
	}
	return { total: requests.length, status429, status5xx, reset };
}

export function legnextSoak(dir: string): SoakProvider {
	const apiKey = secret('soak-lgx-key');
	const webhookSecret = secret('soak-lgx-whsec');
	const file = `${dir}/emulator-legnext.log`;
	let emu: LegnextEmulator;
	let stream: WriteStream;
	return {
		key: 'legnext',
		name: 'Legnext',
		tag: 'lgx',
		nodeType: `${PACKAGE_NAME}.legnext`,
		triggerType: `${PACKAGE_NAME}.legnextTrigger`,
		credentialType: 'legnextApi',
		secrets: [
			{ label: 'Legnext API key', value: apiKey },
			{ label: 'Legnext webhook secret', value: webhookSecret },
		],
		emulatorLogFile: file,
		async start(jobMs) {
			const out = logTo(file);
			stream = out.stream;
			emu = await startLegnextEmulator({ host: '127.0.0.1', apiKey, jobDurationMs: jobMs, imageSize: 32, callbackRetries: 4, log: out.log });
		},
		addFault: (rule) => emu.addFault(rule),
		credentialData: () => ({ apiKey, baseUrl: emu.baseUrl, webhookSecret }),
		parameters: (prompt, wait) => ({ resource: 'image', operation: 'imagine', prompt, ...wait, options: { timeout: 300 } }),
		triggerSuffix: 'legnext',
		submits: () =>
			emu.requests
				.filter((r) => r.method === 'POST' && r.apiPath === '/v1/diffusion')
				.map((r) => ({ prompt: asText((r.body as { text?: unknown } | null)?.text), jobId: r.jobId, status: r.status, at: r.at })),
		requestCount: () => countRequests(emu.requests),
		callbacks: () =>
			emu.callbacks.map((c) => ({
				jobId: c.jobId,
				final: c.event === 'completed' || c.event === 'failed',
				lifecycle: c.source === 'job',
				attempt: c.attempt,
				status: c.status,
			})),
		resendNow: (jobId) => emu.resendCallback(jobId),
		resendPremature: (jobId) => emu.resendCallback(jobId, { status: 'completed' }),
		resendStale: (jobId) => emu.resendCallback(jobId, { status: 'processing' }),
		// The Legnext emulator has no idle promise: its queue is empty when no job is still unsettled.
		callbacksIdle: async () => undefined,
		async close() {
			await emu?.close();
			if (stream) await closeStream(stream);
		},
	};
}

export function apiframeSoak(dir: string): SoakProvider {
	const apiKey = secret('soak-afr-key');
	const webhookSecret = secret('soak-afr-whsec');
	const file = `${dir}/emulator-apiframe.log`;
	let emu: ApiframeEmulator;
	let stream: WriteStream;
	return {
		key: 'apiframe',
		name: 'APIFRAME',
		tag: 'afr',
		nodeType: `${PACKAGE_NAME}.apiframe`,
		triggerType: `${PACKAGE_NAME}.apiframeTrigger`,
		credentialType: 'apiframeApi',
		secrets: [
			{ label: 'APIFRAME API key', value: apiKey },
			{ label: 'APIFRAME webhook secret', value: webhookSecret },
		],
		emulatorLogFile: file,
		async start(jobMs) {
			const out = logTo(file);
			stream = out.stream;
			emu = await startApiframeEmulator({ host: '127.0.0.1', apiKey, jobDurationMs: jobMs, imageSize: 32, webhookRetries: 4, log: out.log });
		},
		addFault: (rule) => emu.addFault(rule),
		credentialData: () => ({ apiKey, baseUrl: emu.baseUrl, webhookSecret }),
		parameters: (prompt, wait) => ({ resource: 'image', operation: 'imagine', prompt, ...wait, options: { timeout: 300 } }),
		triggerSuffix: 'apiframe',
		submits: () =>
			emu.requests
				.filter((r) => r.method === 'POST' && r.apiPath === '/imagine')
				.map((r) => ({ prompt: asText((r.body as { prompt?: unknown } | null)?.prompt), jobId: r.taskId, status: r.status, at: r.at })),
		requestCount: () => countRequests(emu.requests),
		callbacks: () =>
			emu.callbacks.map((c) => ({
				jobId: c.taskId,
				final: c.event === 'finished' || c.event === 'failed',
				lifecycle: c.source === 'task',
				attempt: c.attempt,
				status: c.status,
			})),
		resendNow: (taskId) => emu.resendCallback(taskId),
		resendPremature: (taskId) => emu.resendCallback(taskId, { status: 'finished' }),
		resendStale: (taskId) => emu.resendCallback(taskId, { status: 'processing' }),
		callbacksIdle: () => emu.webhooksIdle(),
		async close() {
			await emu?.close();
			if (stream) await closeStream(stream);
		},
	};
}

/**
 * TheNextLeg paces to one request per `minIntervalMs` (the docs: 3 s). For the soak the emulator
 * allows one request per `serverIntervalMs` and the credential asks for `credentialIntervalMs`
 * per n8n process (each process paces on its own: workers and the webhook processor share the
 * emulator's one token, so some 429s come from the limit itself, not from injected faults).
 */
export function theNextLegSoak(dir: string, serverIntervalMs: number, credentialIntervalMs: number): SoakProvider {
	const apiToken = secret('soak-tnl-token');
	const webhookSecret = secret('soak-tnl-whsec');
	const file = `${dir}/emulator-thenextleg.log`;
	let emu: TheNextLegEmulator;
	let stream: WriteStream;
	return {
		key: 'thenextleg',
		name: 'TheNextLeg',
		tag: 'tnl',
		nodeType: `${PACKAGE_NAME}.theNextLeg`,
		triggerType: `${PACKAGE_NAME}.theNextLegTrigger`,
		credentialType: 'theNextLegApi',
		secrets: [
			{ label: 'TheNextLeg API token', value: apiToken },
			{ label: 'TheNextLeg webhook secret', value: webhookSecret },
		],
		emulatorLogFile: file,
		async start(jobMs) {
			const out = logTo(file);
			stream = out.stream;
			emu = await startTheNextLegEmulator({
				host: '127.0.0.1',
				token: apiToken,
				jobDurationMs: jobMs,
				minIntervalMs: serverIntervalMs,
				imageSize: 32,
				webhookRetries: 4,
				log: out.log,
			});
		},
		addFault: (rule) => emu.addFault(rule as never),
		credentialData: () => ({ apiToken, baseUrl: `${emu.baseUrl}/`, webhookSecret, minIntervalMs: credentialIntervalMs }),
		parameters: (prompt, wait) => ({ resource: 'image', operation: 'imagine', prompt, ...wait, options: { timeout: 300 } }),
		triggerSuffix: 'thenextleg',
		submits: () =>
			emu.requests
				.filter((r) => r.method === 'POST' && r.apiPath === '/v2/imagine')
				.map((r) => ({ prompt: asText((r.body as { msg?: unknown } | null)?.msg), jobId: r.messageId, status: r.status, at: r.at })),
		requestCount: () => countRequests(emu.requests),
		callbacks: () =>
			emu.callbacks.map((c) => ({
				jobId: c.messageId,
				final: c.event === 'done',
				lifecycle: c.source === 'message',
				attempt: c.attempt,
				status: c.status,
			})),
		resendNow: (messageId) => emu.resendCallback(messageId, { event: 'done' }),
		resendPremature: (messageId) => emu.resendCallback(messageId, { event: 'done' }),
		resendStale: (messageId) => emu.resendCallback(messageId, { event: 'progress', progress: 50 }),
		callbacksIdle: () => emu.webhooksIdle(),
		async close() {
			await emu?.close();
			if (stream) await closeStream(stream);
		},
	};
}

export function chubSoak(dir: string): SoakProvider {
	// Real keys start with CHK- (chub-imagine.md §3).
	const apiKey = secret('CHK-soak-key');
	const file = `${dir}/emulator-chub.log`;
	let emu: ChubEmulator;
	let stream: WriteStream;
	return {
		key: 'chub',
		name: 'Chub Imagine',
		tag: 'chub',
		nodeType: `${PACKAGE_NAME}.chubImagine`,
		credentialType: 'chubImagineApi',
		secrets: [{ label: 'Chub API key', value: apiKey }],
		emulatorLogFile: file,
		async start(jobMs) {
			const out = logTo(file);
			stream = out.stream;
			emu = await startChubEmulator({ host: '127.0.0.1', apiKey, jobDurationMs: jobMs, imageSize: 32, log: out.log });
		},
		addFault: (rule) => emu.addFault(rule),
		credentialData: () => ({ apiKey, baseUrl: emu.baseUrl }),
		parameters: (prompt, wait) => ({ resource: 'image', operation: 'textToImage', prompt, ...wait, options: { timeout: 300 } }),
		triggerSuffix: '',
		submits: () =>
			emu.requests
				.filter((r) => r.method === 'POST' && r.apiPath === '/images/text2img')
				.map((r) => ({ prompt: asText((r.body as { prompt?: unknown } | null)?.prompt), jobId: r.generationUuid, status: r.status, at: r.at })),
		requestCount: () => countRequests(emu.requests),
		callbacks: () => [],
		callbacksIdle: async () => undefined,
		async close() {
			await emu?.close();
			if (stream) await closeStream(stream);
		},
	};
}
