// Shared by the APIFRAME Trigger tests: the URL token, real tasks from the emulator, the
// deliveries the emulator really makes (recorded by a stand-in receiver), and one call of the
// trigger's webhook through n8n-core's WebhookContext.
import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { callWebhook, type RunOptions } from '../harness/index.mts';
import { run, submit } from '../emulator/apiframe/client.mts';
import { startReceiver } from '../emulator/helpers.mts';
import { APIFRAME_TRIGGER, credentialsFor, WEBHOOK_SECRET, type ApiframeEmulator } from './support.mts';

/** The token the action node adds to the trigger URL (the core derives it from the webhook secret). */
export const TOKEN = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:apiframe-callback:v1')
	.digest('base64url')
	.slice(0, 32);

/** The header APIFRAME sends back: the credential's webhook secret, verbatim (apiframe-v1.md §5). */
export const SECRET_HEADER = { 'x-webhook-secret': WEBHOOK_SECRET };

/** A real task, run to its end in the emulator, as /fetch (and so its webhook) shows it. */
export async function finishedTask(emu: ApiframeEmulator, prompt = 'a quiet lake'): Promise<IDataObject> {
	return (await run(emu, '/imagine', { prompt })) as IDataObject;
}

export interface Delivery {
	headers: Record<string, string>;
	body: IDataObject;
}

/**
 * Every webhook the emulator sends for one task submitted with a webhook URL and secret: the
 * progress updates and the final result, with their real headers, in order.
 */
export async function deliveriesOf(emu: ApiframeEmulator, path: string, body: IDataObject): Promise<{ taskId: string; deliveries: Delivery[] }> {
	const receiver = await startReceiver();
	try {
		const taskId = await submit(emu, path, { ...body, webhook_url: receiver.url, webhook_secret: WEBHOOK_SECRET });
		for (;;) {
			await emu.webhooksIdle();
			const ended = emu.callbacks.some((c) => c.taskId === taskId && (c.event === 'finished' || c.event === 'failed'));
			if (ended) break;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const deliveries = receiver.hits.map((hit) => ({
			headers: Object.fromEntries(Object.entries(hit.headers).map(([key, value]) => [key, String(value)])),
			body: JSON.parse(hit.body) as IDataObject,
		}));
		return { taskId, deliveries };
	} finally {
		await receiver.close();
	}
}

export interface TriggerCall {
	query?: Record<string, string>;
	parameters?: IDataObject;
	staticData?: IDataObject;
	/** Default: the x-webhook-secret header; pass {} for none. */
	headers?: Record<string, string>;
	run?: RunOptions & { workflowId?: string };
	/** The trigger node's id: with run.workflowId, calls are requests to one saved workflow. */
	nodeId?: string;
}

export function callTrigger(emu: ApiframeEmulator, body: unknown, call: TriggerCall = {}) {
	const { query = {}, parameters = {}, staticData, headers = SECRET_HEADER, run: runOptions = {}, nodeId } = call;
	return callWebhook(
		{
			type: APIFRAME_TRIGGER,
			parameters: { events: ['completed', 'failed'], ...parameters } as never,
			webhookId: 'wh-apiframe',
			...(nodeId ? { id: nodeId } : {}),
		},
		{ method: 'POST', query, body: body as object, headers },
		{ credentials: credentialsFor(emu), staticData, ...runOptions },
	);
}
