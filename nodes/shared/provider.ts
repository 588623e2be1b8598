import type { ICredentialDataDecryptedObject, IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { StatusHints } from './http/apiErrors';
import type { JobFiles, JobResult } from './job/jobResult';
import type { SentRequest } from './operation/sentBody';

/**
 * What a provider writes to plug into the core: how to authenticate is in its credential type;
 * this adapter answers the rest. Everything else (validation gate, request loop, pacing, wait
 * modes and polling, output shape, binaries, errors, the trigger's verify / de-duplicate /
 * filter / emit flow, prompt rules) is the core's, the same for every provider.
 *
 * `Job` is the provider's own job object as its API returns it.
 */
export interface Provider<Job extends IDataObject = IDataObject> {
	/** As users know it, e.g. "Legnext"; used in messages. */
	name: string;
	/** Short stable id, e.g. "legnext": derived tokens and memory keys are scoped by it. */
	key: string;
	credentialType: string;
	/** The operation that reads a job, as the editor names it (e.g. "Job > Get"), for hints. */
	readOperation: string;
	/** A hint per HTTP status (400 check fields, 402 top up, 429 slow down, ...). */
	hints: StatusHints;
	/** Base URL of the API, from the credential (no trailing slash). */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** Secret values in the credential (API key, webhook secret): never shown anywhere. */
	secrets(credentials: ICredentialDataDecryptedObject): string[];

	/**
	 * The job a submit answer names, or undefined when it names none. `request` is the submit as
	 * sent (its `url` says which endpoint, for APIs whose answer is only an id, e.g. APIFRAME).
	 */
	submitted(answer: unknown, sentBody: IDataObject, request?: SentRequest): Job | undefined;
	/**
	 * The job in a status read's answer, or undefined when the answer is not one. `asked` says what
	 * the read asked for, for APIs whose answer does not repeat it (Chub's finished /check answer
	 * may be just `{url, seed}`, without the id or the task's type).
	 */
	parseJob(answer: unknown, asked?: StatusAsk<Job>): Job | undefined;
	/**
	 * The request that reads one job's status (relative to the base URL). `last` is the job as
	 * last seen, when known (e.g. for APIs whose status read echoes the submit answer).
	 */
	statusRequest(jobId: string, last?: Job): ApiRequest;
	/** Reading several jobs in one request, where the API can. */
	readMany?: ReadMany<Job>;

	/** The common view of a job: id, state, progress, failure. */
	snapshot(job: Job): JobSnapshot;
	/** The one output shape. */
	toResult(job: Job): JobResult;
	/** Result files of a finished job, in the order a user expects them. */
	files(job: Job): JobFiles;

	/** How the provider calls back; absent when it cannot. */
	callback?: CallbackSupport<Job>;
	/** Request pacing per credential: the provider's documented rate limit, if any. */
	pacing?(credentials: ICredentialDataDecryptedObject): PacingRule;
	/** The provider's price list, for Options > Budget (Credits); absent when it publishes none. */
	costs?: CostSupport;
	/** Task types as the provider names them, for the trigger's filter. */
	taskTypes?: Array<{ name: string; value: string }>;
}

export type JobState = 'queued' | 'running' | 'completed' | 'failed';

export interface JobSnapshot {
	id: string;
	state: JobState;
	/** 0-100, when the provider says. */
	progress?: number;
	taskType?: string;
	/** Why a failed job failed, in the provider's words, with a hint where we know one. */
	error?: { code: string | number | null; message: string; hint?: string };
}

export const FINISHED_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed']);

/** What a status read asked for. */
export interface StatusAsk<Job> {
	/** While waiting: the job read, and the job as last seen. */
	jobId?: string;
	last?: Job;
	/** A read operation (e.g. "Job > Get"): its request as sent. */
	request?: SentRequest;
}

export interface ApiRequest {
	method: 'GET' | 'POST';
	/** Path below the base URL. */
	url: string;
	body?: IDataObject;
	qs?: IDataObject;
}

export interface ReadMany<Job> {
	/** Most ids one request may carry. */
	max: number;
	/** Fewest ids the endpoint accepts (below it, single reads are used). */
	min: number;
	request(jobIds: string[], last?: Job[]): ApiRequest;
	/** The jobs in the answer, or undefined when the answer is not a list of jobs. */
	parse(answer: unknown): Job[] | undefined;
}

export interface CallbackSupport<Job> {
	/** Puts our callback URL (and, where the API takes one, the webhook secret) into a submit body. */
	attach(body: IDataObject, url: string, webhookSecret: string): void;
	/** A header in which the provider sends the credential's webhook secret back verbatim. */
	secretHeader?: string;
	/**
	 * The job id and status in a callback body. Bodies come in several shapes (top level,
	 * wrapped in `data`, camelCase or snake_case): `readCallbackBody` in the core handles those;
	 * this names the keys where the job id may be.
	 */
	idKeys: string[];
	/** The job as the callback carries it (used when Verify with API is off). */
	jobFromCallback(body: IDataObject): Job | undefined;
}

/**
 * Costs before spending: a run whose estimated cost exceeds the user's budget is refused before
 * anything is sent (operation/budget.ts).
 */
export interface CostSupport {
	/** Reads the price list (once per run). */
	request: ApiRequest;
	/** Credits by price key from its answer, or undefined when the answer is not a price list. */
	parse(answer: unknown): Record<string, number> | undefined;
	/**
	 * What one item will cost: the credits and the price key used (0 credits for a free
	 * operation), or undefined when the price list names no price for it.
	 */
	estimate(ctx: IExecuteSingleFunctions, prices: Record<string, number>): { credits: number; price: string } | undefined;
}

export interface PacingRule {
	/** Least time between two API requests on one credential (the documented rate limit). */
	minIntervalMs?: number;
	/** Most API requests in flight at once on one credential. */
	maxInFlight?: number;
}
