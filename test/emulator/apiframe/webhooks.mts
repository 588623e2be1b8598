// Webhook delivery (apiframe-v1.md §5). Documented: POST the same body /fetch returns, progress updates
// and the final result, with `x-webhook-secret: <webhook_secret>` when a secret was given.
// Undocumented, our choices: Content-Type application/json and no other headers; a task's deliveries
// go out one after another, in order; a final result that gets no 2xx (or a network error) is retried
// `retries` times, first after `retryDelayMs`, doubling; progress updates are sent once (a late
// progress update is worthless).
import { CallbackSender, redactUrl } from '../legnext/callbacks.mts';
import { sleep } from '../legnext/http.mts';
import type { DeliveredCallback, TaskStatus } from './types.mts';

export interface WebhookOptions {
	retries: number;
	retryDelayMs: number;
	record: (cb: DeliveredCallback) => void;
	/** False once the task was forgotten (reset): stop sending its webhooks. */
	isLive: (taskId: string) => boolean;
	log?: (line: string) => void;
}

export interface Delivery {
	taskId: string;
	url: string;
	body: unknown;
	secret?: string;
	event: TaskStatus;
	/** Final results are retried; progress updates are not. */
	final: boolean;
}

type Meta = Pick<DeliveredCallback, 'source' | 'taskId' | 'event' | 'attempt'>;

export const secretHeader = (secret: string | undefined | null): Record<string, string> =>
	typeof secret === 'string' ? { 'x-webhook-secret': secret } : {};

export class WebhookSender {
	/** Used only for its one-shot POST (undici agent, closed with us). */
	private readonly transport = new CallbackSender({
		retries: 0,
		retryDelayMs: 0,
		record: () => undefined,
		isLive: () => true,
	});
	private readonly stopped = new AbortController();
	private chains = new Map<string, Promise<void>>();

	constructor(private readonly opts: WebhookOptions) {}

	/** A lifecycle delivery, sent after the task's earlier ones. */
	queue(d: Delivery): void {
		const before = this.chains.get(d.taskId) ?? Promise.resolve();
		this.chains.set(
			d.taskId,
			before.then(() => this.deliver(d)).catch(() => undefined),
		);
	}

	/** One POST, no retry; returns the HTTP status or 0. */
	async once(
		url: string,
		body: unknown,
		headers: Record<string, string>,
		meta: Meta,
	): Promise<number> {
		return (await this.attempt(url, body, headers, meta)) ?? 0;
	}

	private async deliver(d: Delivery): Promise<void> {
		const tries = d.final ? 1 + this.opts.retries : 1;
		for (let attempt = 1; attempt <= tries; attempt++) {
			if (this.stopped.signal.aborted || !this.opts.isLive(d.taskId)) return;
			const meta: Meta = { source: 'task', taskId: d.taskId, event: d.event, attempt };
			const status = await this.attempt(d.url, d.body, secretHeader(d.secret), meta);
			if (status !== undefined && status >= 200 && status < 300) return;
			const wait = this.opts.retryDelayMs * 2 ** (attempt - 1);
			if (attempt < tries) await sleep(wait, this.stopped.signal);
		}
	}

	private async attempt(
		url: string,
		body: unknown,
		headers: Record<string, string>,
		meta: Meta,
	): Promise<number | undefined> {
		const outcome = await this.transport.post(url, body, headers);
		if (meta.source === 'task' && meta.taskId && !this.opts.isLive(meta.taskId))
			return outcome.status;
		const shown: Record<string, string> = { 'content-type': 'application/json' };
		for (const [k, v] of Object.entries(headers))
			shown[k.toLowerCase()] = k.toLowerCase() === 'x-webhook-secret' ? '[redacted]' : v;
		this.opts.record({ url, body, headers: shown, ...outcome, at: Date.now(), ...meta });
		const what = meta.event ? `${meta.event} ${meta.taskId}` : meta.source;
		this.opts.log?.(
			`webhook ${what} ${redactUrl(url)} -> ${outcome.status ?? outcome.error} (attempt ${meta.attempt})`,
		);
		return outcome.status;
	}

	/** Resolves when every queued lifecycle delivery is done (deliveries queued meanwhile included). */
	async idle(): Promise<void> {
		for (;;) {
			const waited = [...this.chains.values()];
			await Promise.all(waited);
			const now = [...this.chains.values()];
			if (now.length === waited.length && now.every((p, i) => p === waited[i])) return;
		}
	}

	forget(): void {
		this.chains = new Map();
	}

	async close(): Promise<void> {
		this.stopped.abort();
		await Promise.allSettled(this.chains.values());
		await this.transport.close();
	}
}
