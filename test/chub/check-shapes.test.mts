// The seed does not model a finished /check answer (chub-imagine.md §4): the emulator can answer
// each candidate shape (is_done, url, primary_image_path, image_url, status). The node must wait,
// complete with the file, and fail with the task's message under every one of them, always
// sending the generation's own request_type (the emulator is strict about it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHECK_SHAPE_NAMES, FAIL_MARKER, type ChubEmulator } from '../emulator/chub/index.mts';
import { calls, chub, op, startEmulator } from './support.mts';

const emulators = new Map<string, ChubEmulator>();
beforeAll(async () => {
	for (const checkShape of CHECK_SHAPE_NAMES) {
		// 2.2 s: the first read (after 2 s) finds every task still running.
		emulators.set(checkShape, await startEmulator({ checkShape, jobDurationMs: 2200 }));
	}
});
afterAll(async () => {
	await Promise.all([...emulators.values()].map(async (emu) => await emu.close()));
});

const checksOf = (emu: ChubEmulator, jobId: unknown) =>
	calls(emu, 'POST', '/check').filter(
		(r) => (r.body as { generation_uuid: string }).generation_uuid === jobId,
	);

describe.concurrent('every /check shape', () => {
	it.each(CHECK_SHAPE_NAMES)(
		"%s: waits through running answers; completes with the file (image, or audio under a URL key); fails with the task's message",
		async (checkShape) => {
			const emu = emulators.get(checkShape)!;
			const download = { options: { download: 'results' } };
			const [image, speech, failed] = await Promise.all([
				chub(emu, op('image', 'textToImage', { prompt: 'a fox', ...download })),
				chub(emu, op('audio', 'textToSpeech', { transcript: 'hello there', ...download })),
				chub(emu, op('image', 'textToImage', { prompt: `a cat ${FAIL_MARKER}` })),
			]);

			expect(image.error?.message).toBeUndefined();
			const job = image.items[0].json;
			expect(job).toMatchObject({ status: 'completed', taskType: 'text2img', error: null });
			expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
			expect(job.imageUrls).toEqual([expect.stringMatching(/\/cdn\/images\/.+\.png$/)]);
			expect(image.items[0].binary?.data.mimeType).toBe('image/png');
			const checks = checksOf(emu, job.jobId);
			// At least one read found the task running before the one that found it done.
			expect(checks.length).toBeGreaterThanOrEqual(2);
			for (const check of checks) {
				expect(check.status).toBe(200);
				expect(check.body).toMatchObject({
					generation_uuid: job.jobId,
					request_type: 'text2img',
					cost: 25,
				});
			}

			expect(speech.error?.message).toBeUndefined();
			expect(speech.items[0].json).toMatchObject({
				taskType: 'tts',
				imageUrls: [],
				imageUrl: null,
			});
			expect(speech.items[0].json.audioUrls).toEqual([expect.stringMatching(/\.mp3$/)]);
			expect(speech.items[0].binary?.data.mimeType).toBe('audio/mpeg');

			expect(failed.error?.message).toMatch(/^Chub Imagine job [0-9a-f-]{36} failed: /);
			// The is_done shape's failure carries no message (is_failed: true only).
			expect(failed.error?.message).toContain(checkShape === 'is_done' ? 'is_failed' : FAIL_MARKER);
		},
	);

	it.each(CHECK_SHAPE_NAMES)(
		'%s: Task > Get reads a task by the id and request type of the incoming item, even when the answer names neither',
		async (checkShape) => {
			const emu = emulators.get(checkShape)!;
			const submitted = await chub(
				emu,
				op('audio', 'generateSoundEffect', { prompt: 'door creak', waitMode: 'submit' }),
			);
			expect(submitted.items[0].json).toMatchObject({ status: 'queued', taskType: 'foley' });
			const jobId = submitted.items[0].json.jobId as string;
			const read = await chub(emu, op('task', 'getTask', { waitForFinish: true }), [
				submitted.items[0].json,
			]);
			expect(read.error?.message).toBeUndefined();
			expect(read.items[0].json).toMatchObject({ jobId, taskType: 'foley', status: 'completed' });
			expect(read.items[0].json.audioUrls).toEqual([expect.stringMatching(/\.wav$/)]);
			// The submit answer is echoed back with the request type, as the seed's /check body is.
			expect(checksOf(emu, jobId)[0].body).toEqual({
				generation_uuid: jobId,
				request_type: 'foley',
				cost: 25,
				queue_length: 3,
			});
		},
	);
});
