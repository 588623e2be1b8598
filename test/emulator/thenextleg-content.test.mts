// TNL emulator: the 19 content codes on demand (markers, forceContent, fail-job faults, natural causes),
// the transient ones (JOB_QUEUED, APPEAL_ACCEPTED), and the banned-word prefilter.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ALL_CODES, startTheNextLegEmulator, TRANSIENT_CODES, type ContentCode, type TheNextLegEmulator } from './thenextleg/index.mts';
import { api, fieldsOf, run, sleep, submit, waitDone, type Json } from './thenextleg/test-client.mts';

let emu: TheNextLegEmulator;

beforeAll(async () => {
	emu = await startTheNextLegEmulator({ jobDurationMs: 40, minIntervalMs: 0, imageSize: 8 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const TERMINAL = ALL_CODES.filter((c) => !TRANSIENT_CODES.includes(c));

/** A finished message that shows `code` instead of a result. */
function expectCode(done: Json, code: ContentCode) {
	expect({
		content: done.content,
		buttons: done.buttons,
		imageUrl: done.imageUrl,
		imageUrls: done.imageUrls,
		buttonMessageId: done.buttonMessageId,
	}).toEqual({
		content: code,
		buttons: [],
		imageUrl: undefined,
		imageUrls: undefined,
		buttonMessageId: undefined,
	});
}

describe('content codes (§5)', () => {
	it('lists all 19 codes of the docs, two of them transient', () => {
		expect(ALL_CODES).toHaveLength(19);
		expect(ALL_CODES).toEqual(
			expect.arrayContaining([
				'ALREADY_REQUESTED_UPSCALE',
				'BUTTON_NOT_FOUND',
				'JOB_QUEUED',
				'PLEASE_SUBSCRIBE_TO_MJ_IN_YOUR_DASHBOARD',
				'QUEUE_FULL',
			]),
		);
		expect([...TRANSIENT_CODES]).toEqual(['JOB_QUEUED', 'APPEAL_ACCEPTED']);
	});

	it('every terminal code on demand with a [[CODE]] marker in the prompt', async () => {
		const ids = await Promise.all(TERMINAL.map((code) => submit(emu, '/v2/imagine', { msg: `a cat [[${code}]]`, ref: code })));
		const done = await Promise.all(ids.map((id) => waitDone(emu, id)));
		done.forEach((d, i) => {
			expectCode(d, TERMINAL[i]);
			expect(d).toMatchObject({ progress: 100, type: 'imagine', ref: TERMINAL[i], originatingMessageId: ids[i] });
		});
		// Unknown marker names are plain text.
		expect((await run(emu, '/v2/imagine', { msg: 'a cat [[NOT_A_CODE]]' })).content).toBe('a cat [[NOT_A_CODE]]');
	});

	it('markers also work in a button prompt and a describe URL', async () => {
		const g = await run(emu, '/v2/imagine', { msg: 'a dog' });
		expectCode(
			await run(emu, '/v2/button', { button: 'V1', buttonMessageId: g.buttonMessageId, prompt: 'x [[JOB_ACTION_RESTRICTED]]' }),
			'JOB_ACTION_RESTRICTED',
		);
		expectCode(await run(emu, '/v2/describe', { url: 'https://example.com/[[IMAGE_BLOCKED]].png' }), 'IMAGE_BLOCKED');
	});

	it('forceContent(code, n): the next n messages of any kind, then back to normal; also via the control API', async () => {
		emu.forceContent('QUEUE_FULL', 2);
		expectCode(await run(emu, '/v2/info', undefined, 'GET'), 'QUEUE_FULL');
		expectCode(await run(emu, '/v2/blend', { urls: ['https://example.com/a.png', 'https://example.com/b.png'] }), 'QUEUE_FULL');
		expect((await run(emu, '/v2/imagine', { msg: 'fine' })).content).toBe('fine');

		const r = await api(emu, 'POST', '/__emulator/content', { code: 'MODERATION_OUTAGE' }, null);
		expect(r.json).toEqual({ ok: true });
		expectCode(await run(emu, '/v2/imagine', { msg: 'x' }), 'MODERATION_OUTAGE');
		expect((await api(emu, 'POST', '/__emulator/content', { code: 'NOPE' }, null)).status).toBe(400);
		expect(() => emu.forceContent('NOPE' as ContentCode)).toThrow(/Unknown content code/);
	});

	it('a fail-job fault ends the next message on its route with its content (default FAILED_TO_PROCESS_YOUR_COMMAND)', async () => {
		emu.addFault({ kind: 'fail-job', path: '/imagine', content: 'INTERNAL_ERROR' });
		emu.addFault({ kind: 'fail-job', path: '/v2/describe' });
		expect((await run(emu, '/v2/blend', { urls: ['https://example.com/a.png', 'https://example.com/b.png'] })).imageUrls).toHaveLength(4);
		expectCode(await run(emu, '/v2/imagine', { msg: 'x' }), 'INTERNAL_ERROR');
		expectCode(await run(emu, '/v2/describe', { url: 'https://example.com/a.png' }), 'FAILED_TO_PROCESS_YOUR_COMMAND');
		expect((await run(emu, '/v2/imagine', { msg: 'y' })).content).toBe('y'); // used up
		// A request that fails validation does not use the rule up.
		emu.addFault({ kind: 'fail-job', path: '/v2/imagine', content: 'BLOCKED' });
		expect((await api(emu, 'POST', '/v2/imagine', {})).status).toBe(400);
		expectCode(await run(emu, '/v2/imagine', { msg: 'z' }), 'BLOCKED');
	});

	it('precedence: fault, then forceContent, then markers, then what the request earned', async () => {
		emu.addFault({ kind: 'fail-job', path: '/v2/imagine', content: 'FAILED_TO_REQUEST' });
		emu.forceContent('QUEUE_FULL', 2);
		expectCode(await run(emu, '/v2/imagine', { msg: 'x [[BLOCKED]]' }), 'FAILED_TO_REQUEST'); // still one of the 2 forced
		expectCode(await run(emu, '/v2/imagine', { msg: 'x [[BLOCKED]]' }), 'QUEUE_FULL');
		expectCode(await run(emu, '/v2/imagine', { msg: 'x [[BLOCKED]]' }), 'BLOCKED');
		expectCode(await run(emu, '/v2/button', { button: 'U1', buttonMessageId: 'none', prompt: '[[APPEAL_REJECTED]]' }), 'APPEAL_REJECTED');
	});

	it('NO_FAST_HOURS when fast time runs out in fast mode; relax mode still works', async () => {
		emu.setFastHours(0);
		expectCode(await run(emu, '/v2/imagine', { msg: 'x' }), 'NO_FAST_HOURS');
		expect((await run(emu, '/v2/info', undefined, 'GET')).content['Fast Time Remaining']).toBe('0.00/15.0 hours (0.00%)');
		await run(emu, '/v2/slash-commands', { cmd: 'relax' });
		expect((await run(emu, '/v2/imagine', { msg: 'relaxed' })).imageUrls).toHaveLength(4);
		expect(emu.account.relaxedHoursUsed).toBeGreaterThan(0);
	});

	it.concurrent.for(TRANSIENT_CODES)(
		'%s is transient: shown as a finished-looking message, then the job goes on to its images',
		async (code, { expect, onTestFinished }) => {
			const own = await startTheNextLegEmulator({ jobDurationMs: 600, minIntervalMs: 0, imageSize: 8 });
			onTestFinished(() => own.close());
			const id = await submit(own, '/v2/imagine', { msg: `a ship [[${code}]]`, ref: 'q' });
			// On the clock: the notice for the first third, then progress, then the result.
			const m = own.messages.get(id)!;
			expect([0.1, 0.4, 0.9, 1].map((f) => m.phase(m.createdAt + f * 600).kind)).toEqual(['notice', 'progress', 'progress', 'done']);
			const seen: Json[] = [];
			for (;;) {
				const r = (await api(own, 'GET', `/v2/message/${id}`)).json;
				seen.push(r);
				if (r.progress === 100 && r.content !== code) break;
				await sleep(5);
			}
			const notice = seen[0];
			expect(notice).toMatchObject({ progress: 100, content: code, buttons: [], type: 'imagine', ref: 'q', originatingMessageId: id });
			expect(notice.imageUrl).toBeUndefined();
			const firstProgress = seen.findIndex((r) => typeof r.progress === 'number' && r.progress < 100);
			expect(firstProgress).toBeGreaterThan(0); // the notice came first...
			expect(seen.slice(0, firstProgress).every((r) => r.content === code)).toBe(true);
			expect(seen.slice(firstProgress, -1).every((r) => r.progress < 100 && r.content === undefined)).toBe(true); // ...then progress...
			expect(seen.at(-1)).toMatchObject({ progress: 100, content: `a ship [[${code}]]`, imageUrls: expect.any(Array) }); // ...then the images
		},
	);

	it('forced JOB_QUEUED in the response shape wraps the notice too', async () => {
		emu.setMessageShape('response');
		emu.setJobDurationMs(300);
		emu.forceContent('JOB_QUEUED');
		const id = await submit(emu, '/v2/imagine', { msg: 'queued' });
		expect((await api(emu, 'GET', `/v2/message/${id}`)).json).toMatchObject({ progress: 100, response: { content: 'JOB_QUEUED' } });
		expect(fieldsOf(await waitDone(emu, id)).content).toBe('queued');
	});
});

describe('prefilter', () => {
	it('answers the docs\' 400 for a banned word, unless ignorePrefilter is true or "true"', async () => {
		for (const msg of ['a forbiddenword cat', 'A BANNEDWORD, again']) {
			const r = await api(emu, 'POST', '/v2/imagine', { msg });
			expect(r.status).toBe(400);
			expect(r.json).toEqual({ success: false, msg: `Invalid phrase: '${/forbidden/i.test(msg) ? 'forbiddenword' : 'bannedword'}'` });
		}
		expect((await api(emu, 'POST', '/v2/imagine', { msg: 'a forbiddenword cat', ignorePrefilter: 'false' })).status).toBe(400);
		expect(emu.messages.size).toBe(0);
		for (const ignorePrefilter of [true, 'true']) {
			const done = await run(emu, '/v2/imagine', { msg: 'a forbiddenword cat', ignorePrefilter });
			expect(done.content).toBe('a forbiddenword cat');
		}
		expect((await api(emu, 'POST', '/v2/imagine', { msg: 'unforbiddenwordly' })).status).toBe(200); // whole words only
	});

	it('takes a configurable list, including multi-word phrases', async () => {
		const strict = await startTheNextLegEmulator({ minIntervalMs: 0, bannedWords: ['red panda', 'xyzzy'] });
		try {
			expect((await api(strict, 'POST', '/v2/imagine', { msg: 'a Red  Panda eating' })).json).toEqual({
				success: false,
				msg: "Invalid phrase: 'red panda'",
			});
			expect((await api(strict, 'POST', '/v2/imagine', { msg: 'a forbiddenword' })).status).toBe(200);
			expect((await api(strict, 'POST', '/v2/is-this-naughty', { msg: 'say xyzzy' })).json).toEqual({ isNaughty: true, phrase: 'xyzzy' });
		} finally {
			await strict.close();
		}
	});
});
