// Callback delivery. The docs only say the `callback` URL gets "task completion notifications"; they
// name no headers, signature or retry policy. Our choices: POST the full job JSON (as Get Task returns
// it) with Content-Type application/json and no other headers; retry a non-2xx answer or network error
// `retries` times with a doubling delay; deliver one job's callbacks in order.
import { Agent, request } from 'undici';

import { sleep } from './http.mts';
import type { DeliveredCallback, JobStatus } from './types.mts';

export interface CallbackOptions {
	retries: number;
	retryDelayMs: number;
	/** How long a receiver may take to answer (headers, then body); default 10 s. */
	timeoutMs?: number;
	record: (cb: DeliveredCallback) => void;
	/** False once the job was forgotten (reset): stop retrying its callbacks. */
	isLive: (jobId: string) => boolean;
	log?: (line: string) => void;
}

/** Logs show origin + path only: callback URLs often carry a secret token in the query. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
	} catch {
		return '(invalid url)';
	}
}

export class CallbackSender {
	private readonly agent = new Agent({ keepAliveTimeout: 1000, connectTimeout: 5000 });
	private readonly abort = new AbortController();
	private readonly queues = new Map<string, Promise<void>>();

	constructor(private readonly opts: CallbackOptions) {}

	/** One POST; resolves to the HTTP status or an error text. */
	async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status?: number; error?: string }> {
		try {
			const res = await request(url, {
				method: 'POST',
				dispatcher: this.agent,
				headers: { 'content-type': 'application/json', ...headers },
				body: typeof body === 'string' ? body : JSON.stringify(body),
				headersTimeout: this.opts.timeoutMs ?? 10_000,
				bodyTimeout: this.opts.timeoutMs ?? 10_000,
				signal: this.abort.signal,
			});
			await res.body.dump();
			return { status: res.statusCode };
		} catch (err) {
			return { error: (err as Error).message || String(err) };
		}
	}

	/** Sends once (no retries) and records it. */
	async sendOnce(
		url: string,
		body: unknown,
		meta: { source: DeliveredCallback['source']; jobId?: string; event?: JobStatus },
		headers?: Record<string, string>,
	): Promise<number> {
		const outcome = await this.post(url, body, headers);
		this.opts.record({ url, body, ...outcome, attempt: 1, at: Date.now(), ...meta });
		this.opts.log?.(`callback ${meta.source} ${redactUrl(url)} -> ${outcome.status ?? outcome.error}`);
		return outcome.status ?? 0;
	}

	/** Lifecycle callback: queued behind the job's earlier callbacks, retried until 2xx or out of tries. */
	enqueue(jobId: string, url: string, body: unknown, event: JobStatus): void {
		const previous = this.queues.get(jobId) ?? Promise.resolve();
		const next = previous.then(() => this.deliver(jobId, url, body, event)).catch(() => undefined);
		this.queues.set(jobId, next);
	}

	private async deliver(jobId: string, url: string, body: unknown, event: JobStatus): Promise<void> {
		for (let attempt = 1; attempt <= this.opts.retries + 1; attempt++) {
			if (this.abort.signal.aborted || !this.opts.isLive(jobId)) return;
			const outcome = await this.post(url, body);
			if (!this.opts.isLive(jobId)) return;
			this.opts.record({ url, body, ...outcome, attempt, at: Date.now(), jobId, event, source: 'job' });
			this.opts.log?.(`callback ${event} ${jobId} ${redactUrl(url)} -> ${outcome.status ?? outcome.error} (attempt ${attempt})`);
			if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) return;
			if (attempt <= this.opts.retries) await sleep(this.opts.retryDelayMs * 2 ** (attempt - 1), this.abort.signal);
		}
	}

	/** Resolves when every queued lifecycle callback is done (handy in tests). */
	async idle(): Promise<void> {
		await Promise.all(this.queues.values());
	}

	forget(): void {
		this.queues.clear();
	}

	async close(): Promise<void> {
		this.abort.abort();
		await Promise.allSettled(this.queues.values());
		await this.agent.destroy();
	}
}
