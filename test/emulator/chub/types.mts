// Public types of the Chub.ai ("Imagine" API) emulator. Other engineers code against these names:
// keep them stable. Contract: api-docs/imagine-api.txt (the seed) and api-docs/chub-imagine.md.
import type { FaultRule } from '../legnext/types.mts';
import type { Generation } from './generation.mts';
import type { Voice } from './voices.mts';

export type { FaultRule, Generation, Voice };

/**
 * What `POST /check` answers once a generation has finished. The seed does not model it
 * (chub-imagine.md §4, "the core uncertainty"), so every plausible shape is selectable; the shapes
 * themselves are defined, with their sources, in check-shapes.mts.
 */
export type CheckShape = 'is_done' | 'url' | 'primary_image_path' | 'image_url' | 'status';

/** 'strict': /check must carry the generation's own request_type (kinds.mts); 'lenient': any string, or none. */
export type RequestTypeMode = 'strict' | 'lenient';

/** Which auth header the emulator accepts (chub-imagine.md §3: `CH-API-KEY: <key>` or `Authorization: Bearer <key>`). */
export type AuthHeader = 'both' | 'ch-api-key' | 'bearer';

/** The ten queued generation endpoints (they answer `{generation_uuid, cost, queue_length}`). */
export type GenerationEndpoint =
	| '/images/text2img'
	| '/images/img2img'
	| '/images/animate'
	| '/video'
	| '/images/upscale'
	| '/images/inpaint'
	| '/images/removebg_mask'
	| '/music'
	| '/tts'
	| '/foley';

/** Result file formats: PNG images, MP4 videos, MP3/WAV audio. */
export type MediaFormat = 'png' | 'mp4' | 'mp3' | 'wav';

export interface ChubEmulatorOptions {
	/** Listen port; 0 (the default) picks a free one. The CLI uses 4040. */
	port?: number;
	/** Listen interface, '127.0.0.1' unless given. */
	host?: string;
	/** Scheme, host and port put in front of /cdn file URLs (e.g. for n8n in a container); the listen URL by default. */
	publicUrl?: string;
	/** The one valid key; default 'CHK-test-key' (real keys start with `CHK-`, chub-imagine.md §3). */
	apiKey?: string;
	/** Accepted auth header(s); default 'both'. */
	authHeader?: AuthHeader;
	/** Time from submit to finished (generations and voice clones); default 3000. Applies to later submits. */
	jobDurationMs?: number;
	/** Finished /check answer; default 'is_done' (the strongest evidence, §4 item 1). */
	checkShape?: CheckShape;
	/** Default 'strict'. */
	checkRequestType?: RequestTypeMode;
	/** Unfinished generations allowed at once on the account; over it → 429 + Retry-After. Default: no limit. */
	maxConcurrentGenerations?: number;
	/** Starting account credits; default 1_000_000. */
	credits?: number;
	/** Overrides of the `GET /images/costs` values (costs.mts). */
	costs?: Record<string, number>;
	/** queue_length on submit; it counts down to 0 while the generation runs. Default 3. */
	queueLength?: number;
	/** Long side of generated PNGs in pixels (upscale doubles it); default 128. */
	imageSize?: number;
	/** Start with one finished voice (the seed's example voice_id); default true. */
	presetVoices?: boolean;
	/** Optional request log; it never contains the api key. */
	log?: (line: string) => void;
}

/** One uploaded multipart file, kept whole so tests can compare the exact bytes. */
export interface RecordedFile {
	field: string;
	filename: string;
	contentType: string;
	size: number;
	sha256: string;
	bytes: Buffer;
}

export interface RecordedRequest {
	method: string;
	/** Full request path as received, query string included. */
	path: string;
	/** Path without the query, e.g. '/images/text2img' (the API lives at the server root). */
	apiPath: string;
	/** Parsed query; repeated keys give arrays. */
	query: Record<string, string | string[]>;
	/**
	 * JSON requests: the parsed JSON, or the raw text when it is not JSON, or null without a body.
	 * Multipart requests: the text fields as an object (files are in `multipart.files`).
	 */
	body: unknown;
	/** Multipart requests only: text fields and files. */
	multipart?: { fields: Record<string, string>; files: RecordedFile[] };
	/** Headers as received, except `ch-api-key` and `authorization`, which read '[redacted]'. */
	headers: Record<string, string>;
	/** Arrival time (epoch ms). */
	at: number;
	/** The status sent back; 0 until answered, and for reset connections. */
	status: number;
	/** Generation created by this request, if any. */
	generationUuid?: string;
	/** Voice created or updated by this request (/voice_clone), if any. */
	voiceUuid?: string;
}

export interface ChubEmulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** Same as `url`: the API lives at the server root (node default https://api.chub.ai). */
	baseUrl: string;
	apiKey: string;
	/** Every API request, in arrival order (not /cdn downloads, not /__emulator). */
	requests: RecordedRequest[];
	/** Every /cdn file request. */
	downloads: RecordedRequest[];
	generations: Map<string, Generation>;
	voices: Map<string, Voice>;
	/** The account's credits now (failed generations already refunded). */
	readonly credits: number;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	setJobDurationMs(ms: number): void;
	setCheckShape(shape: CheckShape): void;
	setCheckRequestType(mode: RequestTypeMode): void;
	setCredits(credits: number): void;
	/** undefined or 0 = no limit. */
	setMaxConcurrentGenerations(limit: number | undefined): void;
	/** How many POST /check requests named this generation. */
	statusReads(generationUuid: string): number;
	/** Forget generations, requests, downloads, faults, voices (preset restored); restore credits and options. */
	reset(): void;
	close(): Promise<void>;
}
