// Uploaded audio (/stt `sample`, /voice_clone `sample`): the multipart file checks and the emulated
// speech-to-text. The seed: "Recognized formats: 'mp3', 'flv', 'ogg', 'wav', 'raw', 'm4a', 'mp4', 'wave'".
import { createHash } from 'node:crypto';

import { ChubError } from './errors.mts';
import type { Part } from './multipart.mts';
import type { RecordedFile } from './types.mts';
import { ValidationError } from './validation.mts';

export const RECOGNIZED_AUDIO = ['mp3', 'flv', 'ogg', 'wav', 'raw', 'm4a', 'mp4', 'wave'];

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function recordFile(part: Part): RecordedFile {
	return {
		field: part.name,
		filename: part.filename ?? '',
		contentType: part.contentType ?? '',
		size: part.data.length,
		sha256: sha256(part.data),
		bytes: Buffer.from(part.data),
	};
}

/** The format by file extension, else by magic bytes; undefined when neither is recognised. */
export function audioFormat(filename: string, bytes: Buffer): string | undefined {
	const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
	if (ext && RECOGNIZED_AUDIO.includes(ext)) return ext;
	const head = (from: number, to: number) => bytes.toString('latin1', from, to);
	if (head(0, 4) === 'RIFF' && head(8, 12) === 'WAVE') return 'wav';
	if (head(0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return 'mp3';
	if (head(0, 4) === 'OggS') return 'ogg';
	if (head(0, 3) === 'FLV') return 'flv';
	if (head(4, 8) === 'ftyp') return head(8, 11) === 'M4A' ? 'm4a' : 'mp4';
	return undefined;
}

/**
 * The audio file of a multipart field, as FastAPI's UploadFile sees it:
 *   absent → 422 missing (when required); a plain text field → 422 value_error;
 *   empty → 400; unrecognised format → 400 (our choice; the seed lists the formats, not the error).
 */
export function audioPart(parts: Part[], field: string, required: boolean): Part | undefined {
	const part = parts.find((p) => p.name === field);
	if (!part) {
		if (!required) return undefined;
		throw new ValidationError([{ type: 'missing', loc: ['body', field], msg: 'Field required', input: null }]);
	}
	if (part.filename === undefined) {
		const input = part.data.toString('utf8');
		if (!required && input === '') return undefined; // an empty optional form field is "not given"
		throw new ValidationError([
			{ type: 'value_error', loc: ['body', field], msg: "Value error, Expected UploadFile, received: <class 'str'>", input, ctx: { error: {} } },
		]);
	}
	if (part.data.length === 0) throw new ChubError(400, `The ${field} file is empty`);
	if (!audioFormat(part.filename, part.data))
		throw new ChubError(400, `Unrecognized audio format for "${part.filename}"; recognized formats: ${RECOGNIZED_AUDIO.join(', ')}`);
	return part;
}

/**
 * Emulated STT. Audio this emulator produced (a TTS result) or was told the words of (a voice
 * sample with reference_text) gives back those words, matched by sha256; any other audio gives a
 * fixed sentence naming the file.
 */
export function transcribe(part: Part, known: Map<string, string>): string {
	const text = known.get(sha256(part.data));
	if (text !== undefined) return text;
	return `Emulated transcript of ${part.filename || 'the sample'} (${part.data.length} bytes).`;
}
