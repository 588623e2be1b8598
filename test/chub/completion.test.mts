// The one reading of a /check answer (nodes/ChubImagine/completion.ts), on the candidate shapes
// chub-imagine.md §4 lists, including variants the emulator does not produce.
import { describe, expect, it } from 'vitest';

import { readCheck } from '../../nodes/ChubImagine/completion.ts';

const URL = 'https://cdn.example.com/result.png';

describe('readCheck', () => {
	it.each([
		['the documented queued answer', { generation_uuid: 'g', cost: 25, queue_length: 2 }, 'queued'],
		[
			'queued answer at the head of the queue',
			{ generation_uuid: 'g', cost: 25, queue_length: 0 },
			'running',
		],
		['is_done false', { generation_uuid: 'g', is_done: false, is_failed: false }, 'running'],
		['status processing', { status: 'processing' }, 'running'],
		['status pending', { status: 'pending' }, 'queued'],
	])('%s: not finished', (_label, answer, state) => {
		const reading = readCheck(answer);
		expect(reading.state).toBe(state);
		expect(reading.url).toBeUndefined();
	});

	it.each([
		['is_done with primary_media_url (Rostro)', { is_done: true, primary_media_url: URL }],
		['{url, seed} (Stages SDK)', { url: URL, seed: 5 }],
		['primary_image_path (script, gallery)', { generation_uuid: 'g', primary_image_path: URL }],
		['image_url', { image_url: URL }],
		['status completed with url', { status: 'completed', url: URL }],
		['status succeeded with url', { status: 'succeeded', url: URL }],
	])('%s: completed with the URL', (_label, answer) => {
		expect(readCheck(answer)).toMatchObject({ state: 'completed', url: URL });
	});

	it('is_done without any URL is completed, with no file', () => {
		expect(readCheck({ is_done: true })).toEqual({
			state: 'completed',
			status: 'completed',
			url: undefined,
		});
	});

	it.each([
		[
			'is_failed wins over is_done',
			{ is_done: true, is_failed: true, primary_media_url: null },
			'no reason given (is_failed: true)',
		],
		[
			'a non-null error (Stages SDK)',
			{ url: null, seed: null, error: 'GPU on fire' },
			'GPU on fire',
		],
		['an error object', { error: { message: 'NSFW content' } }, 'NSFW content'],
		['status failed with an error', { status: 'failed', error: 'timeout' }, 'timeout'],
		['status error without a message', { status: 'error' }, 'status "error", no reason given'],
		['an error next to a URL', { url: URL, error: 'partial' }, 'partial'],
	])('%s: failed', (_label, answer, error) => {
		expect(readCheck(answer)).toMatchObject({ state: 'failed', error });
	});

	it('empty error values are not failures', () => {
		for (const error of [null, '', false])
			expect(readCheck({ url: URL, error }).state).toBe('completed');
	});

	it("keeps the provider's own status word", () => {
		expect(readCheck({ status: 'Succeeded', url: URL }).status).toBe('Succeeded');
		expect(readCheck({ generation_uuid: 'g', queue_length: 1 }).status).toBe('queued');
	});
});
