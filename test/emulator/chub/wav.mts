// A minimal WAV encoder: RIFF/WAVE, one 'fmt ' chunk (PCM, 16-bit, mono) and one 'data' chunk
// holding a short sine tone with 10 ms fades, so players open it and it is audibly "a sound".

export const WAV_SAMPLE_RATE = 16_000;

export interface WavOptions {
	seconds: number;
	/** Tone frequency in Hz; default 440. */
	frequency?: number;
	sampleRate?: number;
}

export function buildWav(opts: WavOptions): Buffer {
	const rate = opts.sampleRate ?? WAV_SAMPLE_RATE;
	const samples = Math.max(1, Math.round(opts.seconds * rate));
	const dataBytes = samples * 2;
	const out = Buffer.alloc(44 + dataBytes);
	out.write('RIFF', 0, 'latin1');
	out.writeUInt32LE(36 + dataBytes, 4);
	out.write('WAVE', 8, 'latin1');
	out.write('fmt ', 12, 'latin1');
	out.writeUInt32LE(16, 16); // fmt chunk size
	out.writeUInt16LE(1, 20); // PCM
	out.writeUInt16LE(1, 22); // mono
	out.writeUInt32LE(rate, 24);
	out.writeUInt32LE(rate * 2, 28); // byte rate
	out.writeUInt16LE(2, 32); // block align
	out.writeUInt16LE(16, 34); // bits per sample
	out.write('data', 36, 'latin1');
	out.writeUInt32LE(dataBytes, 40);
	const frequency = opts.frequency ?? 440;
	const fade = Math.max(1, Math.round(rate * 0.01));
	for (let i = 0; i < samples; i++) {
		const envelope = Math.min(1, i / fade, (samples - 1 - i) / fade);
		const v = Math.sin((2 * Math.PI * frequency * i) / rate) * 0.3 * Math.max(0, envelope);
		out.writeInt16LE(Math.round(v * 32767), 44 + i * 2);
	}
	return out;
}
