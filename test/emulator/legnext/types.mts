// Public types of the Legnext emulator. Other engineers code against these names: keep them stable.
import type { EmulatedJob } from './job.mts';
import type { CallbackShape } from './shapes.mts';

export type { EmulatedJob, CallbackShape };

export type JobStatus = 'pending' | 'staged' | 'processing' | 'completed' | 'failed';

export type TaskType =
	| 'diffusion'
	| 'variation'
	| 'upscale'
	| 'reroll'
	| 'blend'
	| 'describe'
	| 'shorten'
	| 'pan'
	| 'outpaint'
	| 'inpaint'
	| 'remix'
	| 'edit'
	| 'upload_paint'
	| 'retexture'
	| 'remove_background'
	| 'enhance'
	| 'video_diffusion'
	| 'extend_video'
	| 'video_upscale'
	| 'enhance_upscale';

export interface LegnextEmulatorOptions {
	/** 0 = random free port (default 0). */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Origin used in result file URLs; default `http://<host>:<port>` (0.0.0.0 is shown as 127.0.0.1). */
	publicUrl?: string;
	/** The one valid `x-api-key`; default 'test-api-key'. */
	apiKey?: string;
	/** Time from submit to completed/failed; default 3000. Applies to jobs submitted afterwards. */
	jobDurationMs?: number;
	/** Pixel size of each of the 4 square images (the grid is 2x2 of them); default 256. */
	imageSize?: number;
	/** If set, each image PNG is ~this many bytes of incompressible noise (streamed, never cached). */
	imageBytes?: number;
	/** Starting available_credits; default 1_000_000. */
	credits?: number;
	/** Optional per-key limit on /api requests per rolling second; over it -> 429 with Retry-After. */
	rateLimitPerSecond?: number;
	/** Retries of a callback that did not get a 2xx; default 3. */
	callbackRetries?: number;
	/** First retry delay, doubling each retry; default 500. */
	callbackRetryDelayMs?: number;
	/** How long a callback receiver may take to answer before it counts as failed; default 10 s. */
	callbackTimeoutMs?: number;
	/** Also POST the job on status/progress changes (the docs are silent: our choice); default false. */
	progressCallbacks?: boolean;
	/** Shape of callback bodies (the docs do not give one; see shapes.mts); default 'job'. */
	callbackShape?: CallbackShape;
	/** Whether jobs carry `progress` (only the SDK pages read it); default true. */
	reportProgress?: boolean;
	/** Optional request log; it never contains the api key. */
	log?: (line: string) => void;
}

interface FaultMatch {
	/** e.g. 'POST'; omitted = any method. */
	method?: string;
	/** '/v1/diffusion' (exact) or '/v1/job/' (prefix, because it ends with '/'); '/api' prefix optional. */
	path?: string;
	/** How many matching requests (or jobs, for fail-job) the rule applies to; default 1, Infinity allowed. */
	times?: number;
	/**
	 * Fire on this share (0-1] of the matching requests, drawn at random; the others pass on to the
	 * next rule untouched and do not use up `times` (soaks: 'status 503 on 5% of everything').
	 */
	probability?: number;
	/** Fire on every Nth matching request that reaches this rule (the Nth, 2Nth, ...); the others pass on untouched. */
	every?: number;
	/** Seed of the `probability` draws, for a repeatable sequence; default Math.random. */
	seed?: number;
	/** Called each time the rule fires, in-process (counting injected faults); not sent through the control API. */
	onFire?: (hit: { method: string; path: string; kind: FaultRule['kind'] }) => void;
}

export type FaultRule = FaultMatch &
	(
		| { kind: 'status'; status: number; retryAfter?: number; body?: unknown }
		| { kind: 'delay'; ms: number }
		| { kind: 'reset' }
		| { kind: 'malformed' }
		| { kind: 'accept-then-hang'; ms?: number }
		| { kind: 'fail-job'; message?: string; code?: number }
	);

export interface RecordedRequest {
	method: string;
	/** Full request path as received, e.g. '/api/v1/diffusion' (query string included). */
	path: string;
	/** Path relative to the API base URL, e.g. '/v1/diffusion'. */
	apiPath: string;
	/** Parsed JSON, the raw string when it is not JSON, or null when there was no body. */
	body: unknown;
	/** Request headers; `x-api-key` is replaced by '[redacted]'. */
	headers: Record<string, string>;
	/** Date.now() when the request arrived. */
	at: number;
	/** HTTP status answered; 0 while unanswered or when the socket was reset. */
	status: number;
	/** Job created by this request, if any. */
	jobId?: string;
}

export interface DeliveredCallback {
	url: string;
	body: unknown;
	/** HTTP status of the receiver's answer (absent when `error` is set). */
	status?: number;
	/** Network error text when no HTTP answer came. */
	error?: string;
	/** 1 for the first try, 2.. for retries. */
	attempt: number;
	at: number;
	jobId?: string;
	/** Job status carried in the body (job callbacks and resends). */
	event?: JobStatus;
	/** 'job' = sent by the lifecycle, 'resend' = resendCallback(), 'forge' = deliverCallback(). */
	source: 'job' | 'resend' | 'forge';
}

export interface ResendOptions {
	status?: 'processing' | 'completed' | 'failed';
	delayMs?: number;
	url?: string;
}

export interface LegnextEmulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** url + '/api' (what the n8n credential's Base URL points at). */
	baseUrl: string;
	apiKey: string;
	/** Every /api request, in arrival order. */
	requests: RecordedRequest[];
	/** Every /cdn file request (kept apart so API request counts stay clean). */
	downloads: RecordedRequest[];
	jobs: Map<string, EmulatedJob>;
	callbacks: DeliveredCallback[];
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	setJobDurationMs(ms: number): void;
	/** Set available_credits (e.g. to provoke 402 on a shared emulator). */
	setCredits(credits: number): void;
	/** How many GET /v1/job/{id} requests were made for a job. */
	statusReads(jobId: string): number;
	/** Raw POST (forged callbacks); returns the HTTP status, or 0 on a network error. */
	deliverCallback(url: string, body: unknown, headers?: Record<string, string>): Promise<number>;
	/** Duplicate / late / out-of-order callback of a job; returns the HTTP status, or 0 on a network error. */
	resendCallback(jobId: string, opts?: ResendOptions): Promise<number>;
	/** Changes the callback body shape for callbacks sent from now on. */
	setCallbackShape(shape: CallbackShape): void;
	/** Turns the `progress` field on or off for answers and callbacks from now on. */
	setReportProgress(on: boolean): void;
	/** Forget jobs, requests, downloads, callbacks, faults; restore credits and jobDurationMs. */
	reset(): void;
	close(): Promise<void>;
}
