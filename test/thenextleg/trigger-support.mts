// Shared by the TheNextLeg Trigger tests: the callback token, webhooks as the emulator itself
// sends them (to a sink that answers 200), and one call of the trigger's webhook through
// n8n-core's WebhookContext.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { afterAll } from 'vitest';

import { callWebhook, type RunOptions } from '../harness/index.mts';
import type { TheNextLegEmulator, WebhookEvent } from '../emulator/thenextleg/index.mts';
import { api } from '../emulator/thenextleg/test-client.mts';
import { credentialsFor, TNL_TRIGGER, WEBHOOK_SECRET } from './support.mts';

export const TOKEN = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:thenextleg-callback:v1')
	.digest('base64url')
	.slice(0, 32);

/** A webhook receiver that accepts everything: the emulator records each body it sent (emu.callbacks). */
export function useSink(): () => Promise<string> {
	let started: Promise<{ server: Server; url: string }> | undefined;
	afterAll(async () => {
		const sink = await started;
		sink?.server.closeAllConnections();
		await new Promise((resolve) => (sink ? sink.server.close(resolve) : resolve(undefined)));
	});
	return async () => {
		started ??= new Promise((resolve) => {
			const server = createServer((req, res) => {
				req.resume();
				req.on('end', () => res.writeHead(200).end('ok'));
			});
			server.listen(0, '127.0.0.1', () =>
				resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sink` }),
			);
		});
		return (await started).url;
	};
}

/**
 * Submits through the emulator's API with the sink as webhookOverride and returns the webhook
 * body the emulator sent for `event` (default: the finished message).
 */
export async function webhookOf(
	emu: TheNextLegEmulator,
	sink: string,
	path: string,
	body: IDataObject,
	event: WebhookEvent = 'done',
): Promise<{ messageId: string; body: IDataObject }> {
	const submitted = await api(emu, 'POST', path, { ...body, webhookOverride: sink });
	const messageId = String(submitted.json.messageId);
	for (let i = 0; i < 500; i++) {
		const hook = emu.callbacks.find((c) => c.messageId === messageId && c.event === event && c.source === 'message');
		if (hook) return { messageId, body: hook.body as IDataObject };
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error(`no ${event} webhook for ${messageId}`);
}

export interface TriggerCall {
	query?: Record<string, string>;
	parameters?: IDataObject;
	staticData?: IDataObject;
	headers?: Record<string, string>;
	run?: RunOptions & { workflowId?: string };
	nodeId?: string;
}

export function callTrigger(emu: TheNextLegEmulator, body: unknown, call: TriggerCall = {}) {
	const { query = { token: TOKEN }, parameters = {}, staticData, headers, run = {}, nodeId } = call;
	return callWebhook(
		{
			type: TNL_TRIGGER,
			parameters: { events: ['completed', 'failed'], ...parameters } as never,
			webhookId: 'wh-tnl',
			...(nodeId ? { id: nodeId } : {}),
		},
		{ method: 'POST', query, body: body as object, headers },
		{ credentials: credentialsFor(emu), staticData, ...run },
	);
}
