// APIFRAME emulator: task lifecycle (§4): statuses in order, percentage as a string, both final
// shapes, the three failure shapes, the retrying hook, credits refund, reset and configure.
import { describe, expect, it } from 'vitest';

import {
	account,
	call,
	fetchTask,
	outcome,
	post,
	run,
	submit,
	waitEnd,
} from './apiframe/client.mts';
import { startApiframeEmulator } from './apiframe/index.mts';
import { emulatorForFile } from './apiframe/vitest.mts';
import { sleep, type Json } from './helpers.mts';

const emu = emulatorForFile({ jobDurationMs: 0, imageSize: 8 });

const credits = async () => (await account(emu)).credits as number;

/** Polls a task until it ends; returns every object seen. */
async function watch(id: string): Promise<Json[]> {
	const seen: Json[] = [];
	for (;;) {
		const t = await fetchTask(emu, id);
		seen.push(t);
		if (outcome(t) !== 'pending') return seen;
		await sleep(3);
	}
}

describe('statuses and percentage', () => {
	it('staged -> pending -> starting -> processing ("0".."99" strings, rising) -> final without status', async () => {
		emu.setJobDurationMs(400);
		const id = await submit(emu, '/imagine', { prompt: 'slow' });
		const seen = await watch(id);
		const order = ['staged', 'pending', 'starting', 'processing', undefined];
		const statuses = [...new Set(seen.map((t) => t.status))];
		expect(statuses).toEqual(order.filter((s) => statuses.includes(s)));
		expect(statuses).toEqual(expect.arrayContaining(['processing', undefined]));
		// Short windows are checked on the clock rather than by polling luck.
		const task = emu.tasks.get(id)!;
		expect(
			[0.01, 0.07, 0.12, 0.5, 1].map((f) => task.phase(task.createdAt + f * 400).status),
		).toEqual(['staged', 'pending', 'starting', 'processing', 'finished']);

		const processing = seen.filter((t) => t.status === 'processing');
		expect(processing.length).toBeGreaterThan(2);
		for (const t of processing) {
			expect(Object.keys(t).sort()).toEqual(['percentage', 'status', 'task_id', 'task_type']);
			expect(t.percentage).toMatch(/^(\d|[1-9]\d)$/); // a string, "0".."99"
		}
		const numbers = processing.map((t) => Number(t.percentage));
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
		expect(numbers.some((n) => n > 0)).toBe(true);
		for (const t of seen.filter((x) => ['staged', 'pending', 'starting'].includes(x.status)))
			expect(Object.keys(t).sort()).toEqual(['status', 'task_id', 'task_type']);
		const last = seen.at(-1);
		expect(last.status).toBeUndefined();
		expect(last.percentage).toBeUndefined();
		expect(last.image_urls).toHaveLength(4);
	});

	it('text tasks (shorten, describe, seed) show no percentage while processing', async () => {
		emu.setJobDurationMs(200);
		const id = await submit(emu, '/shorten', { prompt: 'a b c' });
		const seen = await watch(id);
		expect(seen.some((t) => t.status === 'processing')).toBe(true);
		expect(seen.every((t) => t.percentage === undefined)).toBe(true);
	});

	it('[emulator:retry] shows "retrying" mid-way, then goes on', async () => {
		emu.setJobDurationMs(1000);
		const id = await submit(emu, '/imagine', { prompt: 'flaky [emulator:retry]' });
		const t = emu.tasks.get(id)!;
		const at = (f: number) => t.phase(t.createdAt + f * 1000);
		expect([at(0.3).status, at(0.45).status, at(0.6).status]).toEqual([
			'processing',
			'retrying',
			'processing',
		]);
		expect(at(0.45).percentage).toBeUndefined();
		emu.setJobDurationMs(0);
	});

	it('setJobDurationMs applies to tasks submitted afterwards', async () => {
		emu.setJobDurationMs(10_000);
		const slow = await submit(emu, '/imagine', { prompt: 'x' });
		emu.setJobDurationMs(0);
		const fast = await submit(emu, '/imagine', { prompt: 'x' });
		expect(outcome(await fetchTask(emu, fast))).toBe('done');
		expect(outcome(await fetchTask(emu, slow))).toBe('pending');
		expect(() => emu.setJobDurationMs(-1)).toThrow();
	});
});

describe('final shapes (§4)', () => {
	it("'no-status' (default): the documented object, no status and no percentage", async () => {
		const t = await run(emu, '/imagine', { prompt: 'x' });
		expect(Object.keys(t)).toEqual(['task_id', 'task_type', 'original_image_url', 'image_urls']);
	});

	it('\'finished\': adds status "finished" and a numeric percentage 100, for every kind', async () => {
		emu.configure({ finalShape: 'finished' });
		const grid = await run(emu, '/imagine', { prompt: 'x' });
		expect(grid).toMatchObject({ status: 'finished', percentage: 100, task_type: 'imagine' });
		expect(grid.image_urls).toHaveLength(4);
		for (const t of [
			await run(emu, '/upscale-1x', { parent_task_id: grid.task_id, index: 1 }),
			await run(emu, '/shorten', { prompt: 'a b' }),
			await run(emu, '/seed', { task_id: grid.task_id }),
		])
			expect(t).toMatchObject({ status: 'finished', percentage: 100 });
		const own = await startApiframeEmulator({ finalShape: 'finished', jobDurationMs: 0 });
		try {
			expect((await run(own, '/describe', { image_url: 'https://e.com/a.png' })).percentage).toBe(
				100,
			);
		} finally {
			await own.close();
		}
	});
});

describe('failed tasks', () => {
	it("failureShape 'message' (default): {task_id, task_type, status:'failed', message}", async () => {
		const t = await run(emu, '/imagine', { prompt: 'x [emulator:fail]' });
		expect(Object.keys(t).sort()).toEqual(['message', 'status', 'task_id', 'task_type']);
		expect(t.status).toBe('failed');
		expect(t.message).toMatch(/emulator:fail/);
		expect(outcome(t)).toBe('failed');
	});

	it("failureShape 'error' and 'both'", async () => {
		emu.configure({ failureShape: 'error' });
		const e = await run(emu, '/imagine', { prompt: 'x [emulator:fail]' });
		expect(Object.keys(e).sort()).toEqual(['error', 'status', 'task_id', 'task_type']);
		emu.configure({ failureShape: 'both' });
		emu.addFault({ kind: 'fail-job', path: '/shorten', message: 'Midjourney refused the prompt' });
		const b = await run(emu, '/shorten', { prompt: 'x y' });
		expect(b).toEqual({
			task_id: b.task_id,
			task_type: 'shorten',
			status: 'failed',
			message: 'Midjourney refused the prompt',
			error: 'Midjourney refused the prompt',
		});
	});

	it('credits are taken on submit and given back on failure (our choice); failed tasks add no images', async () => {
		const start = await credits();
		const id = await submit(emu, '/imagine', { prompt: 'x [emulator:fail]' });
		expect(emu.tasks.get(id)?.cost).toBe(4);
		await waitEnd(emu, id);
		expect(await credits()).toBe(start);
		expect((await call(emu, 'GET', '/account')).json.total_images).toBe(0);
		emu.setJobDurationMs(10_000);
		await submit(emu, '/imagine', { prompt: 'pending' });
		expect(await credits()).toBe(start - 4);
	});

	it('the failure shows only at the end of the timeline', async () => {
		emu.setJobDurationMs(300);
		const id = await submit(emu, '/imagine', { prompt: 'x [emulator:fail]' });
		const seen = await watch(id);
		expect(seen.at(-1).status).toBe('failed');
		expect(seen.slice(0, -1).every((t) => t.status !== 'failed')).toBe(true);
		expect(Date.now() - emu.tasks.get(id)!.createdAt).toBeGreaterThanOrEqual(295);
	});
});

describe('reset and configure', () => {
	it('reset forgets tasks and requests in place, restores credits, duration and options', async () => {
		const held = emu.requests;
		emu.configure({ finalShape: 'finished', failureShape: 'both', videoShape: 'videoUrl' });
		emu.setJobDurationMs(999);
		emu.setCredits(7);
		await submit(emu, '/shorten', { prompt: 'a' });
		emu.reset();
		expect(held).toHaveLength(0);
		expect(emu.tasks.size).toBe(0);
		expect(await credits()).toBe(100_000);
		expect(Object.keys(await run(emu, '/imagine', { prompt: 'x' }))).not.toContain('status'); // 0 ms and no-status again
	});

	it('configure rejects unknown shapes', () => {
		expect(() => emu.configure({ finalShape: 'done' as never })).toThrow(/finalShape/);
		expect(() => emu.configure({ failureShape: 'oops' as never })).toThrow(/failureShape/);
		expect(() => emu.configure({ videoShape: 'mp4' as never })).toThrow(/videoShape/);
	});

	it('a submit during processing of another task does not disturb it', async () => {
		emu.setJobDurationMs(100);
		const ids = await Promise.all(
			[1, 2, 3].map((n) => submit(emu, '/imagine', { prompt: `p${n}` })),
		);
		const ends = await Promise.all(ids.map((id) => waitEnd(emu, id)));
		expect(ends.map((t) => t.task_id)).toEqual(ids);
		expect(new Set(ends.map((t) => t.original_image_url)).size).toBe(3);
		expect(
			(await post(emu, '/fetch-many', { task_ids: ids })).json.tasks.every(
				(t: Json) => outcome(t) === 'done',
			),
		).toBe(true);
	});
});
