// Errors, retries, pacing and the credential's auth header styles against the Chub emulator: the
// provider's words with a hint, 429 absorbed (Retry-After, too many running generations), a POST
// that may have been processed never sent twice, one request at a time per credential.
import { describe, expect, it } from 'vitest';

import { startChubEmulator, type ChubEmulator } from '../emulator/chub/index.mts';
import { API_KEY, calls, chub, op, startEmulator } from './support.mts';

/** Each test has its own emulator (faults and settings apply to it alone), so tests run side by side. */
async function withEmulator(test: (emu: ChubEmulator) => Promise<void>): Promise<void> {
	const emu = await startEmulator();
	try {
		await test(emu);
	} finally {
		await emu.close();
	}
}

const textToImage = (prompt = 'a fox', extra = {}) =>
	op('image', 'textToImage', { prompt, ...extra });
const submits = (emu: ChubEmulator) => calls(emu, 'POST', '/images/text2img');

describe.concurrent('provider errors: the message, the HTTP code and a hint', () => {
	it('401 for a wrong key says so and points at the credential', () =>
		withEmulator(async (emu) => {
			const run = await chub(emu, textToImage(), [{}], {
				credentialOverrides: { apiKey: 'CHK-wrong' },
			});
			expect(run.error?.message).toBe('Chub Imagine: Unauthorized: invalid API key');
			expect(run.error?.description).toMatch(/Open the Chub Imagine API credential/);
			expect(run.error?.httpCode).toBe('401');
			expect(submits(emu)).toHaveLength(1);
		}));

	it('402 when the credits run out suggests topping up', () =>
		withEmulator(async (emu) => {
			emu.setCredits(10);
			const run = await chub(emu, textToImage());
			expect(run.error?.message).toMatch(
				/^Chub Imagine: Insufficient credits: this text2img request costs 25 credits and the account has 10/,
			);
			expect(run.error?.description).toMatch(/Top up/);
		}));

	it('422 names the field the API refused (a value the docs leave open is sent, and the API decides)', () =>
		withEmulator(async (emu) => {
			const run = await chub(
				emu,
				textToImage('x', { additionalFields: { aspectRatio: '={{ "7:3" }}' } }),
			);
			expect(run.error?.message).toMatch(
				/^Chub Imagine: aspect_ratio: Input should be '1:1', '16:9'/,
			);
			expect(run.error?.httpCode).toBe('422');
			expect(submits(emu)).toHaveLength(1);
		}));

	it('a 500 on a submit is reported, not sent again (it may have been processed)', () =>
		withEmulator(async (emu) => {
			emu.addFault({ method: 'POST', path: '/images/text2img', kind: 'status', status: 500 });
			const run = await chub(emu, textToImage());
			expect(run.error?.message).toMatch(/^Chub Imagine: /);
			expect(run.error?.description).toMatch(/Temporary Chub server problem/);
			expect(submits(emu)).toHaveLength(1);
		}));

	it('an unreadable answer to a submit is reported, not sent again', () =>
		withEmulator(async (emu) => {
			emu.addFault({ method: 'POST', path: '/images/text2img', kind: 'malformed' });
			const run = await chub(emu, textToImage());
			expect(run.error?.message).toMatch(/not JSON/);
			expect(run.error?.description).toMatch(/may still have created a job/);
			expect(submits(emu)).toHaveLength(1);
		}));

	it('continue-on-fail turns an API error into an error item', () =>
		withEmulator(async (emu) => {
			emu.addFault({ method: 'POST', path: '/images/text2img', kind: 'status', status: 403 });
			const run = await chub(emu, textToImage(), [{}], { continueOnFail: true });
			expect(run.error).toBeUndefined();
			expect(String(run.items[0].json.error)).toMatch(/^Chub Imagine: /);
		}));
});

describe.concurrent('429 and pacing', () => {
	it('a 429 with Retry-After is waited out and the submit sent again: one generation', () =>
		withEmulator(async (emu) => {
			emu.addFault({
				method: 'POST',
				path: '/images/text2img',
				kind: 'status',
				status: 429,
				retryAfter: 1,
			});
			const run = await chub(emu, textToImage());
			expect(run.error).toBeUndefined();
			expect(run.items[0].json.status).toBe('completed');
			const sent = submits(emu);
			expect(sent.map((r) => r.status)).toEqual([429, 200]);
			expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(950);
			expect(emu.generations.size).toBe(1);
		}));

	it('too many running generations (429) slow a batch down instead of failing it', () =>
		withEmulator(async (emu) => {
			emu.setMaxConcurrentGenerations(1);
			const run = await chub(emu, textToImage('={{ $json.p }}'), [
				{ p: 'one' },
				{ p: 'two' },
				{ p: 'three' },
			]);
			expect(run.error).toBeUndefined();
			expect(run.items.map((i) => i.json.status)).toEqual(['completed', 'completed', 'completed']);
			expect(submits(emu).filter((r) => r.status === 429).length).toBeGreaterThan(0);
			expect(submits(emu).filter((r) => r.status === 200)).toHaveLength(3);
		}));

	it('sends one request at a time per credential ("concurrent requests on one account get 429")', () =>
		withEmulator(async (emu) => {
			emu.addFault({ method: 'POST', path: '/images/text2img', kind: 'delay', ms: 300, times: 3 });
			const run = await chub(emu, textToImage('={{ $json.p }}', { waitMode: 'submit' }), [
				{ p: 'a' },
				{ p: 'b' },
				{ p: 'c' },
			]);
			expect(run.error).toBeUndefined();
			const arrivals = submits(emu).map((r) => r.at);
			expect(arrivals).toHaveLength(3);
			// Each submit is answered 300 ms after it arrives; the next one arrives only after that.
			expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(290);
			expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(290);
		}));

	it('5xx and resets while reading /check are absorbed', () =>
		withEmulator(async (emu) => {
			emu.addFault({ method: 'POST', path: '/check', kind: 'status', status: 503 });
			emu.addFault({ method: 'POST', path: '/check', kind: 'reset' });
			const run = await chub(emu, textToImage());
			expect(run.error).toBeUndefined();
			expect(run.items[0].json.status).toBe('completed');
			expect(submits(emu)).toHaveLength(1);
		}));
});

describe.concurrent('auth header styles (chub-imagine.md §3)', () => {
	it.each([
		['chApiKey', 'ch-api-key', 'ch-api-key'],
		['bearer', 'bearer', 'authorization'],
	] as const)(
		'%s: the key goes in the header the server wants',
		async (authHeader, serverAccepts, header) => {
			const server = await startChubEmulator({
				apiKey: API_KEY,
				authHeader: serverAccepts,
				jobDurationMs: 300,
			});
			try {
				const run = await chub(server, op('account', 'getGenerations', { limit: 1 }), [{}], {
					credentialOverrides: { authHeader },
				});
				expect(run.error).toBeUndefined();
				const [request] = server.requests;
				expect(request.status).toBe(200);
				expect(request.headers[header]).toBe('[redacted]');
				expect(
					request.headers[header === 'ch-api-key' ? 'authorization' : 'ch-api-key'],
				).toBeUndefined();
			} finally {
				await server.close();
			}
		},
	);

	it("the default header against a Bearer-only server: 401 with the server's words and the hint to switch", async () => {
		const server = await startChubEmulator({ apiKey: API_KEY, authHeader: 'bearer' });
		try {
			const run = await chub(server, op('account', 'getCosts'), [{}]);
			expect(run.items.length).toBe(1); // /images/costs answers without a key
			const mine = await chub(server, op('account', 'getGenerations', { limit: 1 }));
			expect(mine.error?.message).toBe(
				'Chub Imagine: Unauthorized: this server accepts only Authorization: Bearer',
			);
			expect(mine.error?.description).toMatch(/switch Auth Header/);
		} finally {
			await server.close();
		}
	});
});
