// TNL emulator: Bearer auth, ?authToken= on the documented GET variants, token redaction, and the
// one-request-per-interval rate limit with exact Retry-After / Retry-After-Ms.
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTheNextLegEmulator, type TheNextLegEmulator } from './thenextleg/index.mts';
import { RateLimiter, retryHeaders, slackMs } from './thenextleg/rate-limit.mts';
import { api, grid, sleep, submit } from './thenextleg/test-client.mts';

let emu: TheNextLegEmulator;

beforeAll(async () => {
	emu = await startTheNextLegEmulator({ token: 'tok-SECRET-42', jobDurationMs: 40, minIntervalMs: 0, imageSize: 8 });
});
afterAll(() => emu.close());

const raw = async (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
	const res = await request(emu.url + path, { method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body });
	return { status: res.statusCode, headers: res.headers, json: (await res.body.json().catch(() => undefined)) as any };
};

describe('auth', () => {
	it('answers 401 {success:false,msg} without, with a wrong, or with a non-Bearer token', async () => {
		for (const token of [null, 'wrong', '']) {
			const r = await api(emu, 'POST', '/v2/imagine', { msg: 'a cat' }, token);
			expect(r.status).toBe(401);
			expect(r.json).toEqual({ success: false, msg: expect.stringMatching(/Unauthorized/) });
			expect(r.headers['www-authenticate']).toBe('Bearer');
		}
		const basic = await raw('/v2/info', { headers: { authorization: `Basic ${emu.token}` } });
		expect(basic.status).toBe(401);
		const lower = await raw('/v2/info', { headers: { authorization: `bearer ${emu.token}` } });
		expect(lower.status).toBe(200); // the scheme is case-insensitive (RFC 7235)
		expect(emu.messages.size).toBe(1); // only the accepted info request made a message
	});

	it('accepts ?authToken= on the GET variants the notes list, and nowhere else', async () => {
		const g = await grid(emu);
		const q = `authToken=${emu.token}`;
		for (const path of [
			`/v2/info?${q}`,
			`/v2/settings?${q}`,
			`/v2/slash-commands?cmd=fast&${q}`,
			`/v2/describe?url=${encodeURIComponent('https://example.com/cat.png')}&${q}`,
			`/v2/button?button=U1&buttonMessageId=${g.buttonMessageId}&${q}`,
		]) {
			const r = await raw(path);
			expect([path, r.status, r.json.success]).toEqual([path, 200, true]);
		}
		expect((await raw(`/v2/message/${g.originatingMessageId}?${q}`)).status).toBe(401);
		expect((await raw(`/v2/imagine?${q}`, { method: 'POST', body: '{"msg":"x"}' })).status).toBe(401);
		expect((await raw(`/v2/info?authToken=nope`)).status).toBe(401);
	});

	it('never records or logs the token: authorization header and authToken query are redacted', async () => {
		const lines: string[] = [];
		const logged = await startTheNextLegEmulator({ token: 'tok-SECRET-42', minIntervalMs: 0, log: (l) => lines.push(l) });
		try {
			await request(`${logged.url}/v2/info?authToken=tok-SECRET-42`).then((r) => r.body.dump());
			await api(logged, 'POST', '/v2/imagine', { msg: 'a cat' });
			expect(logged.requests).toHaveLength(2);
			expect(logged.requests[0]).toMatchObject({
				path: '/v2/info?authToken=%5Bredacted%5D',
				apiPath: '/v2/info',
				query: { authToken: '[redacted]' },
			});
			expect(logged.requests[1].headers.authorization).toBe('[redacted]');
			expect(logged.requests[1].body).toEqual({ msg: 'a cat' });
			expect(logged.requests[1].messageId).toMatch(/^[A-Za-z0-9]{20}$/);
			expect(JSON.stringify(logged.requests) + lines.join('\n')).not.toContain('SECRET');
			expect(lines.join('\n')).toMatch(/POST \/v2\/imagine -> 200 message [A-Za-z0-9]{20}/);
		} finally {
			await logged.close();
		}
	});
});

describe('rate limit (one request per minIntervalMs per token, §1)', () => {
	// These three use their own emulators and margins wider than event-loop jitter: they run side by side.
	it.concurrent(
		'refuses a request sooner than the interval with 429 and an exact Retry-After; waiting it out succeeds',
		async ({ expect }) => {
			const limited = await startTheNextLegEmulator({ minIntervalMs: 1900 });
			try {
				expect((await api(limited, 'GET', '/v2/info')).status).toBe(200);
				const refused = await api(limited, 'POST', '/v2/imagine', { msg: 'too soon' });
				expect(refused.status).toBe(429);
				expect(refused.json).toEqual({ success: false, msg: 'Too many requests: one request every 1.9 seconds per token' });
				const ms = Number(refused.headers['retry-after-ms']);
				const seconds = Number(refused.headers['retry-after']);
				expect(ms).toBeGreaterThan(1000);
				expect(ms).toBeLessThanOrEqual(1900);
				expect(seconds).toBe(2); // whole seconds, rounded up: never shorter than the real wait
				expect([...limited.messages.values()].map((m) => m.type)).toEqual(['info']); // the refused imagine made nothing

				// A refused call does not move the clock: 400 ms before the end is still too soon...
				await sleep(ms - 400);
				const again = await api(limited, 'GET', '/v2/info');
				expect(again.status).toBe(429);
				const rest = Number(again.headers['retry-after-ms']);
				expect(rest).toBeLessThanOrEqual(400);
				expect(again.headers['retry-after']).toBe('1');
				// ...and waiting exactly what it says is enough.
				await sleep(rest);
				expect((await api(limited, 'POST', '/v2/imagine', { msg: 'now' })).status).toBe(200);
				expect(limited.requests.map((r) => r.status)).toEqual([200, 429, 429, 200]);
			} finally {
				await limited.close();
			}
		},
	);

	it.concurrent('counts every authenticated call (reads, 400s, 404s) but not 401s', async ({ expect }) => {
		const limited = await startTheNextLegEmulator({ minIntervalMs: 400, jobDurationMs: 0 });
		try {
			const id = await submit(limited, '/v2/imagine', { msg: 'a cat' });
			expect((await api(limited, 'GET', `/v2/message/${id}`)).status).toBe(429); // a read counts
			await sleep(400);
			expect((await api(limited, 'POST', '/v2/imagine', {})).status).toBe(400);
			expect((await api(limited, 'GET', '/v2/nothing-here')).status).toBe(429); // the 400 counted
			await sleep(400);
			expect((await api(limited, 'GET', '/v2/nothing-here')).status).toBe(404);
			await sleep(400);
			expect((await api(limited, 'GET', '/v2/info', undefined, 'wrong')).status).toBe(401);
			expect((await api(limited, 'GET', `/v2/message/${id}`)).status).toBe(200); // the 401 did not count
		} finally {
			await limited.close();
		}
	});

	it.concurrent(
		'a paced client never gets a 429: one waiting the interval after each answer, one honouring Retry-After-Ms',
		async ({ expect }) => {
			const interval = 200;
			const limited = await startTheNextLegEmulator({ minIntervalMs: interval, jobDurationMs: 0 });
			try {
				// Submits and reads alternate; each goes out one interval after the previous answer came back.
				const statuses: number[] = [];
				let id = '';
				for (let k = 0; k < 5; k++) {
					if (k > 0) await sleep(interval);
					const r =
						k % 2 === 0 ? await api(limited, 'POST', '/v2/imagine', { msg: `paced ${k}` }) : await api(limited, 'GET', `/v2/message/${id}`);
					if (k % 2 === 0) id = r.json?.messageId;
					statuses.push(r.status);
				}
				expect(statuses).toEqual(Array(5).fill(200));

				// A burst that waits Retry-After-Ms after each 429 gets exactly one 429 per request, never two.
				const perRequest: number[] = [];
				for (let k = 0; k < 3; k++) {
					let refusals = 0;
					for (;;) {
						const r = await api(limited, 'GET', '/v2/info');
						if (r.status === 200) break;
						refusals++;
						await sleep(Number(r.headers['retry-after-ms']));
					}
					perRequest.push(refusals);
				}
				expect(perRequest.every((n) => n <= 1)).toBe(true);
				expect(perRequest.slice(1)).toEqual([1, 1]);
			} finally {
				await limited.close();
			}
		},
	);

	it('tolerates sends spaced by exactly the interval: arrivals up to 10% (at most 100 ms) early pass', () => {
		const limiter = new RateLimiter(3000);
		expect(slackMs(3000)).toBe(100);
		expect(slackMs(120)).toBe(12);
		expect(limiter.check('t', 1_000)).toBe(0);
		expect(limiter.check('t', 3_950)).toBe(0); // 50 ms early: the previous request arrived late
		expect(limiter.check('other', 3_951)).toBe(0); // per token
		expect(limiter.check('t', 6_800)).toBeCloseTo(150); // 150 ms early: refused, 150 ms to wait
		expect(limiter.check('t', 6_950)).toBe(0); // the refusal did not move the clock
		expect(retryHeaders(150)).toEqual({ 'retry-after': '1', 'retry-after-ms': '150' });
		expect(retryHeaders(2000.2)).toEqual({ 'retry-after': '3', 'retry-after-ms': '2001' });
		limiter.minIntervalMs = 0;
		expect(limiter.check('t', 6_951)).toBe(0);
	});

	it('minIntervalMs 0 disables it; setMinIntervalMs switches it at run time', async () => {
		const results = await Promise.all([...Array(6)].map(() => api(emu, 'GET', '/v2/info')));
		expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
		emu.setMinIntervalMs(10_000);
		try {
			expect((await api(emu, 'GET', '/v2/info')).status).toBe(200);
			const r = await api(emu, 'GET', '/v2/info');
			expect([r.status, r.headers['retry-after']]).toEqual([429, '10']);
		} finally {
			emu.reset(); // restores minIntervalMs 0 and forgets the clock
		}
		expect((await api(emu, 'GET', '/v2/info')).status).toBe(200);
		expect(() => emu.setMinIntervalMs(-1)).toThrow(/>= 0/);
	});
});
