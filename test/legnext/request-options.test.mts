// n8n's own Request Options (Batching, Timeout, Proxy, Ignore SSL Issues), which n8n adds to every
// declarative node when it loads it (the harness loads the package with n8n's own loader, so the
// node here has them exactly as users do). Each must reach every request the node makes: the
// submit RoutingNode sends, and the node's own status reads and downloads.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { startRecordingProxy, type RecordingProxy } from '../harness/proxy.mts';
import { probeTls, startTlsFrontend, type TlsFrontend } from '../harness/tls.mts';
import { apiCalls, imagine, legnext, startEmulator } from './support.mts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Imagine, Wait for Result, the grid downloaded, with n8n's Request Options set as given. */
function imagineWith(requestOptions: IDataObject, extra: INodeParameters = {}): INodeParameters {
	return imagine('={{ $json.prompt }}', { options: { download: 'grid' }, requestOptions, ...extra });
}

const prompts = (...texts: string[]) => texts.map((prompt) => ({ prompt }));

/** Collects unhandled promise rejections while `run` runs (and a moment after). */
async function watchUnhandledRejections<T>(run: () => Promise<T>): Promise<{ result: T; unhandled: unknown[] }> {
	const unhandled: unknown[] = [];
	const listener = (reason: unknown) => unhandled.push(reason);
	process.on('unhandledRejection', listener);
	try {
		const result = await run();
		// A rejection nobody handled is reported after the microtask queue drains.
		await new Promise((resolve) => setTimeout(resolve, 50));
		return { result, unhandled };
	} finally {
		process.off('unhandledRejection', listener);
	}
}

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 32 });
	// A process's first run pays one-time set-up (lazy loading in n8n-core and the node, the first
	// connection): ~300 ms that would skew the first timings measured below. Get Balance pays it here.
	await legnext(emu, { resource: 'account', operation: 'getBalance' });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

describe('Batching', () => {
	const batching = { batching: { batch: { batchSize: 1, batchInterval: 300 } } };

	it('1 item per 300 ms: all 3 submitted 300 ms apart, 3 results with files, no unhandled rejection', async () => {
		const { result: run, unhandled } = await watchUnhandledRejections(
			async () => await legnext(emu, imagineWith(batching), prompts('one', 'two', 'three')),
		);
		expect(run.error).toBeUndefined();
		expect(unhandled).toEqual([]);

		const submits = apiCalls(emu, 'POST', '/v1/diffusion');
		expect(submits.map((r) => (r.body as { text: string }).text)).toEqual(['one', 'two', 'three']);
		// RoutingNode sleeps 300 ms before each next batch (then prepares the item, which adds a little).
		for (let i = 1; i < submits.length; i++) {
			expect(submits[i].at - submits[i - 1].at).toBeGreaterThanOrEqual(300);
		}
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => item.json.prompt)).toEqual(['one', 'two', 'three']);
		for (const item of run.items) {
			expect(item.json.status).toBe('completed');
			const bytes = await run.binary(item, 'data');
			expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		}
		expect(emu.downloads.filter((d) => d.status === 200)).toHaveLength(3);
	});

	it('an invalid third item: nothing at all is sent, the error names the item, no unhandled rejection', async () => {
		const { result: run, unhandled } = await watchUnhandledRejections(
			async () => await legnext(emu, imagineWith(batching), prompts('one', 'two', '   ')),
		);
		expect(run.error?.message).toMatch(/prompt/i);
		expect(run.error?.description).toMatch(/Item 3 of 3 is invalid, so no item was sent/);
		expect(emu.requests).toHaveLength(0);
		expect(emu.downloads).toHaveLength(0);
		expect(unhandled).toEqual([]);
	});
});

describe('Timeout', () => {
	const timeout = { timeout: 1500 };

	it('reaches the submit: the node reports the timeout after ~1.5 s (not 60 s) and does not resend the POST', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'accept-then-hang', ms: 10_000 });
		const started = Date.now();
		const { error } = await legnext(emu, imagineWith(timeout), prompts('hang'));
		const took = Date.now() - started;
		expect(took).toBeGreaterThanOrEqual(1400);
		expect(took).toBeLessThan(5000);
		expect(error?.message).toMatch(/Submitting the request failed \(no answer in time\)/);
		expect(error?.description).toMatch(/NOT sent again/);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
	});

	it('reaches the status reads: a slow read times out after 1.5 s, is read again, and the run completes', async () => {
		emu.addFault({ method: 'GET', path: '/v1/job/', kind: 'delay', ms: 6000 });
		const { items, error } = await legnext(emu, imagineWith(timeout), prompts('patient'));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		const reads = apiCalls(emu, 'GET', '/v1/job/');
		// The first read hung; the next one came after the 1.5 s timeout plus a short backoff,
		// long before the 6 s answer (with the node's default 60 s the first read would just wait).
		const gap = reads[1].at - reads[0].at;
		expect(gap).toBeGreaterThanOrEqual(1500);
		expect(gap).toBeLessThan(4000);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
	});

	it('reaches the downloads: a slow download times out after 1.5 s and is fetched again', async () => {
		emu.addFault({ method: 'GET', path: '/cdn/', kind: 'delay', ms: 6000 });
		const run = await legnext(emu, imagineWith(timeout), prompts('file'));
		expect(run.error).toBeUndefined();
		const bytes = await run.binary(run.items[0], 'data');
		expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		const gap = emu.downloads[1].at - emu.downloads[0].at;
		expect(gap).toBeGreaterThanOrEqual(1500);
		expect(gap).toBeLessThan(4000);
	});

	it('without it, the node\'s own Request Timeout applies to the status reads too', async () => {
		emu.addFault({ method: 'GET', path: '/v1/job/', kind: 'delay', ms: 6000 });
		const { error } = await legnext(emu, imagine('own', { options: { requestTimeout: 1 } }));
		expect(error).toBeUndefined();
		const reads = apiCalls(emu, 'GET', '/v1/job/');
		const gap = reads[1].at - reads[0].at;
		expect(gap).toBeGreaterThanOrEqual(1000);
		expect(gap).toBeLessThan(3500);
	});
});

describe('Proxy', () => {
	let proxy: RecordingProxy;
	beforeEach(async () => {
		proxy = await startRecordingProxy();
	});
	afterEach(async () => await proxy.close());

	it('the submit, every status read and every download go through the proxy', async () => {
		const run = await legnext(emu, imagineWith({ proxy: proxy.url }, { options: { download: 'results' } }), prompts('via proxy'));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(4);
		const jobId = run.items[0].json.jobId as string;

		const forwarded = proxy.log.filter((entry) => entry.kind === 'forward').map((entry) => `${entry.method} ${entry.url}`);
		expect(proxy.log.every((entry) => entry.kind === 'forward')).toBe(true);
		expect(forwarded).toContain(`POST ${emu.baseUrl}/v1/diffusion`);
		const reads = forwarded.filter((line) => line === `GET ${emu.baseUrl}/v1/job/${jobId}`);
		expect(reads.length).toBeGreaterThan(0);
		expect(reads).toHaveLength(emu.statusReads(jobId));
		const downloads = forwarded.filter((line) => line.startsWith(`GET ${emu.url}/cdn/`));
		expect(downloads).toHaveLength(4);
		expect(downloads).toHaveLength(emu.downloads.length);
		// Everything the emulator saw came through the proxy.
		expect(forwarded).toHaveLength(emu.requests.length + emu.downloads.length);
	});

	it('a proxy port nobody listens on fails the node clearly, with nothing sent', async () => {
		const deadPort = proxy.port;
		await proxy.close();
		const { error } = await legnext(emu, imagineWith({ proxy: `http://127.0.0.1:${deadPort}` }), prompts('lost'));
		expect(error?.message).toMatch(/Submitting the request failed \(connection refused\)/);
		expect(error?.description).toMatch(/Nothing was sent/);
		expect(emu.requests).toHaveLength(0);
		proxy = await startRecordingProxy(); // for afterEach
	}, 30_000);
});

describe('Ignore SSL Issues', () => {
	let tls: TlsFrontend;
	let secure: LegnextEmulator;
	const overHttps = { credentialOverrides: { baseUrl: '' } };
	beforeAll(async () => {
		// The emulator behind an https frontend with a self-signed certificate; its result
		// file URLs point at the frontend too, so downloads are https as well.
		tls = await startTlsFrontend();
		secure = await startEmulator({ imageSize: 32, publicUrl: tls.url });
		tls.setTarget(secure.url);
		overHttps.credentialOverrides.baseUrl = `${tls.url}/api`;
	});
	afterAll(async () => {
		await secure?.close();
		await tls?.close();
	});
	beforeEach(() => {
		secure.reset();
		tls.log.length = 0;
	});

	it('without it, the run fails on the self-signed certificate and nothing reaches the API', async () => {
		// What any client with Node's default checks sees at the frontend: an untrusted certificate.
		await expect(probeTls(tls.url)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
		const { error } = await legnext(secure, imagineWith({}), prompts('untrusted'), overHttps);
		expect(error?.message).toMatch(/Submitting the request failed/);
		expect(tls.log).toHaveLength(0); // no request got through TLS
		expect(secure.requests).toHaveLength(0);
	});

	// Known gap, outside the Request Options plumbing: transportErrors.ts does not recognise the
	// TLS verification codes (DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, ...), so the
	// user reads "network error ... [other]" with no word of the certificate or of the option that
	// solves it. Remove `.fails` once apiErrors.ts / transportErrors.ts name it.
	it('without it, the error names the certificate problem and the Ignore SSL Issues option', async () => {
		const { error } = await legnext(secure, imagineWith({}), prompts('untrusted'), overHttps);
		expect(`${error?.message} ${error?.description}`).toMatch(/certificate/i);
		expect(error?.description).toMatch(/Ignore SSL Issues/);
	});

	it('with it, the submit, the status reads and the downloads all succeed over https', async () => {
		const run = await legnext(
			secure,
			imagineWith({ allowUnauthorizedCerts: true }, { options: { download: 'results' } }),
			prompts('trusted anyway'),
			overHttps,
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(4);
		const jobId = run.items[0].json.jobId as string;
		for (const item of run.items) {
			expect(String(item.json.file && (item.json.file as { url: string }).url)).toMatch(/^https:\/\/127\.0\.0\.1:/);
			const bytes = await run.binary(item, 'data');
			expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		}
		const seen = tls.log.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`);
		expect(seen).toContain('POST /api/v1/diffusion');
		expect(seen.filter((line) => line === `GET /api/v1/job/${jobId}`).length).toBeGreaterThan(0);
		expect(seen.filter((line) => line.startsWith('GET /cdn/'))).toHaveLength(4);
		expect(secure.downloads).toHaveLength(4);
	});
});
