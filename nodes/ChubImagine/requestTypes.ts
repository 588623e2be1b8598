/**
 * THE table of Chub's spending endpoints: the operation that calls each, the `request_type` that
 * `/check` wants for its generation, the price keys of `GET /images/costs` it is charged under,
 * and what it makes.
 *
 * `request_type` values are undocumented (chub-imagine.md §4, open question 2). The likeliest
 * candidates are the `/images/costs` keys, and six of them (text2img, img2img, inpaint, upscale,
 * tts, video) are exactly the endpoint's last path segment. So: the price key where one exists,
 * else the path's last segment (animate, music, foley); removebg_mask takes the price key
 * `removebg` ("background" is reported too). The emulator's kinds.mts makes the same choice.
 *
 * Prices (chub-imagine.md §5, reported by a live probe [M]): 25 for text2img, img2img, inpaint,
 * upscale, tts, stt and voice_clone; 100 for video; 5 for removebg/background; 1 for prompt/llm.
 * animate, music and foley were not reported: animate falls back to the video price (it makes a
 * video); music and foley have no fallback, so a budget check refuses them when the list lacks them.
 */

export type Media = 'image' | 'video' | 'audio';

export interface Endpoint {
	operation: string;
	path: string;
	/** For queued generations: the `request_type` of their `/check`. */
	requestType?: string;
	/** `/images/costs` keys, in order of preference. */
	prices: string[];
	/** What a finished generation yields. */
	media?: Media;
}

/** A voice clone is read through GET /voices, not /check: ours, marks the job as a voice. */
export const VOICE_CLONE = 'voice_clone';

const TABLE: Array<[string, string, string | undefined, string[], Media | undefined]> = [
	// operation             path                     request_type  prices                              media
	['textToImage', '/images/text2img', 'text2img', ['text2img'], 'image'],
	['imageToImage', '/images/img2img', 'img2img', ['img2img'], 'image'],
	['upscale', '/images/upscale', 'upscale', ['upscale'], 'image'],
	['inpaint', '/images/inpaint', 'inpaint', ['inpaint'], 'image'],
	['removeBackground', '/images/removebg_mask', 'removebg', ['removebg', 'background'], 'image'],
	['generateVideo', '/video', 'video', ['video'], 'video'],
	['animate', '/images/animate', 'animate', ['animate', 'video'], 'video'],
	['textToSpeech', '/tts', 'tts', ['tts'], 'audio'],
	['generateMusic', '/music', 'music', ['music'], 'audio'],
	['generateSoundEffect', '/foley', 'foley', ['foley'], 'audio'],
	// Synchronous, but charged.
	['speechToText', '/stt', undefined, ['stt'], undefined],
	['cloneVoice', '/voice_clone', VOICE_CLONE, ['voice_clone'], 'audio'],
	['complete', '/prompt', undefined, ['prompt', 'llm', 'completions'], undefined],
];

export const ENDPOINTS: Endpoint[] = TABLE.map(([operation, path, requestType, prices, media]) => ({
	operation,
	path,
	requestType,
	prices,
	media,
}));

const byOperation = new Map(ENDPOINTS.map((endpoint) => [endpoint.operation, endpoint]));
const byPath = new Map(ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]));
const byRequestType = new Map(
	ENDPOINTS.filter((e) => e.requestType).map((e) => [e.requestType!, e]),
);

/** The path of a spending operation (its spec takes it from here, so the table is the one source). */
export function pathOf(operation: string): string {
	const endpoint = byOperation.get(operation);
	if (!endpoint) throw new Error(`No Chub endpoint for operation ${operation}`);
	return endpoint.path;
}

export const endpointOfOperation = (operation: string) => byOperation.get(operation);

/** The endpoint a request went to (the submit's URL may carry a base path or a query). */
export function endpointOfPath(url: string | undefined): Endpoint | undefined {
	const path = (url ?? '').split(/[?#]/)[0].replace(/\/+$/, '');
	return byPath.get(path) ?? [...byPath.entries()].find(([known]) => path.endsWith(known))?.[1];
}

export const mediaOfRequestType = (requestType: unknown): Media | undefined =>
	typeof requestType === 'string' ? byRequestType.get(requestType)?.media : undefined;

/** The `/check` request types, for Task > Get. */
export const CHECK_REQUEST_TYPES = ENDPOINTS.filter(
	(e) => e.requestType && e.requestType !== VOICE_CLONE,
).map((e) => ({
	name: e.requestType!,
	value: e.requestType!,
	description: `${e.path} generations`,
}));
