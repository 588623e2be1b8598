// TNL emulator: every endpoint, its answer and its validation (400 {success:false,msg} naming the field).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { SETTINGS_LABELS, startTheNextLegEmulator, type TheNextLegEmulator } from './thenextleg/index.mts';
import { api, fieldsOf, grid, press, run, submit, waitDone } from './thenextleg/test-client.mts';

let emu: TheNextLegEmulator;

beforeAll(async () => {
	emu = await startTheNextLegEmulator({ jobDurationMs: 30, minIntervalMs: 0, imageSize: 8 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

/** Expects a 400 whose msg matches. */
async function rejects(method: 'GET' | 'POST', path: string, body: unknown, msg: RegExp | string) {
	const r = await api(emu, method, path, body);
	expect({ path, status: r.status, body: r.json }).toEqual({
		path,
		status: 400,
		body: { success: false, msg: typeof msg === 'string' ? msg : expect.stringMatching(msg) },
	});
}

const info = async () => (await run(emu, '/v2/info', undefined, 'GET')).content;

describe('POST /v2/imagine', () => {
	it('answers {success, messageId, createdAt} and the message echoes the prompt', async () => {
		const before = Date.now();
		const r = await api(emu, 'POST', '/v2/imagine', {
			msg: 'a red fox --v 5',
			ref: 'order-7',
			webhookOverride: '',
			ignorePrefilter: 'false',
		});
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toMatch(/^application\/json/);
		expect(Object.keys(r.json)).toEqual(['success', 'messageId', 'createdAt']);
		expect(r.json.success).toBe(true);
		expect(r.json.messageId).toMatch(/^[A-Za-z0-9]{20}$/);
		expect(r.json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(Date.parse(r.json.createdAt)).toBeGreaterThanOrEqual(before);
		const done = fieldsOf(await waitDone(emu, r.json.messageId));
		expect(done).toMatchObject({ type: 'imagine', content: 'a red fox --v 5', ref: 'order-7', originatingMessageId: r.json.messageId });
	});

	it('img2img: image URLs at the start of msg; a Midjourney CDN link ends INVALID_LINK', async () => {
		const msg = 'https://example.com/a.png https://example.com/b.jpg Transformational anime';
		expect(await run(emu, '/v2/imagine', { msg })).toMatchObject({ content: msg, imageUrls: expect.any(Array) });
		const cdn = await run(emu, '/v2/imagine', { msg: 'https://cdn.midjourney.com/x/0_0.png a cat' });
		expect(cdn).toMatchObject({ content: 'INVALID_LINK', buttons: [] });
		expect(cdn.imageUrl).toBeUndefined();
	});

	it('accepts ignorePrefilter as a string or a boolean', async () => {
		for (const v of ['true', 'false', true, false, ''])
			expect((await api(emu, 'POST', '/v2/imagine', { msg: 'x', ignorePrefilter: v })).status).toBe(200);
	});

	it('validates msg, ref, webhookOverride, ignorePrefilter and the JSON body', async () => {
		await rejects('POST', '/v2/imagine', {}, 'Missing required field: msg');
		await rejects('POST', '/v2/imagine', { msg: '   ' }, 'Missing required field: msg');
		await rejects('POST', '/v2/imagine', { msg: 42 }, 'Field msg must be a string');
		await rejects('POST', '/v2/imagine', { msg: 'x', ref: 7 }, 'Field ref must be a string');
		await rejects('POST', '/v2/imagine', { msg: 'x', webhookOverride: 'not a url' }, 'Field webhookOverride must be an http(s) URL');
		await rejects('POST', '/v2/imagine', { msg: 'x', webhookOverride: 'ftp://example.com/hook' }, /webhookOverride/);
		await rejects('POST', '/v2/imagine', { msg: 'x', ignorePrefilter: 'yes' }, /^Field ignorePrefilter must be true or false/);
		await rejects('POST', '/v2/imagine', { msg: 'x', ignorePrefilter: 1 }, /ignorePrefilter/);
		await rejects('POST', '/v2/imagine', '{"msg": "x"', 'Invalid JSON body');
		await rejects('POST', '/v2/imagine', '["x"]', 'The request body must be a JSON object');
		expect(emu.messages.size).toBe(0);
	});
});

describe('routing', () => {
	it('404 for unknown routes, 405 with Allow for a wrong method, 413 for a huge body', async () => {
		expect(await api(emu, 'GET', '/v2/nope')).toMatchObject({ status: 404, json: { success: false, msg: 'Not found: /v2/nope' } });
		expect((await api(emu, 'POST', '/loadBalancer/imagine', { msg: 'x' })).status).toBe(404); // not emulated
		const get = await api(emu, 'GET', '/v2/imagine');
		expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
		const postInfo = await api(emu, 'POST', '/v2/info', {}); // docs, Node and Go use GET (the Python client's POST is a bug)
		expect([postInfo.status, postInfo.headers.allow]).toEqual([405, 'GET']);
		expect((await api(emu, 'POST', '/v2/message/abc', {})).headers.allow).toBe('GET');
		const huge = await api(emu, 'POST', '/v2/imagine', { msg: 'x'.repeat(6 * 1024 * 1024) });
		expect(huge.status).toBe(413);
	});
});

describe('POST /v2/button', () => {
	it('validates button, buttonMessageId, zoom (1-2), ar, mask, and the per-button required fields', async () => {
		const b = (extra: Record<string, unknown>) => ({ button: 'U1', buttonMessageId: 'X', ...extra });
		await rejects('POST', '/v2/button', { buttonMessageId: 'X' }, 'Missing required field: button');
		await rejects('POST', '/v2/button', { button: 'U1' }, 'Missing required field: buttonMessageId');
		await rejects('POST', '/v2/button', b({ zoom: 0.5 }), 'Field zoom must be between 1 and 2');
		await rejects('POST', '/v2/button', b({ zoom: 2.5 }), 'Field zoom must be between 1 and 2');
		await rejects('POST', '/v2/button', b({ zoom: 'wide' }), 'Field zoom must be a number');
		await rejects('POST', '/v2/button', b({ ar: 'square' }), 'Field ar must be an aspect ratio such as 1:1');
		await rejects('POST', '/v2/button', b({ mask: 'not base64!' }), 'Field mask must be a base64 string');
		await rejects('POST', '/v2/button', b({ prompt: 3 }), 'Field prompt must be a string');
		await rejects('POST', '/v2/button', b({ button: '🖌️ Vary (Region)', prompt: 'hamsters' }), /^Missing required field: mask/);
		await rejects('POST', '/v2/button', b({ button: '🖌️ Vary (Region)', mask: 'UklGRg==' }), /^Missing required field: prompt/);
		await rejects('POST', '/v2/button', b({ button: 'Custom Zoom' }), /^Missing required field: zoom/);
		for (const zoom of [1, 2, 1.5, '1.25']) expect((await api(emu, 'POST', '/v2/button', b({ zoom }))).status).toBe(200);
	});

	it('GET variant takes the fields as query parameters', async () => {
		const g = await grid(emu);
		const id = await submit(emu, `/v2/button?button=U3&buttonMessageId=${g.buttonMessageId}`, undefined, 'GET');
		expect(fieldsOf(await waitDone(emu, id))).toMatchObject({ type: 'button', imageUrls: [expect.stringMatching(/0_0\.png$/)] });
		await rejects('GET', '/v2/button?button=Custom%20Zoom&buttonMessageId=x&zoom=3', undefined, 'Field zoom must be between 1 and 2');
	});
});

describe('POST /v2/describe', () => {
	it('finishes with content = four prompts and type describe, no buttons', async () => {
		const done = await run(emu, '/v2/describe', { url: 'https://example.com/images/red-bicycle.png', ref: 'd1' });
		expect(done).toMatchObject({ type: 'describe', ref: 'd1' });
		expect(done.content).toHaveLength(4);
		done.content.forEach((p: string, i: number) => expect(p).toMatch(new RegExp(`^${i + 1}\uFE0F\u20E3 .*red bicycle.*--ar 1:1$`)));
		expect(done.buttons).toBeUndefined();
		expect(done.imageUrl).toBeUndefined();
		const viaGet = await run(emu, `/v2/describe?url=${encodeURIComponent('https://example.com/x.png')}`, undefined, 'GET');
		expect(viaGet.type).toBe('describe');
	});

	it('validates url', async () => {
		await rejects('POST', '/v2/describe', {}, 'Missing required field: url');
		await rejects('POST', '/v2/describe', { url: 'example.com/x.png' }, 'Field url must be an http(s) URL');
	});
});

describe('POST /v2/blend', () => {
	it('finishes like an imagine result: a grid with buttons', async () => {
		const urls = ['https://example.com/a.png', 'https://example.com/b.png'];
		const done = await run(emu, '/v2/blend', { urls });
		expect(done).toMatchObject({ type: 'blend', content: urls.join(' '), buttons: ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4'] });
		expect(done.imageUrls).toHaveLength(4);
	});

	it('validates urls: an array of 2 to 5 http(s) URLs', async () => {
		const u = 'https://example.com/a.png';
		await rejects('POST', '/v2/blend', {}, 'Missing required field: urls');
		await rejects('POST', '/v2/blend', { urls: u }, 'Field urls must be an array of strings');
		await rejects('POST', '/v2/blend', { urls: [u, 3] }, 'Field urls must be an array of strings');
		await rejects('POST', '/v2/blend', { urls: [u] }, 'Field urls must hold 2 to 5 image URLs');
		await rejects('POST', '/v2/blend', { urls: Array(6).fill(u) }, 'Field urls must hold 2 to 5 image URLs');
		await rejects('POST', '/v2/blend', { urls: [u, 'nope'] }, 'Field urls[1] must be an http(s) URL');
		expect((await api(emu, 'POST', '/v2/blend', { urls: Array(5).fill(u) })).status).toBe(200);
	});
});

describe('/v2/slash-commands, /v2/settings, /v2/info', () => {
	it('slash commands switch the job mode and visibility that info reports', async () => {
		expect(await info()).toMatchObject({ 'Job Mode': 'Fast', 'Visibility Mode': 'Public' });
		const relax = await run(emu, '/v2/slash-commands', { cmd: 'relax' });
		expect(relax).toMatchObject({ type: 'slash-commands', content: expect.stringMatching(/^Done!/), buttons: [] });
		expect(await info()).toMatchObject({ 'Job Mode': 'Relaxed' });
		await run(emu, '/v2/slash-commands?cmd=stealth', undefined, 'GET');
		expect(await info()).toMatchObject({ 'Job Mode': 'Relaxed', 'Visibility Mode': 'Stealth' });
		await run(emu, '/v2/slash-commands', { cmd: 'fast' });
		expect(emu.account.mode).toBe('Fast');
		await rejects('POST', '/v2/slash-commands', { cmd: 'turbo' }, 'Field cmd must be one of: relax, fast, private, stealth');
		await rejects('POST', '/v2/slash-commands', {}, 'Missing required field: cmd');
	});

	it('GET settings lists the labels as buttons; POST toggles one', async () => {
		const shown = await run(emu, '/v2/settings', undefined, 'GET');
		expect(shown).toMatchObject({ type: 'settings', content: 'Adjust your settings here.', buttons: [...SETTINGS_LABELS] });
		expect(shown.buttons).toContain('Relax mode');
		await run(emu, '/v2/settings', { settingsToggle: 'Relax mode' });
		await run(emu, '/v2/settings', { settingsToggle: 'Remix mode' });
		await run(emu, `/v2/settings?settingsToggle=${encodeURIComponent('Stealth mode')}`, undefined, 'GET');
		expect(emu.account).toMatchObject({ mode: 'Relaxed', remix: true, visibility: 'Stealth' });
		expect(await info()).toMatchObject({ 'Job Mode': 'Relaxed', 'Visibility Mode': 'Stealth' });
		await rejects('POST', '/v2/settings', {}, 'Missing required field: settingsToggle');
		await rejects('POST', '/v2/settings', { settingsToggle: 'Turbo mode' }, /^Field settingsToggle must be one of: MJ version 1, /);
	});

	it('info: the content object and type info; "Queued Jobs" count running jobs; fast hours go down', async () => {
		const c = await info();
		expect(Object.keys(c).sort()).toEqual(
			[
				'Fast Time Remaining',
				'Job Mode',
				'Lifetime Usage',
				'Queued Jobs (fast)',
				'Queued Jobs (relax)',
				'Relaxed Usage',
				'Subscription',
				'Visibility Mode',
			].sort(),
		);
		expect(c['Fast Time Remaining']).toBe('15.00/15.0 hours (100.00%)');
		emu.setJobDurationMs(5000);
		await submit(emu, '/v2/imagine', { msg: 'slow' });
		emu.setJobDurationMs(30);
		const after = await info();
		expect(after['Queued Jobs (fast)']).toBe('1');
		expect(after['Fast Time Remaining']).toBe('14.98/15.0 hours (99.89%)');
		expect(after['Lifetime Usage']).toBe('1 images (0.02 hours)');
		const full = await run(emu, '/v2/info?ref=i1&webhookOverride=', undefined, 'GET');
		expect(full).toMatchObject({ type: 'info', ref: 'i1', originatingMessageId: expect.any(String), responseAt: expect.any(String) });
		expect(full.buttons).toBeUndefined();
	});
});

describe('seed, message, is-this-naughty, upscale-img-url', () => {
	it('POST /v2/seed answers {seed} for a finished image message', async () => {
		const g = await grid(emu, 'a cat --seed 1234');
		expect((await api(emu, 'POST', '/v2/seed', { messageId: g.originatingMessageId })).json).toEqual({ seed: '1234' });
		const other = await grid(emu);
		expect((await api(emu, 'POST', '/v2/seed', { messageId: other.originatingMessageId })).json.seed).toMatch(/^\d+$/);
		await rejects('POST', '/v2/seed', {}, 'Missing required field: messageId');
		expect((await api(emu, 'POST', '/v2/seed', { messageId: 'nope' })).status).toBe(404);
		emu.setJobDurationMs(5000);
		const running = await submit(emu, '/v2/imagine', { msg: 'slow' });
		await rejects('POST', '/v2/seed', { messageId: running }, /not a finished image message/);
	});

	it('GET /v2/message: 404 for an unknown id, 400 for a bad expireMins', async () => {
		expect(await api(emu, 'GET', '/v2/message/unknown')).toMatchObject({
			status: 404,
			json: { success: false, msg: 'Message not found: unknown' },
		});
		const id = await submit(emu, '/v2/imagine', { msg: 'x' });
		for (const v of ['0', '-1', 'soon']) await rejects('GET', `/v2/message/${id}?expireMins=${v}`, undefined, /expireMins/);
		expect(emu.statusReads(id)).toBe(3);
	});

	it('POST /v2/is-this-naughty checks a text against the prefilter', async () => {
		const check = async (msg: string) => (await api(emu, 'POST', '/v2/is-this-naughty', { msg })).json;
		expect(await check('a quiet harbour')).toEqual({ isNaughty: false, phrase: '' });
		expect(await check('a ForbiddenWord harbour')).toEqual({ isNaughty: true, phrase: 'forbiddenword' });
		expect(await check('forbiddenwords are not whole words')).toEqual({ isNaughty: false, phrase: '' });
		await rejects('POST', '/v2/is-this-naughty', {}, 'Missing required field: msg');
		expect(emu.messages.size).toBe(0); // synchronous: no message
	});

	it('GET /upscale-img-url answers {url} of one instant upscale', async () => {
		const g = await grid(emu);
		const r = await api(emu, 'GET', `/upscale-img-url?buttonMessageId=${g.buttonMessageId}&button=U3`);
		expect(r.json).toEqual({ url: g.imageUrls[2] });
		await rejects(
			'GET',
			`/upscale-img-url?buttonMessageId=${g.buttonMessageId}&button=V1`,
			undefined,
			'Field button must be one of: U1, U2, U3, U4',
		);
		await rejects('GET', '/upscale-img-url?button=U1', undefined, 'Missing required field: buttonMessageId');
		expect((await api(emu, 'GET', '/upscale-img-url?buttonMessageId=nope&button=U1')).status).toBe(404);
		const up = await press(emu, 'U1', g.buttonMessageId);
		await rejects('GET', `/upscale-img-url?buttonMessageId=${up.buttonMessageId}&button=U1`, undefined, /is not a finished grid/);
	});
});
