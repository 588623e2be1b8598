// Voices: POST /voice_clone (multipart), GET /voices, DELETE /voices/{voice_id}.
//
// The seed's voice object carries `is_done` / `is_failed`, so cloning is modelled as asynchronous
// (chub-imagine.md §5/§7 q5: "[?] Likely finishes asynchronously; re-read via GET /voices"):
// the /voice_clone answer has is_done:false; from jobDurationMs later, GET /voices shows it done, with
// example URLs (WAV files). A failed clone (fault / `[emulator:fail]` in the transcript) shows
// is_done:true + is_failed:true, as /check's is_done shape does.
import { isoSeconds } from '../legnext/http.mts';
import { ChubError } from './errors.mts';
import { audioFormat } from './speech.mts';
import { buildWav } from './wav.mts';

/** The seed's example `/tts` voice_id: the preset voice, so the seed example works as is. */
export const PRESET_VOICE_UUID = 'cb65ff32-576b-4c2b-b9ae-6f64957f986a';
export const ACCOUNT_USER_ID = 4242;

/**
 * Which example files a model value produces. The seed: "all, or None for the default"; the voice
 * object has example, e2_example, f5_example, z_example. Our choice: null = F5 (the default), "all" =
 * every model, "e2" | "f5" | "z" = that one; anything else is a 400.
 */
const MODEL_EXAMPLES: Record<string, string[]> = {
	default: ['example', 'f5_example'],
	all: ['example', 'e2_example', 'f5_example', 'z_example'],
	e2: ['example', 'e2_example'],
	f5: ['example', 'f5_example'],
	z: ['example', 'z_example'],
};
export const EXAMPLE_KEYS = MODEL_EXAMPLES.all;

export function checkVoiceModel(model: unknown): void {
	if (model === undefined || model === null || model === '') return;
	if (typeof model !== 'string' || !(model in MODEL_EXAMPLES) || model === 'default')
		throw new ChubError(400, `Unknown voice model "${String(model)}": use "all", "e2", "f5", "z" or null for the default`);
}

export interface VoiceSample {
	filename: string;
	contentType: string;
	format: string;
	bytes: Buffer;
}

export class Voice {
	version = 1;
	name = '';
	transcript = '';
	referenceText = '';
	model: string | null = null;
	characterId: string | null = null;
	createdAt: number;
	updatedAt: number;
	/** Processing restarts on every update (new version). */
	startedAt: number;
	durationMs: number;
	failure: string | null = null;

	constructor(
		readonly uuid: string,
		public sample: VoiceSample,
		now: number,
		durationMs: number,
	) {
		this.createdAt = this.updatedAt = this.startedAt = now;
		this.durationMs = durationMs;
	}

	finished(now = Date.now()): boolean {
		return now >= this.startedAt + this.durationMs;
	}

	examples(): string[] {
		return MODEL_EXAMPLES[this.model ?? 'default'] ?? MODEL_EXAMPLES.default;
	}

	/** Path of a file of this version: 'sample' or an example key. */
	filePath(which: string): string {
		const ext = which === 'sample' ? this.sample.format : 'wav';
		return `/cdn/voices/${this.uuid}/v${this.version}/${which}.${ext}`;
	}
}

/** The seed's voice object. Examples are "" until the voice is done (and stay "" when it failed). */
export function renderVoice(v: Voice, origin: string, now = Date.now()) {
	const done = v.finished(now);
	const ok = done && !v.failure;
	const example = (key: string) => (ok && v.examples().includes(key) ? origin + v.filePath(key) : '');
	return {
		uuid: v.uuid,
		version: v.version,
		user_id: ACCOUNT_USER_ID,
		name: v.name,
		is_done: done,
		is_failed: done && v.failure !== null,
		transcript: v.transcript,
		sample: origin + v.filePath('sample'),
		reference_text: v.referenceText,
		model: v.model ?? '',
		example: example('example'),
		e2_example: example('e2_example'),
		f5_example: example('f5_example'),
		z_example: example('z_example'),
		created_at: isoSeconds(v.createdAt),
		updated_at: isoSeconds(v.updatedAt),
	};
}

/** A finished voice present from the start (option presetVoices). */
export function presetVoice(): Voice {
	const bytes = buildWav({ seconds: 2, frequency: 330 });
	const sample = { filename: 'narrator.wav', contentType: 'audio/wav', format: audioFormat('narrator.wav', bytes) ?? 'wav', bytes };
	const v = new Voice(PRESET_VOICE_UUID, sample, Date.UTC(2025, 0, 1), 0);
	v.name = 'Emulated narrator';
	v.transcript = "A wizard's job is to vex chumps quickly in fog.";
	v.referenceText = 'The quick brown fox jumps over the lazy dog.';
	return v;
}
