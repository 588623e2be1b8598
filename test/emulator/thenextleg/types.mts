// Public types of the TheNextLeg (TNL) emulator. Tests and the node code against these names: keep them stable.
import type { DeliveredCallback, FaultRule as LegnextFaultRule, RecordedRequest as LegnextRecordedRequest } from '../legnext/types.mts';
import type { ContentCode } from './content-codes.mts';
import type { EmulatedMessage } from './message.mts';

export type { ContentCode, EmulatedMessage };

/**
 * Where the finished message sits in a GET /v2/message answer (api-docs/thenextleg-v2.md §3 [?]):
 * 'top-level' = the docs' example (`{progress: 100, ...fields}`),
 * 'response'  = the Node SDK / Go client type (`{progress: 100, response: {...fields}}`).
 */
export type MessageShape = 'top-level' | 'response';

export interface TheNextLegEmulatorOptions {
	/** 0 = random free port (default 0; the CLI defaults to 4030). */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Origin used in image URLs; default `http://<host>:<port>` (0.0.0.0 is shown as 127.0.0.1). */
	publicUrl?: string;
	/** The one valid Bearer token; default 'test-token'. */
	token?: string;
	/** Time from submit to the finished message; default 3000. Applies to messages submitted afterwards. */
	jobDurationMs?: number;
	/**
	 * Documented limit (§1): one request every 3 s per token. A request arriving sooner than this after
	 * the previous accepted one gets 429 + Retry-After. Default 3000; 0 disables the limit.
	 */
	minIntervalMs?: number;
	/** Default 'top-level' (the docs' example). */
	messageShape?: MessageShape;
	/** Side of each of the 4 square images (the grid is 2x2 of them); default 256. */
	imageSize?: number;
	/** Plain GETs of image URLs answer 403, so only POST /getImage delivers them; default false. */
	protectImages?: boolean;
	/** The banned-word prefilter; default ['forbiddenword', 'bannedword']. Case-insensitive, whole words. */
	bannedWords?: string[];
	/** The dashboard webhook: used when a request has no `webhookOverride`; default none. */
	webhookUrl?: string;
	/** Also POST `{progress, response}` at progress 25, 50 and 75 (the Go README's reading); default false. */
	progressWebhooks?: boolean;
	/** Retries of a webhook that got no 2xx; default 3. */
	webhookRetries?: number;
	/** First retry delay, doubling; default 500. */
	webhookRetryDelayMs?: number;
	/** Length of one `expireMins` minute (scale it down to test `incomplete` quickly); default 60000. */
	minuteMs?: number;
	/** List `✉️` in image messages' `buttons` (it is accepted either way); default false. */
	listSeedButton?: boolean;
	/** Starting fast hours ("Fast Time Remaining"); default 15. */
	fastHours?: number;
	/** Optional request log; it never contains the token. */
	log?: (line: string) => void;
}

/**
 * Legnext's fault rules (the same FaultBook runs them), with TNL paths and TNL's failed job:
 * - `method`: e.g. 'POST'; omitted = any method.
 * - `path`: '/v2/imagine' (exact) or '/v2/message/' (prefix, because it ends with '/'); '/v2' may be left out.
 * - `times`: matching requests (or messages, for fail-job) the rule applies to; default 1, Infinity allowed.
 * - kinds: status (retryAfter?, body?), delay (ms), reset, malformed, accept-then-hang (ms?), and fail-job:
 *   the next message(s) created on a matching path finish with `content` = this code (default
 *   FAILED_TO_PROCESS_YOUR_COMMAND).
 */
export type FaultRule =
	| Exclude<LegnextFaultRule, { kind: 'fail-job' }>
	| (Pick<LegnextFaultRule, 'method' | 'path' | 'times'> & { kind: 'fail-job'; content?: ContentCode });

/**
 * Legnext's record (method, path, apiPath, body, headers, at, status), with TNL's meanings:
 * - `path`: as received, query included, an `authToken` value replaced by '[redacted]';
 * - `apiPath`: the route as the docs name it, without the query: '/v2/imagine', '/v2/message/<id>', '/getImage';
 * - `body`: parsed JSON, the raw string when it is not JSON, or null when there was no body;
 * - `headers`: `authorization` replaced by '[redacted]';
 * - `at`: Date.now() on arrival; `status`: answered, 0 while unanswered or when the socket was reset.
 */
export interface RecordedRequest extends Omit<LegnextRecordedRequest, 'jobId'> {
	/** Query parameters (`authToken` redacted). */
	query: Record<string, string>;
	/** Message created by this request (submits), or read by it (GET /v2/message/<id>). */
	messageId?: string;
}

export type WebhookEvent = 'notice' | 'progress' | 'done';

/** A webhook attempt: url, body, status (or error), attempt (1 = first try), at — as Legnext records them — plus: */
export interface DeliveredWebhook extends Omit<DeliveredCallback, 'jobId' | 'event' | 'source'> {
	messageId?: string;
	/** 'notice' = a transient content code (JOB_QUEUED, APPEAL_ACCEPTED), 'progress', 'done'. */
	event?: WebhookEvent;
	/** 'message' = sent by the lifecycle, 'resend' = resendCallback(), 'forge' = deliverCallback(). */
	source: 'message' | 'resend' | 'forge';
}

export interface ResendOptions {
	/** Which body to send; default 'done' (rendered as finished even if the message is not). */
	event?: WebhookEvent;
	/** Progress value of a 'progress' body; default the message's current progress (or 50). */
	progress?: number;
	delayMs?: number;
	/** Default: the message's webhook URL. */
	url?: string;
}

export interface AccountState {
	/** "Job Mode". */
	mode: 'Fast' | 'Relaxed';
	/** "Visibility Mode". */
	visibility: 'Public' | 'Stealth';
	remix: boolean;
	/** Last version label toggled, e.g. 'MJ version 5'. */
	version: string;
	quality: string;
	style: string;
	fastHoursTotal: number;
	fastHoursRemaining: number;
	relaxedHoursUsed: number;
	lifetimeImages: number;
}

export interface TheNextLegEmulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** url + '/v2': what the n8n credential's Base URL points at. Root routes (/getImage, /upscale-img-url) are `url` + path. */
	baseUrl: string;
	token: string;
	/** Every API request (/v2/*, /getImage, /upscale-img-url), in arrival order. */
	requests: RecordedRequest[];
	/** Every /cdn image request (kept apart so API request counts stay clean). */
	downloads: RecordedRequest[];
	messages: Map<string, EmulatedMessage>;
	callbacks: DeliveredWebhook[];
	/** The emulated Midjourney account (live object). */
	account: AccountState;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	setJobDurationMs(ms: number): void;
	setMinIntervalMs(ms: number): void;
	setMessageShape(shape: MessageShape): void;
	setProtectImages(on: boolean): void;
	setFastHours(hours: number): void;
	/** The next `times` (default 1) messages created finish with `content` = code (JOB_QUEUED/APPEAL_ACCEPTED: shown, then the job goes on). */
	forceContent(code: ContentCode, times?: number): void;
	/** How many GET /v2/message/<id> requests were made for a message. */
	statusReads(messageId: string): number;
	/** Raw POST (forged webhooks); returns the HTTP status, or 0 on a network error. */
	deliverCallback(url: string, body: unknown, headers?: Record<string, string>): Promise<number>;
	/** Duplicate / late / out-of-order webhook of a message; returns the HTTP status, or 0 on a network error. */
	resendCallback(messageId: string, opts?: ResendOptions): Promise<number>;
	/** Resolves when every queued lifecycle webhook (with its retries) is done. */
	webhooksIdle(): Promise<void>;
	/** Forget messages, requests, downloads, callbacks, faults, forced contents, rate-limit clocks; restore every setting and the account. */
	reset(): void;
	close(): Promise<void>;
}
