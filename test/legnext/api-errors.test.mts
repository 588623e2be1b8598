import { createServer, type Server } from 'node:net';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { apiCalls, imagine, legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

const documented = (code: number, message: string) => ({
	kind: 'status' as const,
	status: code,
	body: { code, message, raw_message: '', detail: null },
});

describe('documented error codes become NodeApiErrors with the message, code and a hint', () => {
	const cases: Array<[number, RegExp]> = [
		[400, /parameters/i],
		[402, /credits/i],
		[403, /content|permission/i],
		[413, /smaller|larger/i],
		[422, /ranges|formats/i],
		[500, /Temporary/i],
	];
	for (const [code, hint] of cases) {
		it(`HTTP ${code}`, async () => {
			emu.addFault({ method: 'POST', path: '/v1/diffusion', ...documented(code, `provider says ${code}`) });
			const { error } = await legnext(emu, imagine('anything'));
			expect(error?.message).toBe(`Legnext: provider says ${code}`);
			expect(error?.httpCode).toBe(String(code));
			expect(error?.description).toMatch(hint);
			// A POST that was answered is never sent again (it could have been charged).
			expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
		});
	}

	it('401 from a wrong key carries the documented message and says to fix the credential', async () => {
		const { error } = await legnext(emu, imagine('x'), [{}], { credentialOverrides: { apiKey: 'wrong-key-123' } });
		expect(error?.message).toBe('Legnext: Failed to verify api key');
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toMatch(/credential/);
	});

	it('402 from the emulator when credits run out', async () => {
		emu.setCredits(10);
		const { error } = await legnext(emu, imagine('x'));
		expect(error?.httpCode).toBe('402');
		expect(error?.description).toMatch(/Top up/);
	});

	it('403 from the emulator for refused content', async () => {
		const { error } = await legnext(emu, imagine('forbidden-content please'));
		expect(error?.httpCode).toBe('403');
	});

	it('continue-on-fail turns an API error into an error item', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', ...documented(422, 'bad value') });
		const { items, error } = await legnext(emu, imagine('x'), [{}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe('Legnext: bad value');
	});
});

describe('429 and refused connections are retried, nothing else on a POST', () => {
	it('absorbs 429 with Retry-After and creates exactly one job', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'status', status: 429, retryAfter: 1, times: 2 });
		const { items, error } = await legnext(emu, imagine('busy day', { waitMode: 'submit' }));
		expect(error).toBeUndefined();
		const posts = apiCalls(emu, 'POST', '/v1/diffusion');
		expect(posts.map((p) => p.status)).toEqual([429, 429, 200]);
		expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(950);
		expect(emu.jobs.size).toBe(1);
		expect(items[0].json.status).toBe('pending');
	});

	it('gives up after a bounded number of 429s with a slow-down hint', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'status', status: 429, retryAfter: 0, times: Infinity });
		const { error } = await legnext(emu, imagine('flood', { waitMode: 'submit' }));
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toMatch(/rate limiting/);
		// A 429 was not processed, so it costs nothing: 8 paced attempts in all, then the error.
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(8);
		expect(emu.jobs.size).toBe(0);
	}, 60_000);

	it('retries a refused connection until the server is there', async () => {
		// A port that refuses connections for ~1.2 s, then forwards to the emulator.
		const probe = createServer();
		await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
		const port = (probe.address() as AddressInfo).port;
		await new Promise<void>((resolve) => probe.close(() => resolve()));
		const target = new URL(emu.url);
		let proxy: Server | undefined;
		const opening = new Promise<void>((resolve) =>
			setTimeout(() => {
				proxy = createServer((client) => {
					const upstream = connect(Number(target.port), target.hostname);
					client.pipe(upstream).pipe(client);
				});
				proxy.listen(port, '127.0.0.1', resolve);
			}, 1200),
		);
		try {
			const { items, error } = await legnext(emu, imagine('eventually', { waitMode: 'submit' }), [{}], {
				credentialOverrides: { baseUrl: `http://127.0.0.1:${port}/api` },
			});
			expect(error).toBeUndefined();
			expect(items[0].json.status).toBe('pending');
			expect(emu.jobs.size).toBe(1);
		} finally {
			await opening;
			await new Promise<void>((resolve) => proxy?.close(() => resolve()));
		}
	});

	it('reports a POST that timed out after sending, and does not send it again', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'accept-then-hang', ms: 4000 });
		const { error } = await legnext(emu, imagine('hang', { options: { requestTimeout: 1 } }));
		expect(error?.message).toMatch(/Submitting the request failed/);
		expect(error?.description).toMatch(/NOT sent again/);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
		expect(emu.jobs.size).toBe(1);
	});

	it('does not resend a POST whose connection was reset', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'reset' });
		const { error } = await legnext(emu, imagine('reset'));
		expect(error?.description).toMatch(/may or may not have accepted/);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
	});

	it('reports an answer that is not JSON, without resending', async () => {
		emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'malformed' });
		const { error } = await legnext(emu, imagine('garbled'));
		expect(error?.message).toMatch(/not JSON/);
		expect(apiCalls(emu, 'POST', '/v1/diffusion')).toHaveLength(1);
	});

	it('retries a read that got a 5xx, but never a submit', async () => {
		emu.addFault({ method: 'GET', path: '/account/balance', kind: 'status', status: 502 });
		const read = await legnext(emu, { resource: 'account', operation: 'getBalance' });
		expect(read.error).toBeUndefined();
		expect(apiCalls(emu, 'GET', '/account/balance').map((r) => r.status)).toEqual([502, 200]);
	});

	it('retries a GET that was reset (reading is idempotent)', async () => {
		emu.addFault({ method: 'GET', path: '/account/balance', kind: 'reset' });
		const { items, error } = await legnext(emu, { resource: 'account', operation: 'getBalance' });
		expect(error).toBeUndefined();
		expect(items[0].json.available_credits).toEqual(expect.any(Number));
	});
});
