// Chub emulator: auth headers (CH-API-KEY / Bearer, and the one-header modes), costs without a key,
// redaction of recorded headers, unknown routes and methods.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { call } from './chub/client.mts';
import { startChubEmulator, type ChubEmulator } from './chub/index.mts';

let emu: ChubEmulator;

beforeAll(async () => {
	emu = await startChubEmulator({ jobDurationMs: 50 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const probe = (o: Parameters<typeof call>[3] = {}) => call(emu, 'GET', '/images/mine?first=1&count=false', o);

describe('auth', () => {
	it('accepts CH-API-KEY and Authorization: Bearer (any case of the scheme)', async () => {
		expect((await probe({ auth: 'ch' })).status).toBe(200);
		expect((await probe({ auth: 'bearer' })).status).toBe(200);
		const lower = await call(emu, 'GET', '/voices', { key: null, headers: { authorization: `bearer ${emu.apiKey}` } });
		expect(lower.status).toBe(200);
		expect(emu.apiKey).toBe('CHK-test-key');
	});

	it('401 in the {error, errorCode, code} shape for a missing, wrong or scheme-less key', async () => {
		for (const r of [
			await probe({ key: null }),
			await probe({ key: 'CHK-wrong' }),
			await probe({ key: 'CHK-wrong', auth: 'bearer' }),
			await call(emu, 'GET', '/voices', { key: null, headers: { authorization: emu.apiKey } }),
		]) {
			expect(r.status).toBe(401);
			expect(Object.keys(r.json).sort()).toEqual(['code', 'error', 'errorCode']);
			expect(r.json).toMatchObject({ errorCode: 401, code: 0 });
			expect(r.json.error).toMatch(/^Unauthorized: /);
		}
		expect((await probe({ key: null })).json.error).toMatch(/no API key/);
	});

	it('a rejected request creates nothing and costs nothing', async () => {
		const before = emu.credits;
		const r = await call(emu, 'POST', '/images/text2img', { body: { prompt: 'x' }, key: 'nope' });
		expect(r.status).toBe(401);
		expect(emu.generations.size).toBe(0);
		expect(emu.credits).toBe(before);
	});

	it('auth is checked before validation (an unauthenticated bad body is a 401, not a 422)', async () => {
		expect((await call(emu, 'POST', '/images/text2img', { body: { prompt: 5 }, key: null })).status).toBe(401);
	});

	it('GET /images/costs answers without any key, and with a wrong one', async () => {
		const open = await call(emu, 'GET', '/images/costs', { key: null });
		expect(open.status).toBe(200);
		expect(open.json.costs).toMatchObject({ text2img: 25, video: 100, removebg: 5, prompt: 1, expressions: 50 });
		expect((await call(emu, 'GET', '/images/costs', { key: 'wrong' })).status).toBe(200);
	});

	it('records headers with both credential headers redacted', async () => {
		await probe({ auth: 'ch' });
		await probe({ auth: 'bearer' });
		const [a, b] = emu.requests;
		expect(a.headers['ch-api-key']).toBe('[redacted]');
		expect(b.headers.authorization).toBe('[redacted]');
		expect(JSON.stringify(emu.requests)).not.toContain(emu.apiKey);
		expect(a).toMatchObject({ method: 'GET', apiPath: '/images/mine', query: { first: '1', count: 'false' }, status: 200 });
	});
});

describe('one-header modes (the credential header switch)', () => {
	it("authHeader 'ch-api-key' refuses Bearer; 'bearer' refuses CH-API-KEY", async () => {
		const chOnly = await startChubEmulator({ authHeader: 'ch-api-key', apiKey: 'K1' });
		const bearerOnly = await startChubEmulator({ authHeader: 'bearer', apiKey: 'K2' });
		try {
			const path = '/voices';
			expect((await call(chOnly, 'GET', path, { auth: 'ch' })).status).toBe(200);
			const refused = await call(chOnly, 'GET', path, { auth: 'bearer' });
			expect([refused.status, refused.json.error]).toEqual([401, 'Unauthorized: this server accepts only the CH-API-KEY header']);
			expect((await call(bearerOnly, 'GET', path, { auth: 'bearer' })).status).toBe(200);
			const refused2 = await call(bearerOnly, 'GET', path, { auth: 'ch' });
			expect([refused2.status, refused2.json.error]).toEqual([401, 'Unauthorized: this server accepts only Authorization: Bearer']);
		} finally {
			await chOnly.close();
			await bearerOnly.close();
		}
	});
});

describe('routing', () => {
	it('unknown path → 404, known path with the wrong method → 405 with Allow', async () => {
		const missing = await call(emu, 'GET', '/v1/nothing');
		expect([missing.status, missing.json]).toEqual([404, { error: 'Not Found: /v1/nothing', errorCode: 404, code: 0 }]);
		const wrong = await call(emu, 'GET', '/images/text2img');
		expect(wrong.status).toBe(405);
		expect(wrong.headers.allow).toBe('POST');
		const voice = await call(emu, 'POST', '/voices/abc');
		expect([voice.status, voice.headers.allow]).toEqual([405, 'DELETE']);
	});
});
