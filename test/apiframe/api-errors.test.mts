// APIFRAME's error answers as NodeApiErrors with its own words, the HTTP code and a hint
// (apiframe-v1.md §6: 400 {"errors":[{"msg":…}]}, 401 {}, 500 {}), and the request loop's
// rule: a submit that may have been processed (and charged) is never sent twice; a 429 was not.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { apiframe, calls, gridTask, imagine, op, startEmulator, type ApiframeEmulator } from './support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

describe('error answers become NodeApiErrors with APIFRAME\'s message, the code and a hint', () => {
	it('400: the errors[].msg of the express-validator body, and the parent-task rules in the hint', async () => {
		const grid = await gridTask(emu);
		const { error } = await apiframe(emu, op('image', 'pan', { direction: 'left' }), [grid]);
		expect(error?.message).toMatch(/^APIFRAME: parent_task_id must be an upscale-1x task; task [0-9a-f-]+ is "imagine"$/);
		expect(error?.httpCode).toBe('400');
		expect(error?.description).toMatch(/need an Upscale 1x task as parent/);
		expect(calls(emu, 'POST', '/pan')).toHaveLength(1);
	});

	it('400 with the documented body word for word: {"errors":[{"msg":"Invalid request"}]}', async () => {
		emu.addFault({ method: 'POST', path: '/imagine', kind: 'status', status: 400, body: { errors: [{ msg: 'Invalid request' }] } });
		const { error } = await apiframe(emu, imagine('x'));
		expect(error?.message).toBe('APIFRAME: Invalid request');
	});

	it('401 from a wrong key ({} body): says to fix the key, sent without "Bearer"', async () => {
		const { error } = await apiframe(emu, imagine('x'), [{}], { credentialOverrides: { apiKey: 'wrong-key-123' } });
		expect(error?.message).toBe('APIFRAME: HTTP 401');
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toMatch(/API key was not accepted.*without "Bearer"/);
		expect(emu.requests[0].auth).toBe('wrong');
	});

	it('the key goes in Authorization as is (the emulator refuses "Bearer <key>" by default)', async () => {
		await apiframe(emu, imagine('x', { waitMode: 'submit' }));
		expect(emu.requests[0].auth).toBe('raw');
	});

	it('402 when the credits run out: top up', async () => {
		emu.setCredits(1);
		const { error } = await apiframe(emu, imagine('x'));
		expect(error?.httpCode).toBe('402');
		expect(error?.message).toMatch(/Not enough credits/);
		expect(error?.description).toMatch(/Top up/);
	});

	it('500 ({} body) on a submit: reported, never sent again', async () => {
		emu.addFault({ method: 'POST', path: '/imagine', kind: 'status', status: 500 });
		const { error } = await apiframe(emu, imagine('x'));
		expect(error?.message).toBe('APIFRAME: HTTP 500');
		expect(error?.description).toMatch(/Temporary/);
		expect(calls(emu, 'POST', '/imagine')).toHaveLength(1);
	});

	it('429 on a submit: sent again after Retry-After, one task created', async () => {
		emu.addFault({ method: 'POST', path: '/imagine', kind: 'status', status: 429, retryAfter: 1 });
		const { items, error } = await apiframe(emu, imagine('x', { waitMode: 'submit' }));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('pending');
		const submits = calls(emu, 'POST', '/imagine');
		expect(submits.map((r) => r.status)).toEqual([429, 200]);
		expect(submits[1].at - submits[0].at).toBeGreaterThanOrEqual(900);
		expect(emu.tasks.size).toBe(1);
	});

	it('malformed JSON after a submit: may have been created, so not sent again', async () => {
		emu.addFault({ method: 'POST', path: '/imagine', kind: 'malformed' });
		const { error } = await apiframe(emu, imagine('x'));
		expect(error?.message).toMatch(/APIFRAME answered with something that is not JSON/);
		expect(error?.description).toMatch(/may still have created a job, so it was NOT sent again/);
		expect(calls(emu, 'POST', '/imagine')).toHaveLength(1);
	});

	it('a submit that times out after sending is reported, not resent', async () => {
		emu.addFault({ method: 'POST', path: '/imagine', kind: 'accept-then-hang', ms: 3000 });
		const { error } = await apiframe(emu, imagine('x', { options: { requestTimeout: 1 } }));
		expect(error?.message).toMatch(/APIFRAME: .* failed \(no answer in time\)/);
		expect(calls(emu, 'POST', '/imagine')).toHaveLength(1);
		expect(emu.tasks.size).toBe(1);
	});

	it('Continue On Fail: an error item per failing item, the others go on', async () => {
		emu.addFault({ method: 'POST', path: '/imagine', kind: 'status', status: 400, body: { errors: [{ msg: 'prompt is banned' }] } });
		const { items, error } = await apiframe(emu, imagine('={{ $json.p }}', { waitMode: 'submit' }), [{ p: 'a' }, { p: 'b' }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const outcomes = items.map((item) => item.json.error ?? item.json.status);
		expect(outcomes.sort()).toEqual(['APIFRAME: prompt is banned', 'pending']);
	});
});
