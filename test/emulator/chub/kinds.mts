// THE table of generation kinds: which request_type `/check` expects for each endpoint's generation,
// which `/images/costs` key it is charged under, and which file it yields.
//
// request_type values are undocumented (chub-imagine.md §4, open question 2). The cost keys are the
// likeliest candidates, and six of them (text2img, img2img, inpaint, upscale, tts, video) are exactly
// the endpoint's last path segment. So: request_type = the cost key where one exists, else the
// path's last segment (animate, music, foley). removebg_mask → "removebg" (the cost key; "background"
// is reported too, and lenient mode accepts anything).
//
// Result files (our choice, the docs name no formats): PNG for images, MP4 for animate/video,
// MP3 for music (the Stages SDK mocks point at .mp3 files; Suno-style fields) and for TTS (the SDK's
// TTS mock is an ElevenLabs .mp3), WAV for foley (raw sound-effect models emit PCM).
import { ChubError } from './errors.mts';
import { ASPECT_RATIOS } from './schemas.mts';
import type { GenerationEndpoint, MediaFormat } from './types.mts';

export interface GenerationKind {
	endpoint: GenerationEndpoint;
	/** The value POST /check must carry in strict mode. */
	requestType: string;
	/** Key of GET /images/costs charged on submit. */
	costKey: string;
	format: MediaFormat;
}

const TABLE: [GenerationEndpoint, string, string, MediaFormat][] = [
	// endpoint                request_type  cost key     result
	['/images/text2img', 'text2img', 'text2img', 'png'],
	['/images/img2img', 'img2img', 'img2img', 'png'],
	['/images/animate', 'animate', 'animate', 'mp4'],
	['/video', 'video', 'video', 'mp4'],
	['/images/upscale', 'upscale', 'upscale', 'png'],
	['/images/inpaint', 'inpaint', 'inpaint', 'png'],
	['/images/removebg_mask', 'removebg', 'removebg', 'png'],
	['/music', 'music', 'music', 'mp3'],
	['/tts', 'tts', 'tts', 'mp3'],
	['/foley', 'foley', 'foley', 'wav'],
];

export const GENERATION_KINDS: Record<GenerationEndpoint, GenerationKind> = Object.fromEntries(
	TABLE.map(([endpoint, requestType, costKey, format]) => [endpoint, { endpoint, requestType, costKey, format }]),
) as Record<GenerationEndpoint, GenerationKind>;

/** Costs of the synchronous operations, same lookup. */
export const SYNC_COST_KEYS = { stt: 'stt', voiceClone: 'voice_clone', prompt: 'prompt' } as const;

/** What the result file looks like; derived from the request at submit. */
export interface MediaSpec {
	format: MediaFormat;
	width?: number;
	height?: number;
	seconds?: number;
	/** MP3 title tag; the transcript (tts), or the title/prompt (music). */
	title?: string;
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Frame size: the request's aspect (aspect_ratio wins over width/height), long side = `long`. */
function frame(body: Record<string, unknown>, long: number): [number, number] {
	let w = clamp(num(body.width, 1024), 1, 8192);
	let h = clamp(num(body.height, 1024), 1, 8192);
	if (typeof body.aspect_ratio === 'string' && ASPECT_RATIOS.includes(body.aspect_ratio))
		[w, h] = body.aspect_ratio.split(':').map(Number);
	const scale = long / Math.max(w, h);
	return [Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))];
}

export function mediaOf(kind: GenerationKind, body: Record<string, unknown>, imageSize: number): MediaSpec {
	switch (kind.endpoint) {
		case '/images/upscale':
			return { format: 'png', width: imageSize * 2, height: imageSize * 2 };
		case '/images/removebg_mask':
			return { format: 'png', width: imageSize, height: imageSize };
		case '/images/animate':
		case '/video': {
			// num_frames / fps_id, seed defaults 12 and 8: 1.5 s.
			const seconds = clamp(num(body.num_frames, 12) / Math.max(1, num(body.fps_id, 8)), 0.5, 30);
			const [width, height] = frame(body, 512);
			return { format: 'mp4', width, height, seconds };
		}
		case '/tts': {
			const words = String(body.transcript ?? '').split(/\s+/).filter(Boolean).length;
			return { format: 'mp3', seconds: clamp(words * 0.35, 1, 30), title: String(body.transcript ?? '') };
		}
		case '/music':
			return { format: 'mp3', seconds: 8, title: String(body.title ?? body.prompt ?? '') };
		case '/foley':
			return { format: 'wav', seconds: clamp(num(body.duration, 4), 0.5, 30) };
		default: {
			const [width, height] = frame(body, imageSize);
			return { format: 'png', width, height };
		}
	}
}

/** User texts of a request (for the `[emulator:fail]` test hook). */
export function textsOf(body: Record<string, unknown>): string[] {
	return ['prompt', 'transcript', 'lyrics', 'title', 'negative_prompt'].map((k) => body[k]).filter((v): v is string => typeof v === 'string');
}

/** Business rules beyond types (400). */
export function checkRules(kind: GenerationKind, body: Record<string, unknown>): void {
	if (kind.endpoint === '/images/inpaint' && typeof body.mask !== 'string') {
		// Stages SDK: without a mask, a search_prompt selects the area; §5: search_prompt is "not implemented".
		throw new ChubError(
			400,
			body.search_prompt ? 'search_prompt is not implemented: send a mask (data URL or URL)' : 'A mask is required (data URL or URL)',
		);
	}
}
