// Public types of the APIFRAME emulator. Tests and benchmarks code against these names: keep them stable.
import type { FaultRule } from '../legnext/types.mts';
import type { EmulatedTask } from './task.mts';

/** Fault rules are Legnext's (same FaultBook, same text form); paths are APIFRAME's, e.g. '/imagine', '/cdn/'. */
export type { FaultRule, EmulatedTask };

/** apiframe-v1.md §4 lists these statuses; `retry` is never produced (we use `retrying`). */
export type TaskStatus =
	| 'staged'
	| 'pending'
	| 'starting'
	| 'processing'
	| 'retrying'
	| 'finished'
	| 'failed';

/**
 * §4: the Midjourney examples end with no `status` field ('no-status'); the Runway page ends with
 * `status:"finished", percentage:100` ('finished').
 */
export type FinalShape = 'no-status' | 'finished';
/** §4: the failure body is undocumented; the v1 SDK reads `message` or `error`. */
export type FailureShape = 'message' | 'error' | 'both';
/** §3 imagine-video: a look-alike API documents `video_urls[4]`, the SDK type has `videoUrl`. */
export type VideoShape = 'video_urls' | 'videoUrl';

export interface ApiframeEmulatorOptions {
	/** Listen port; 0 (the default here) picks a free one. The CLI uses 4020. */
	port?: number;
	/** Interface to bind; 127.0.0.1 unless set. */
	host?: string;
	/** Origin written into result file URLs (e.g. when n8n runs in a container); default: the listen URL. */
	publicUrl?: string;
	/** The one valid key, sent raw in `Authorization`; default 'test-api-key'. */
	apiKey?: string;
	/** Also accept `Authorization: Bearer <key>` (the legacy v1 SDK's form; the docs say raw key). Default false -> 401. */
	acceptBearer?: boolean;
	/** Time from submit to the final result; default 3000. Applies to tasks submitted afterwards. */
	jobDurationMs?: number;
	/** Pixel side of each of the 4 square images (the grid is 2x2 of them); default 256. */
	imageSize?: number;
	/** If set, each image PNG is ~this many bytes of incompressible noise (streamed, never cached). */
	imageBytes?: number;
	/** Starting account credits; default 100000. */
	credits?: number;
	/** GET /account `email`; default 'emulator@apiframe.test'. */
	email?: string;
	/** GET /account `plan`; default 'pro'. */
	plan?: string;
	/** Optional limit of API requests per rolling second; over it -> 429 with Retry-After. */
	rateLimitPerSecond?: number;
	/** Default 'no-status'. */
	finalShape?: FinalShape;
	/** Default 'message'. */
	failureShape?: FailureShape;
	/** Default 'video_urls'. */
	videoShape?: VideoShape;
	/** POST progress updates too, not only the final result (§5 "the final result and updates"); default true. */
	progressWebhooks?: boolean;
	/** Retries of a final-result webhook that got no 2xx; default 3. Progress updates are sent once. */
	webhookRetries?: number;
	/** First retry delay, doubling each retry; default 500. */
	webhookRetryDelayMs?: number;
	/** Optional request log; it never contains the API key or a webhook secret. */
	log?: (line: string) => void;
}

/** Options that can be changed on a running emulator (configure(), POST /__emulator/config). */
export type LiveOptions = Pick<
	ApiframeEmulatorOptions,
	| 'acceptBearer'
	| 'finalShape'
	| 'failureShape'
	| 'videoShape'
	| 'progressWebhooks'
	| 'rateLimitPerSecond'
>;

/** How a request authenticated (recorded so tests can check the header form without seeing the key). */
export type AuthForm = 'raw' | 'bearer' | 'missing' | 'wrong';

export interface RecordedRequest {
	method: string;
	/** Path as received, query string included, e.g. '/imagine'. */
	path: string;
	/** Path without the query string (the API lives at the server root). */
	apiPath: string;
	/** Parsed JSON, the raw string when it is not JSON, or null when there was no body. */
	body: unknown;
	/** Request headers; `authorization` is replaced by '[redacted]'. */
	headers: Record<string, string>;
	auth: AuthForm;
	/** Date.now() when the request arrived. */
	at: number;
	/** HTTP status answered; 0 while unanswered or when the socket was reset. */
	status: number;
	/** Task created by this request (submit endpoints). */
	taskId?: string;
	/** Tasks read by this request (/fetch, /fetch-many), set when the read was answered. */
	readTaskIds?: string[];
}

/** One webhook POST attempt (lifecycle, resend or forged). */
export interface DeliveredCallback {
	source: 'task' | 'resend' | 'forge';
	url: string;
	/** What we POSTed (the /fetch object for 'task' and 'resend'). */
	body: unknown;
	/** Sent headers, with any x-webhook-secret value masked as '[redacted]'. */
	headers: Record<string, string>;
	/** Answer status; missing when the POST failed at the network level (see `error`). */
	status?: number;
	error?: string;
	/** Try number of this delivery: 1, then 2.. for retries of a final result. */
	attempt: number;
	at: number;
	taskId?: string;
	/** The status the body stands for; 'finished' for a final result whatever the final shape. */
	event?: TaskStatus;
}

export interface ResendOptions {
	/** Force the body to this status (out-of-order tests); default: the task as it is now. */
	status?: TaskStatus;
	delayMs?: number;
	/** Another receiver; default the task's webhook_url. */
	url?: string;
	/** Override the x-webhook-secret header; null = send none; default the task's webhook_secret. */
	secret?: string | null;
}

export interface ApiframeEmulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** Same as url: APIFRAME's paths sit at the root (https://api.apiframe.pro/imagine). */
	baseUrl: string;
	apiKey: string;
	/** Every API request, in arrival order (not /cdn files, not the control API). */
	requests: RecordedRequest[];
	/** Every /cdn file request. */
	downloads: RecordedRequest[];
	tasks: Map<string, EmulatedTask>;
	/** Every webhook attempt. */
	callbacks: DeliveredCallback[];
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	setJobDurationMs(ms: number): void;
	setCredits(credits: number): void;
	/** Change response shapes and switches on the fly (reset() restores the start options). */
	configure(opts: LiveOptions): void;
	/** Answered reads of a task: one per /fetch and one per /fetch-many call that named it. */
	statusReads(taskId: string): number;
	/** How many POST /fetch and POST /fetch-many requests arrived (any outcome). */
	statusReadCalls(): { fetch: number; fetchMany: number };
	/** Raw POST (forged webhooks); returns the HTTP status, or 0 on a network error. */
	deliverCallback(url: string, body: unknown, headers?: Record<string, string>): Promise<number>;
	/** Duplicate / late / out-of-order webhook of a task; returns the HTTP status, or 0 on a network error. */
	resendCallback(taskId: string, opts?: ResendOptions): Promise<number>;
	/** Resolves when every queued lifecycle webhook (with its retries) is done. */
	webhooksIdle(): Promise<void>;
	/** Forget tasks, requests, downloads, callbacks, faults; restore credits, duration and options. */
	reset(): void;
	close(): Promise<void>;
}
