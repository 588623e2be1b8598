// Everything the emulator remembers (messages, account, requests, webhooks, faults, forced contents,
// rate-limit clocks) and how a validated request becomes a message: its content-code outcome, its side
// effects on the account, and the timers that send its webhooks.
import { randomBytes } from 'node:crypto';

import { hash32, sleep } from '../legnext/http.mts';
import { FAST_HOURS_PER_JOB, newAccount } from './account.mts';
import { buttonsFor } from './buttons.mts';
import { combine, markedCodes, STALL_MARKER, type ContentCode } from './content-codes.mts';
import { DEFAULT_FAIL_CONTENT, Faults } from './faults.mts';
import { ImageStore } from './files.mts';
import { EmulatedMessage, type MessageKind, type MessageType } from './message.mts';
import { Prefilter } from './prefilter.mts';
import { RateLimiter } from './rate-limit.mts';
import { progressWebhookBody, renderRead, webhookBody, type RenderContext } from './render.mts';
import type { DeliveredWebhook, MessageShape, RecordedRequest, ResendOptions, WebhookEvent } from './types.mts';
import { WebhookSender } from './webhooks.mts';

export interface Settings {
	token: string;
	jobDurationMs: number;
	minIntervalMs: number;
	messageShape: MessageShape;
	protectImages: boolean;
	imageSize: number;
	bannedWords: string[];
	webhookUrl: string;
	progressWebhooks: boolean;
	webhookRetries: number;
	webhookRetryDelayMs: number;
	minuteMs: number;
	listSeedButton: boolean;
	fastHours: number;
	log?: (line: string) => void;
}

/** What an endpoint asks for; the state decides the outcome and creates the message. */
export interface MessagePlan {
	type: MessageType;
	kind: MessageKind;
	request: Record<string, unknown>;
	prompt: string;
	text?: EmulatedMessage['text'];
	ref: string;
	/** webhookOverride ('' = the dashboard webhook, if any). */
	webhookOverride: string;
	/** User texts searched for `[[CODE]]` and `[[STALL]]` markers. */
	texts: string[];
	/** A code the request itself earns (BUTTON_NOT_FOUND, ALREADY_REQUESTED_UPSCALE, INVALID_LINK). */
	natural?: ContentCode;
	imageSeeds?: number[];
	seed?: string;
	source?: EmulatedMessage;
	button?: string;
	/** `buttons` once finished; default: the grid or upscale list for image messages, [] for others. */
	buttons?: string[];
	/** Side effect applied only when the message will succeed (settings, slash commands, upscale record). */
	apply?: () => void;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 20-character id like the docs' buttonMessageId "OtfxNzfMIKBPVE1aP4u4". */
export function newId(): string {
	return [...randomBytes(20)].map((b) => ID_CHARS[b % ID_CHARS.length]).join('');
}

/** `--seed N` of a prompt (0-4294967295), if any. */
function promptSeed(prompt: string): string | undefined {
	const m = /(?:^|\s)--seed\s+(\d{1,10})(?=\s|$)/.exec(prompt);
	return m && Number(m[1]) <= 4294967295 ? m[1] : undefined;
}

export class TnlState {
	readonly messages = new Map<string, EmulatedMessage>();
	readonly byButtonId = new Map<string, EmulatedMessage>();
	readonly requests: RecordedRequest[] = [];
	readonly downloads: RecordedRequest[] = [];
	readonly callbacks: DeliveredWebhook[] = [];
	readonly faults = new Faults();
	readonly limiter: RateLimiter;
	readonly prefilter: Prefilter;
	readonly sender: WebhookSender;
	readonly images: ImageStore;
	readonly account;
	jobDurationMs: number;
	messageShape: MessageShape;
	protectImages: boolean;
	/** Origin of image URLs; set once the server listens. */
	origin = '';
	private forced: { code: ContentCode; left: number }[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(readonly settings: Settings) {
		this.limiter = new RateLimiter(settings.minIntervalMs);
		this.prefilter = new Prefilter(settings.bannedWords);
		this.images = new ImageStore(this.messages, settings.imageSize);
		this.account = newAccount(settings.fastHours);
		this.jobDurationMs = settings.jobDurationMs;
		this.messageShape = settings.messageShape;
		this.protectImages = settings.protectImages;
		this.sender = new WebhookSender({
			retries: settings.webhookRetries,
			retryDelayMs: settings.webhookRetryDelayMs,
			record: (hook) => this.callbacks.push(hook),
			isLive: (id) => this.messages.has(id),
			log: settings.log,
		});
	}

	forceContent(code: ContentCode, times: number): void {
		if (!(times > 0)) throw new Error('times must be > 0');
		this.forced.push({ code, left: times });
	}

	private takeForced(): ContentCode | undefined {
		const next = this.forced[0];
		if (!next) return undefined;
		if (--next.left <= 0) this.forced.shift();
		return next.code;
	}

	/** Image messages still running, by the job mode they were submitted in ("Queued Jobs"). */
	queued(now = Date.now()): { fast: number; relax: number } {
		const running = [...this.messages.values()].filter((m) => m.hasImages && !m.isDone(now));
		return { fast: running.filter((m) => m.mode === 'Fast').length, relax: running.filter((m) => m.mode === 'Relaxed').length };
	}

	/**
	 * Creates the message. Its content code, if any, comes from (first wins): a fail-job fault on the
	 * route, forceContent(), `[[CODE]]` markers, then what the request earned (including NO_FAST_HOURS).
	 */
	createMessage(method: string, endpoint: string, plan: MessagePlan): EmulatedMessage {
		const id = newId();
		const fault = this.faults.take(method, endpoint, ['fail-job']);
		const faultCode = fault?.kind === 'fail-job' ? (fault.content ?? DEFAULT_FAIL_CONTENT) : undefined;
		const makesImages = plan.kind === 'grid' || plan.kind === 'upscale';
		const account = this.account;
		const outOfFast = makesImages && account.mode === 'Fast' && account.fastHoursRemaining <= 0;
		const outcome = combine([
			faultCode,
			this.takeForced(),
			...markedCodes(plan.texts),
			plan.natural,
			outOfFast ? 'NO_FAST_HOURS' : undefined,
		]);
		if (!outcome.final) {
			plan.apply?.();
			if (makesImages) {
				if (account.mode === 'Fast') account.fastHoursRemaining = Math.max(0, account.fastHoursRemaining - FAST_HOURS_PER_JOB);
				else account.relaxedHoursUsed += FAST_HOURS_PER_JOB;
				account.lifetimeImages += 1;
			}
		}
		const msg = new EmulatedMessage({
			id,
			buttonMessageId: makesImages ? newId() : '',
			endpoint,
			type: plan.type,
			kind: plan.kind,
			request: plan.request,
			prompt: plan.prompt,
			text: plan.text,
			ref: plan.ref,
			webhookUrl: plan.webhookOverride || this.settings.webhookUrl,
			createdAt: Date.now(),
			durationMs: this.jobDurationMs,
			notice: outcome.notice,
			final: outcome.final,
			stalled: plan.texts.some((t) => t.includes(STALL_MARKER)),
			imageSeeds: plan.imageSeeds ?? [0, 1, 2, 3].map((n) => hash32(`${id}:${n}`)),
			seed: plan.seed ?? promptSeed(plan.prompt) ?? String(hash32(`seed:${id}`)),
			buttons: plan.buttons ?? (makesImages ? buttonsFor(plan.kind as 'grid' | 'upscale', this.settings.listSeedButton) : []),
			mode: account.mode,
			sourceId: plan.source?.id,
			button: plan.button,
		});
		this.messages.set(id, msg);
		if (msg.buttonMessageId) this.byButtonId.set(msg.buttonMessageId, msg);
		this.schedule(msg);
		return msg;
	}

	private ctx(now = Date.now()): RenderContext & { shape: MessageShape } {
		return { origin: this.origin, now, shape: this.messageShape };
	}

	/** GET /v2/message/<id>. */
	read(msg: EmulatedMessage, expireMins: number) {
		return renderRead(msg, { ...this.ctx(), expireMins, minuteMs: this.settings.minuteMs });
	}

	/** Runs `fn` at `time` (never before: a timer may fire a millisecond early, then it waits again). */
	private at(time: number, fn: () => void): void {
		const fire = () => {
			this.timers.delete(handle);
			if (time > Date.now()) this.at(time, fn);
			else fn();
		};
		const handle = setTimeout(fire, Math.max(0, time - Date.now()));
		handle.unref();
		this.timers.add(handle);
	}

	private stopTimers(): void {
		this.timers.forEach((t) => clearTimeout(t));
		this.timers.clear();
	}

	/** Webhooks: the notice at once, progress at 25/50/75 (option), the finished message at the end. */
	private schedule(msg: EmulatedMessage): void {
		const url = msg.webhookUrl;
		if (!url) return;
		const live = () => this.messages.get(msg.id) === msg;
		if (msg.notice) this.sender.enqueue(msg.id, url, webhookBody(msg, this.ctx(), 'notice'), 'notice');
		if (this.settings.progressWebhooks) {
			for (const p of [25, 50, 75]) {
				this.at(msg.timeOfProgress(p), () => {
					const phase = msg.phase();
					if (live() && phase.kind === 'progress' && phase.progress >= p)
						this.sender.enqueue(msg.id, url, progressWebhookBody(msg, this.ctx(), p), 'progress');
				});
			}
		}
		if (!msg.stalled)
			this.at(msg.endsAt, () => {
				if (!live() || msg.finalized) return;
				msg.finalized = true;
				this.sender.enqueue(msg.id, url, webhookBody(msg, this.ctx(), 'done'), 'done');
			});
	}

	/** resendCallback(): one more webhook of a message, without retries. */
	async resend(msg: EmulatedMessage, o: ResendOptions, signal: AbortSignal): Promise<number> {
		const target = o.url ?? msg.webhookUrl;
		if (!target) throw new Error(`Message ${msg.id} has no webhook URL; pass opts.url`);
		if (o.delayMs) await sleep(o.delayMs, signal);
		const event: WebhookEvent = o.event ?? 'done';
		const ctx = this.ctx();
		let body: unknown;
		if (event === 'progress') {
			const phase = msg.phase();
			body = progressWebhookBody(msg, ctx, o.progress ?? (phase.kind === 'progress' ? phase.progress : 50));
		} else body = webhookBody(msg, { ...ctx, now: Math.max(ctx.now, msg.endsAt) }, event);
		return this.sender.sendOnce(target, body, { source: 'resend', messageId: msg.id, event });
	}

	reset(): void {
		this.stopTimers();
		this.messages.clear();
		this.byButtonId.clear();
		this.sender.forget();
		// Emptied in place: arrays the caller already holds stay the live ones.
		for (const list of [this.requests, this.downloads, this.callbacks] as unknown[][]) list.splice(0);
		this.faults.clear();
		this.forced = [];
		this.limiter.reset();
		this.limiter.minIntervalMs = this.settings.minIntervalMs;
		this.images.clear();
		Object.assign(this.account, newAccount(this.settings.fastHours));
		this.jobDurationMs = this.settings.jobDurationMs;
		this.messageShape = this.settings.messageShape;
		this.protectImages = this.settings.protectImages;
	}

	async close(): Promise<void> {
		this.stopTimers();
		await this.sender.close();
	}
}
