// Webhook delivery (v2 notes §8): POST the message object to `webhookOverride` or the dashboard webhook.
// TNL sends no secret, signature or auth header, so neither do we: only Content-Type: application/json.
// Retries are undocumented; our choice: a non-2xx answer or a network error is retried `retries` times
// (3 by default) after `retryDelayMs` (500 ms by default), doubling; one message's webhooks go out in order.
// The delivery machinery is Legnext's CallbackSender; this file only maps its records to TNL's names.
import { CallbackSender } from '../legnext/callbacks.mts';
import type { DeliveredCallback, JobStatus } from '../legnext/types.mts';
import type { DeliveredWebhook, WebhookEvent } from './types.mts';

export interface WebhookOptions {
	retries: number;
	retryDelayMs: number;
	record: (hook: DeliveredWebhook) => void;
	/** False once the message was forgotten (reset): stop retrying its webhooks. */
	isLive: (messageId: string) => boolean;
	log?: (line: string) => void;
}

/**
 * CallbackSender types its `event` as a Legnext job status; it only stores and logs it, so TNL's event
 * names travel through it unchanged.
 */
const asStatus = (event: WebhookEvent) => event as unknown as JobStatus;

export class WebhookSender {
	private readonly sender: CallbackSender;

	constructor(opts: WebhookOptions) {
		this.sender = new CallbackSender({
			retries: opts.retries,
			retryDelayMs: opts.retryDelayMs,
			isLive: opts.isLive,
			log: opts.log,
			record: (cb: DeliveredCallback) => {
				const { jobId, event, source, ...rest } = cb;
				opts.record({
					...rest,
					...(jobId ? { messageId: jobId } : {}),
					...(event ? { event: event as unknown as WebhookEvent } : {}),
					source: source === 'job' ? 'message' : source,
				});
			},
		});
	}

	/** Lifecycle webhook: queued behind the message's earlier ones, retried until 2xx or out of tries. */
	enqueue(messageId: string, url: string, body: unknown, event: WebhookEvent): void {
		this.sender.enqueue(messageId, url, body, asStatus(event));
	}

	/** One POST, no retries (resends and forged deliveries). */
	sendOnce(
		url: string,
		body: unknown,
		meta: { source: 'resend' | 'forge'; messageId?: string; event?: WebhookEvent },
		headers?: Record<string, string>,
	): Promise<number> {
		const event = meta.event ? asStatus(meta.event) : undefined;
		return this.sender.sendOnce(url, body, { source: meta.source, jobId: meta.messageId, event }, headers);
	}

	idle(): Promise<void> {
		return this.sender.idle();
	}

	forget(): void {
		this.sender.forget();
	}

	close(): Promise<void> {
		return this.sender.close();
	}
}
