// A finished message whose `content` is a content code is an outcome, not a result: the 17
// terminal codes end the wait as a NodeApiError with the code, its meaning and a hint; JOB_QUEUED
// and APPEAL_ACCEPTED keep it waiting. The prefilter's 400 names the phrase.
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { ALL_CODES, CONTENT_CODES, TRANSIENT_CODES } from '../emulator/thenextleg/index.mts';
import { CONTENT_CODES as CONTENT_CODE_TABLE } from '../../nodes/TheNextLeg/contentCodes.ts';
import { THENEXTLEG } from '../../nodes/TheNextLeg/provider.ts';
import { calls, imagine, op, posted, tnl, useEmulators } from './support.mts';

const emulator = useEmulators();
const TERMINAL = ALL_CODES.filter((code) => !TRANSIENT_CODES.includes(code));

describe.concurrent('content codes', () => {
	it('the docs list 19 codes, 17 of them end a job', () => {
		expect(ALL_CODES).toHaveLength(19);
		expect(TERMINAL).toHaveLength(17);
		// The node's one table has exactly the documented codes.
		expect(Object.keys(CONTENT_CODE_TABLE).sort()).toEqual([...ALL_CODES].sort());
	});

	it('the adapter reads every code: 17 failures with the code, meaning and a hint; 2 notices that keep waiting', () => {
		for (const code of ALL_CODES) {
			const message = { messageId: 'M'.repeat(20), progress: 100, type: 'imagine', content: code, buttons: [] };
			const snapshot = THENEXTLEG.snapshot(message);
			if (TRANSIENT_CODES.includes(code)) {
				expect(snapshot, code).toMatchObject({ state: 'queued', progress: 0, error: undefined });
				continue;
			}
			expect(snapshot.state, code).toBe('failed');
			expect(snapshot.error?.code).toBe(code);
			expect(snapshot.error?.message.startsWith(`${code}: `)).toBe(true);
			expect(snapshot.error?.message.toLowerCase()).toContain(CONTENT_CODES[code].toLowerCase());
			expect(snapshot.error?.hint?.length, code).toBeGreaterThan(30);
			expect(THENEXTLEG.toResult(message).error).toEqual({ code, message: snapshot.error?.message });
		}
		// The hints say what to do.
		const hint = (code: string) => THENEXTLEG.snapshot({ messageId: 'x', progress: 100, content: code }).error?.hint;
		expect(hint('NO_FAST_HOURS')).toMatch(/Switch Mode > Relax/);
		expect(hint('BANNED_PROMPT')).toMatch(/Rephrase/);
		expect(hint('QUEUE_FULL')).toMatch(/again/);
		expect(hint('MODERATION_OUTAGE')).toMatch(/again later/);
		// A prompt that merely mentions a code is a prompt, not a code.
		expect(THENEXTLEG.snapshot({ messageId: 'x', progress: 100, content: 'a QUEUE_FULL sign' }).state).toBe('completed');
	});

	it('each terminal code fails its item with the code, the meaning and a hint (one batch, Continue On Fail)', async () => {
		const emu = await emulator();
		const input = TERMINAL.map((code) => ({ prompt: `a cat [[${code}]]` }));
		const { items, error } = await tnl(emu, imagine('={{ $json.prompt }}'), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(TERMINAL.length);
		TERMINAL.forEach((code, index) => {
			const message = String(items[index].json.error);
			expect(message).toMatch(new RegExp(`^TheNextLeg job \\w+ failed: ${code}: `));
			// The docs' meaning ("(Redacted Name)" is read as Midjourney).
			expect(message.toLowerCase()).toContain(CONTENT_CODES[code].toLowerCase());
		});
		// Each prompt made one message: a content code is an answer, not a reason to resend.
		expect(calls(emu, 'POST', '/v2/imagine').filter((r) => r.status === 200)).toHaveLength(TERMINAL.length);
		expect(emu.messages.size).toBe(TERMINAL.length);
	});

	it('a content code ends the run as a NodeApiError with the code, its meaning and its hint (NO_FAST_HOURS, reached naturally)', async () => {
		// Fast mode with no fast hours left: the emulator ends image jobs with NO_FAST_HOURS.
		const emu = await emulator();
		emu.setFastHours(0);
		const { error } = await tnl(emu, imagine('a quiet lake'));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/^TheNextLeg job \w+ failed: NO_FAST_HOURS: You've ran out of fast hours$/);
		expect(error?.description).toContain(CONTENT_CODE_TABLE.NO_FAST_HOURS.hint);
		expect(error?.description).toMatch(/Switch Mode > Relax/);
	});

	it('a content code reached naturally: a button the message does not have ends with BUTTON_NOT_FOUND', async () => {
		const emu = await emulator();
		// A typed label on a message id the node knows nothing about: sent, and the server decides.
		const { error } = await tnl(emu, op('image', 'button', { button: '__custom', customButton: 'U9', buttonMessageId: 'AAAAAAAAAAAAAAAAAAAA' }));
		expect(posted(emu, '/v2/button')).toEqual([{ button: 'U9', buttonMessageId: 'AAAAAAAAAAAAAAAAAAAA' }]);
		expect(error?.message).toMatch(/failed: BUTTON_NOT_FOUND: Button not found/);
		expect(error?.description).toMatch(/buttons/);
	});

	it('Message > Get without waiting returns a failed message as data, with the code', async () => {
		const emu = await emulator({ jobDurationMs: 200 });
		const submitted = await tnl(emu, imagine('x [[INVALID_PARAMETER]]', { waitMode: 'submit' }));
		await new Promise((resolve) => setTimeout(resolve, 400));
		const { items, error } = await tnl(emu, op('message', 'get'), [submitted.items[0].json]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'failed', error: { code: 'INVALID_PARAMETER', message: 'INVALID_PARAMETER: Invalid parameter' } });
	});

	for (const notice of TRANSIENT_CODES) {
		it(`${notice} keeps the wait going until the real result`, async () => {
			// The notice shows for the first third of the job: the first read (after ~2 s) sees it.
			const emu = await emulator({ jobDurationMs: 7500 });
			const { items, error } = await tnl(emu, imagine(`a quiet lake [[${notice}]]`));
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ status: 'completed', error: null });
			expect(items[0].json.imageUrls).toHaveLength(4);
			const message = emu.messages.get(items[0].json.jobId as string)!;
			const createdAt = Date.parse(String((items[0].json as IDataObject).createdAt));
			const reads = calls(emu, 'GET', `/v2/message/${message.id}`);
			expect(reads.some((r) => r.at - createdAt < 2500)).toBe(true);
			expect(reads.length).toBeGreaterThan(1);
		}, 30_000);
	}
});

describe.concurrent('the prefilter (400 "Invalid phrase")', () => {
	it('names the phrase and says how to get past it; nothing is resent', async () => {
		const emu = await emulator();
		const { error } = await tnl(emu, imagine('a bannedword on a hill'));
		expect(error?.message).toBe("TheNextLeg: Invalid phrase: 'bannedword'");
		expect(error?.httpCode).toBe('400');
		expect(error?.description).toMatch(/prefilter.*Ignore Prefilter/);
		expect(posted(emu, '/v2/imagine')).toHaveLength(1);
		expect(emu.messages.size).toBe(0);
	});

	it('Ignore Prefilter lets the prompt through', async () => {
		const emu = await emulator();
		const { items, error } = await tnl(emu, imagine('a bannedword on a hill', { ignorePrefilter: true }));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
	});
});
