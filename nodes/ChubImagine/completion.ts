import type { IDataObject } from 'n8n-workflow';

import type { JobState } from '../shared/provider';

/**
 * THE one reading of a `/check` answer (and of a voice object): is the task done, did it fail,
 * where is its file. The seed's `/check` response schema only repeats the queued answer
 * `{generation_uuid, cost, queue_length}`; the finished answer is not modelled (chub-imagine.md
 * §4, "the core uncertainty"). Every candidate shape §4 lists is accepted, strongest evidence first:
 *
 * 1. [H] `is_done` / `is_failed` booleans: the same API family's /voice_clone answer has them
 *    (a voice object is read with this same function).
 * 2. [M] `{url, seed}`: the Stages SDK's ImagineResponse; a non-null `error` means failure.
 * 3. [L] `primary_media_url`: the Rostro write-up's `{generation_uuid, is_done, primary_media_url}`.
 * 4. [L-M] `primary_image_path`: a third-party script and the gallery nodes.
 * 5. `image_url`: §4's suggested loop lists it as a done marker; a conventional `status` word too.
 *
 * Failure is read BEFORE done, because a failed task may also say `is_done: true`. A URL key may
 * hold an image, a video or an audio file (it is a gallery path name, not an image promise): the
 * download goes by Content-Type, the output by the task's request_type.
 */

/** Keys that carry the result's URL once the task is done, in order of preference. */
export const URL_KEYS = ['primary_media_url', 'url', 'primary_image_path', 'image_url'] as const;

const FAILED_WORDS = new Set(['failed', 'failure', 'error', 'errored', 'cancelled', 'canceled']);
const DONE_WORDS = new Set(['completed', 'complete', 'done', 'finished', 'succeeded', 'success']);
const QUEUED_WORDS = new Set(['queued', 'pending', 'waiting']);

export interface CheckReading {
	state: JobState;
	/** The provider's own status word where it gave one, else ours (queued/processing/completed/failed). */
	status: string;
	url?: string;
	error?: string;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** A non-null `error`: a message, or an object with one. */
function errorOf(answer: IDataObject): string | undefined {
	const error = answer.error;
	if (error === null || error === undefined || error === false || error === '') return undefined;
	if (typeof error === 'string') return error.trim() || undefined;
	if (typeof error === 'object') {
		const record = error as IDataObject;
		return text(record.message) ?? text(record.detail) ?? JSON.stringify(error);
	}
	return String(error);
}

export function readCheck(answer: IDataObject): CheckReading {
	const word = text(answer.status)?.toLowerCase();
	const url = URL_KEYS.map((key) => text(answer[key])).find(Boolean);
	const error = errorOf(answer);
	if (answer.is_failed === true || (word && FAILED_WORDS.has(word)) || error) {
		return {
			state: 'failed',
			status: text(answer.status) ?? 'failed',
			error:
				error ??
				text(answer.message) ??
				(word ? `status "${word}", no reason given` : 'no reason given (is_failed: true)'),
		};
	}
	if (url || answer.is_done === true || (word && DONE_WORDS.has(word))) {
		return { state: 'completed', status: text(answer.status) ?? 'completed', url };
	}
	const queued =
		(typeof answer.queue_length === 'number' && answer.queue_length > 0) ||
		(word && QUEUED_WORDS.has(word));
	return {
		state: queued ? 'queued' : 'running',
		status: text(answer.status) ?? (queued ? 'queued' : 'processing'),
	};
}
