// TNL emulator: message lifecycle (in progress, done in both shapes, incomplete), and buttons — valid only
// on the message whose `buttons` list them, byte for byte.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { GRID_BUTTONS, startTheNextLegEmulator, UPSCALE_BUTTONS, type TheNextLegEmulator } from './thenextleg/index.mts';
import { api, fieldsOf, grid, press, sleep, submit, waitDone, type Json } from './thenextleg/test-client.mts';

let emu: TheNextLegEmulator;

beforeAll(async () => {
	emu = await startTheNextLegEmulator({ jobDurationMs: 20, minIntervalMs: 0, imageSize: 8 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const read = async (id: string, query = '') => (await api(emu, 'GET', `/v2/message/${id}${query}`)).json;

describe('lifecycle (§3)', () => {
	it('in progress {progress, progressImageUrl} rising to done: progress 100 plus the message fields at the top level', async () => {
		emu.setJobDurationMs(400);
		const id = await submit(emu, '/v2/imagine', { msg: 'a tall ship', ref: 'r-1' });
		const seen: Json[] = [];
		for (;;) {
			const r = await read(id);
			seen.push(r);
			if (r.progress === 100) break;
			await sleep(5);
		}
		const running = seen.slice(0, -1);
		expect(running.length).toBeGreaterThan(3);
		running.forEach((r) => expect(Object.keys(r).sort()).toEqual(['progress', 'progressImageUrl']));
		const values = running.map((r) => r.progress as number);
		expect(values).toEqual([...values].sort((a, b) => a - b));
		expect(values.every((p) => Number.isInteger(p) && p >= 0 && p <= 99)).toBe(true);
		expect(running.filter((r) => r.progress < 25).every((r) => r.progressImageUrl === null)).toBe(true);
		expect(running.filter((r) => r.progress >= 25).every((r) => r.progressImageUrl === `${emu.url}/cdn/${id}/progress.png`)).toBe(true);
		expect(running.some((r) => r.progressImageUrl !== null)).toBe(true);

		const done = seen.at(-1);
		expect(Object.keys(done)).toEqual([
			'progress',
			'createdAt',
			'buttons',
			'type',
			'imageUrl',
			'imageUrls',
			'buttonMessageId',
			'originatingMessageId',
			'content',
			'ref',
			'responseAt',
		]);
		expect(done).toMatchObject({
			progress: 100,
			buttons: [...GRID_BUTTONS],
			type: 'imagine',
			imageUrl: `${emu.url}/cdn/${id}/grid_0.png`,
			imageUrls: [0, 1, 2, 3].map((n) => `${emu.url}/cdn/${id}/0_${n}.png`),
			originatingMessageId: id,
			content: 'a tall ship',
			ref: 'r-1',
		});
		expect(done.buttonMessageId).toMatch(/^[A-Za-z0-9]{20}$/);
		expect(done.buttonMessageId).not.toBe(id);
		expect(Date.parse(done.responseAt) - Date.parse(done.createdAt)).toBe(400);
		expect(done.seed).toBeUndefined(); // only the seed flow's message carries it
		expect(emu.statusReads(id)).toBe(seen.length);
	});

	it("messageShape 'response' wraps the done fields as {progress, response} (the SDKs' type); progress reads are unchanged", async () => {
		const shaped = await startTheNextLegEmulator({ jobDurationMs: 600, minIntervalMs: 0, imageSize: 8, messageShape: 'response' });
		try {
			const id = await submit(shaped, '/v2/imagine', { msg: 'shape test', ref: 'x' });
			const early = (await api(shaped, 'GET', `/v2/message/${id}`)).json;
			expect(Object.keys(early).sort()).toEqual(['progress', 'progressImageUrl']);
			const done = await waitDone(shaped, id);
			expect(Object.keys(done)).toEqual(['progress', 'response']);
			expect(done.progress).toBe(100);
			expect(done.response).toMatchObject({
				type: 'imagine',
				content: 'shape test',
				ref: 'x',
				originatingMessageId: id,
				buttons: [...GRID_BUTTONS],
			});
			expect(done.response.progress).toBeUndefined();
			shaped.setMessageShape('top-level');
			expect((await api(shaped, 'GET', `/v2/message/${id}`)).json).toMatchObject({ progress: 100, content: 'shape test' });
			expect(() => shaped.setMessageShape('nested' as never)).toThrow(/messageShape/);
		} finally {
			await shaped.close();
		}
	});

	it('expireMins: an unfinished message older than that reads {progress:"incomplete"}; a finished one stays done', async () => {
		emu.setJobDurationMs(2000);
		const slow = await submit(emu, '/v2/imagine', { msg: 'slow' });
		emu.setJobDurationMs(0);
		const quick = await submit(emu, '/v2/imagine', { msg: 'quick' });
		await sleep(60);
		expect(await read(slow, '?expireMins=0.0005')).toEqual({ progress: 'incomplete' }); // 30 ms
		expect((await read(slow)).progress).toEqual(expect.any(Number)); // default 12 minutes
		expect((await read(slow, '?expireMins=1')).progress).toEqual(expect.any(Number));
		expect((await read(quick, '?expireMins=0.0005')).progress).toBe(100);
	});

	it('minuteMs scales expireMins, and [[STALL]] never finishes', async () => {
		const fast = await startTheNextLegEmulator({ jobDurationMs: 40, minIntervalMs: 0, minuteMs: 100 });
		// (minuteMs 100: expireMins=1 is 100 ms; the default 12 is 1.2 s)
		try {
			const id = await submit(fast, '/v2/imagine', { msg: 'stuck [[STALL]]' });
			await sleep(120); // 3 job durations, more than one 100 ms "minute"
			const stalled = (await api(fast, 'GET', `/v2/message/${id}?expireMins=60`)).json;
			expect(stalled).toEqual({ progress: 50, progressImageUrl: `${fast.url}/cdn/${id}/progress.png` });
			expect((await api(fast, 'GET', `/v2/message/${id}?expireMins=1`)).json).toEqual({ progress: 'incomplete' });
			expect((await api(fast, 'GET', `/v2/message/${id}?expireMins=0.0001`)).json).toEqual({ progress: 'incomplete' });
		} finally {
			await fast.close();
		}
	});

	it('setJobDurationMs applies to messages submitted afterwards', async () => {
		emu.setJobDurationMs(0);
		const id = await submit(emu, '/v2/imagine', { msg: 'instant' });
		expect((await read(id)).progress).toBe(100);
		emu.setJobDurationMs(10_000);
		const later = await submit(emu, '/v2/imagine', { msg: 'later' });
		expect((await read(later)).progress).toBeLessThan(100);
		expect((await read(id)).progress).toBe(100);
	});
});

describe('buttons (§4)', () => {
	it('U1-U4 make a single-image message with the upscale buttons; the same U again ends ALREADY_REQUESTED_UPSCALE', async () => {
		const g = await grid(emu);
		const up = await press(emu, 'U2', g.buttonMessageId, { ref: 'u' });
		expect(up).toMatchObject({ type: 'button', content: g.content, ref: 'u', buttons: [...UPSCALE_BUTTONS] });
		expect(up.imageUrls).toEqual([up.imageUrl]);
		expect(up.imageUrl).toBe(`${emu.url}/cdn/${up.originatingMessageId}/0_0.png`);
		expect(up.buttonMessageId).not.toBe(g.buttonMessageId);
		expect(UPSCALE_BUTTONS).toEqual([
			'🪄 Make Variations',
			'❤️ Favorite',
			'🖌️ Vary (Region)',
			'Zoom Out 2x',
			'Zoom Out 1.5x',
			'Custom Zoom',
			'⬅️',
			'➡️',
			'⬆️',
			'⬇️',
		]);
		expect(await press(emu, 'U2', g.buttonMessageId)).toMatchObject({ content: 'ALREADY_REQUESTED_UPSCALE', buttons: [] });
		expect((await press(emu, 'U1', g.buttonMessageId)).imageUrls).toHaveLength(1);
	});

	it('V1-V4 and 🔄 make a new grid with its own buttonMessageId and seed; a button prompt replaces the prompt', async () => {
		const g = await grid(emu, 'a garden');
		const seedOf = async (m: Json) => (await api(emu, 'POST', '/v2/seed', { messageId: m.originatingMessageId })).json.seed;
		for (const label of ['V1', 'V4', '🔄']) {
			const next = await press(emu, label, g.buttonMessageId);
			expect(next).toMatchObject({ type: 'button', content: 'a garden', buttons: [...GRID_BUTTONS] });
			expect(next.imageUrls).toHaveLength(4);
			expect(next.buttonMessageId).not.toBe(g.buttonMessageId);
			expect(await seedOf(next)).not.toBe(await seedOf(g));
		}
		expect((await press(emu, 'V2', g.buttonMessageId, { prompt: 'a winter garden' })).content).toBe('a winter garden');
	});

	it('after an upscale: variations, vary region, zooms and pans make grids; ❤️ Favorite makes a text message', async () => {
		const g = await grid(emu, 'a harbour');
		const up = await press(emu, 'U1', g.buttonMessageId);
		const extras: Record<string, Record<string, unknown>> = {
			'🖌️ Vary (Region)': { prompt: 'a harbour with boats', mask: 'UklGRmQKAABXRUJQ' },
			'Custom Zoom': { zoom: 1.5, ar: '1:1', prompt: 'a wide harbour' },
		};
		for (const label of ['🪄 Make Variations', '🖌️ Vary (Region)', 'Zoom Out 2x', 'Zoom Out 1.5x', 'Custom Zoom', '⬅️', '➡️', '⬆️', '⬇️']) {
			const next = await press(emu, label, up.buttonMessageId, extras[label]);
			expect({ label, buttons: next.buttons, images: next.imageUrls?.length }).toEqual({ label, buttons: [...GRID_BUTTONS], images: 4 });
			expect(next.content).toBe((extras[label]?.prompt as string) ?? 'a harbour');
		}
		const fav = await press(emu, '❤️ Favorite', up.buttonMessageId);
		expect(fav).toMatchObject({ type: 'button', content: 'Image added to your favorites', buttons: [] });
		expect(fav.imageUrl).toBeUndefined();
	});

	it('a button is valid only for the message whose buttons list it, byte for byte: otherwise BUTTON_NOT_FOUND', async () => {
		const g = await grid(emu);
		const up = await press(emu, 'U1', g.buttonMessageId);
		const notFound = async (label: string, buttonMessageId: string, extra: Record<string, unknown> = {}) => {
			const done = await press(emu, label, buttonMessageId, extra);
			expect({ label, content: done.content, buttons: done.buttons, imageUrl: done.imageUrl }).toEqual({
				label,
				content: 'BUTTON_NOT_FOUND',
				buttons: [],
				imageUrl: undefined,
			});
		};
		await notFound('V1', up.buttonMessageId); // listed on the grid, not on the upscale
		await notFound('Zoom Out 2x', g.buttonMessageId); // listed on the upscale, not on the grid
		await notFound('u1', g.buttonMessageId);
		await notFound('U1 ', g.buttonMessageId);
		await notFound('🖌 Vary (Region)', up.buttonMessageId, { prompt: 'p', mask: 'UklG' }); // no U+FE0F
		await notFound('Upscale (Subtle)', up.buttonMessageId); // never seen on TNL
		await notFound('U1', g.originatingMessageId); // the messageId is not the buttonMessageId
		await notFound('U1', 'OtfxNzfMIKBPVE1aP4u4');
		const failed = await grid(emu, 'x [[BANNED_PROMPT]]');
		expect(failed.buttonMessageId).toBeUndefined();
		// A grid still rendering has no pressable buttons yet.
		emu.setJobDurationMs(5000);
		const running = emu.messages.get(await submit(emu, '/v2/imagine', { msg: 'slow' }))!.buttonMessageId;
		emu.setJobDurationMs(20);
		await notFound('U1', running);
	});

	it('✉️ (seed flow): accepted on grids and upscales, not listed by default; the message carries the seed', async () => {
		const g = await grid(emu, 'a fox --seed 777');
		expect(g.buttons).not.toContain('✉️');
		const fromGrid = await press(emu, '✉️', g.buttonMessageId);
		expect(fromGrid).toMatchObject({ type: 'button', seed: '777', content: 'a fox --seed 777', buttons: [] });
		const up = await press(emu, 'U4', g.buttonMessageId);
		expect((await press(emu, '✉️', up.buttonMessageId)).seed).toBe('777'); // an upscale keeps its grid's seed
		const other = await grid(emu);
		const sdk = (await api(emu, 'POST', '/v2/seed', { messageId: other.originatingMessageId })).json.seed;
		expect((await press(emu, '✉️', other.buttonMessageId)).seed).toBe(sdk); // both routes agree

		const listing = await startTheNextLegEmulator({ jobDurationMs: 0, minIntervalMs: 0, imageSize: 8, listSeedButton: true });
		try {
			const id = await submit(listing, '/v2/imagine', { msg: 'x' });
			expect(fieldsOf(await waitDone(listing, id)).buttons).toEqual([...GRID_BUTTONS, '✉️']);
		} finally {
			await listing.close();
		}
	});
});
