// What the emulator remembers for its one account: generations, voices, credits, requests, faults.
// Credits are charged on submit and refunded when a generation fails (refunds are applied lazily,
// whenever credits are read or charged: no timers).
import { randomUUID } from 'node:crypto';

import { FaultBook } from '../legnext/faults.mts';
import { hash32 } from '../legnext/http.mts';
import { DEFAULT_COSTS } from './costs.mts';
import { ChubError } from './errors.mts';
import { Generation } from './generation.mts';
import { checkRules, mediaOf, textsOf, type GenerationKind } from './kinds.mts';
import { sha256 as sha } from './speech.mts';
import type { AuthHeader, CheckShape, RecordedRequest, RequestTypeMode } from './types.mts';
import { presetVoice, type Voice } from './voices.mts';

export interface Settings {
	apiKey: string;
	authHeader: AuthHeader;
	jobDurationMs: number;
	checkShape: CheckShape;
	checkRequestType: RequestTypeMode;
	maxConcurrentGenerations?: number;
	credits: number;
	costs: Record<string, number>;
	queueLength: number;
	imageSize: number;
	presetVoices: boolean;
	log?: (line: string) => void;
}

/** Test hook in user text (README): the generation or voice clone ends failed. */
export const FAIL_MARKER = '[emulator:fail]';
const DEFAULT_FAILURE = 'Generation failed (emulated failure)';

export class ChubState {
	readonly generations = new Map<string, Generation>();
	readonly voices = new Map<string, Voice>();
	readonly requests: RecordedRequest[] = [];
	readonly downloads: RecordedRequest[] = [];
	readonly faults = new FaultBook();
	/** sha256 of audio → its words, for the emulated STT (speech.mts). */
	readonly transcripts = new Map<string, string>();
	private creditsNow: number;
	jobDurationMs: number;
	checkShape: CheckShape;
	checkRequestType: RequestTypeMode;
	maxConcurrentGenerations?: number;
	/** Origin of result file URLs; set once the server listens. */
	origin = '';

	constructor(readonly settings: Settings) {
		this.creditsNow = settings.credits;
		this.jobDurationMs = settings.jobDurationMs;
		this.checkShape = settings.checkShape;
		this.checkRequestType = settings.checkRequestType;
		this.maxConcurrentGenerations = settings.maxConcurrentGenerations;
		this.addPresetVoices();
	}

	get credits(): number {
		this.refundFailed();
		return this.creditsNow;
	}

	setCredits(credits: number): void {
		if (!Number.isFinite(credits)) throw new Error('credits must be a number');
		this.refundFailed();
		this.creditsNow = credits;
	}

	costOf(key: string): number {
		return this.settings.costs[key] ?? DEFAULT_COSTS[key] ?? 0;
	}

	/** All costs as GET /images/costs shows them. */
	costTable(): Record<string, number> {
		return { ...DEFAULT_COSTS, ...this.settings.costs };
	}

	/**
	 * Takes the operation's cost. At too few credits: 402 in the 4xx shape (our choice: the docs say
	 * media calls cost credits, §3, but not what happens when they run out).
	 */
	charge(key: string): number {
		const cost = this.costOf(key);
		if (this.credits < cost)
			throw new ChubError(402, `Insufficient credits: this ${key} request costs ${cost} credits and the account has ${this.creditsNow}`);
		this.creditsNow -= cost;
		return cost;
	}

	private refundFailed(now = Date.now()): void {
		for (const g of this.generations.values()) {
			if (g.refunded || !g.failure || g.running(now)) continue;
			g.refunded = true;
			this.creditsNow += g.cost;
		}
	}

	/** Unfinished generations of the account, for maxConcurrentGenerations. */
	running(now = Date.now()): Generation[] {
		return [...this.generations.values()].filter((g) => g.running(now));
	}

	/** A fault rule, then the `[emulator:fail]` hook: the message the job will fail with, or null. */
	failureFor(path: string, texts: string[]): string | null {
		const fault = this.faults.take('POST', path, ['fail-job']);
		if (fault?.kind === 'fail-job') return fault.message ?? DEFAULT_FAILURE;
		return texts.some((t) => t.includes(FAIL_MARKER)) ? `${DEFAULT_FAILURE}: the request contains ${FAIL_MARKER}` : null;
	}

	/** Validated body → queued generation: rules (400), concurrency (429), credits (402), failure hooks. */
	createGeneration(kind: GenerationKind, body: Record<string, unknown>): Generation {
		checkRules(kind, body);
		const now = Date.now();
		const limit = this.maxConcurrentGenerations;
		const running = this.running(now);
		if (limit && running.length >= limit) {
			const wait = Math.max(1, Math.ceil((Math.min(...running.map((g) => g.endsAt)) - now) / 1000));
			// §3: "concurrent requests on one account get 429". Body text and Retry-After are ours.
			throw new ChubError(429, `Too many concurrent generations on this account (limit ${limit}); retry later`, { 'retry-after': String(wait) });
		}
		const cost = this.charge(kind.costKey);
		const uuid = randomUUID();
		const g = new Generation({
			uuid,
			endpoint: kind.endpoint,
			requestType: kind.requestType,
			costKey: kind.costKey,
			request: body,
			media: mediaOf(kind, body, this.settings.imageSize),
			cost,
			createdAt: now,
			durationMs: this.jobDurationMs,
			queueLength: this.settings.queueLength,
			seed: typeof body.seed === 'number' ? body.seed : hash32(uuid) % 2 ** 31,
			failure: this.failureFor(kind.endpoint, textsOf(body)),
		});
		this.generations.set(uuid, g);
		return g;
	}

	private addPresetVoices(): void {
		if (!this.settings.presetVoices) return;
		const v = presetVoice();
		this.voices.set(v.uuid, v);
		this.transcripts.set(sha(v.sample.bytes), v.referenceText);
	}

	reset(): void {
		this.generations.clear();
		this.voices.clear();
		this.transcripts.clear();
		// Cleared in place, so arrays already handed out stay live.
		this.requests.length = 0;
		this.downloads.length = 0;
		this.faults.clear();
		this.creditsNow = this.settings.credits;
		this.jobDurationMs = this.settings.jobDurationMs;
		this.checkShape = this.settings.checkShape;
		this.checkRequestType = this.settings.checkRequestType;
		this.maxConcurrentGenerations = this.settings.maxConcurrentGenerations;
		this.addPresetVoices();
	}
}
