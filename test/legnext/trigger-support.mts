// Shared by the Legnext Trigger tests: the callback token, real finished jobs from the emulator,
// and one call of the trigger's webhook through n8n-core's WebhookContext.
import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { request } from 'undici';

import { callWebhook, type RunOptions } from '../harness/index.mts';
import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { API_KEY, credentialsFor, LEGNEXT_TRIGGER, WEBHOOK_SECRET } from './support.mts';

export const TOKEN = createHmac('sha256', WEBHOOK_SECRET)
	.update('n8n-nodes-midjourney-api:legnext-callback:v1')
	.digest('base64url')
	.slice(0, 32);

export async function api(emu: LegnextEmulator, method: 'GET' | 'POST', path: string, body?: unknown): Promise<IDataObject> {
	const res = await request(`${emu.baseUrl}${path}`, {
		method,
		headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return (await res.body.json()) as IDataObject;
}

/** A real job, run to its end in the emulator, as Legnext would post it. */
export async function finishedJob(emu: LegnextEmulator, prompt = 'a quiet lake'): Promise<IDataObject> {
	const { job_id: jobId } = await api(emu, 'POST', '/v1/diffusion', { text: prompt });
	for (;;) {
		const job = await api(emu, 'GET', `/v1/job/${jobId}`);
		if (job.status === 'completed' || job.status === 'failed') return job;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export interface TriggerCall {
	query?: Record<string, string>;
	parameters?: IDataObject;
	staticData?: IDataObject;
	headers?: Record<string, string>;
	run?: RunOptions & { workflowId?: string };
	/** The trigger node's id: with run.workflowId, calls are requests to one saved workflow. */
	nodeId?: string;
}

export function callTrigger(emu: LegnextEmulator, body: unknown, call: TriggerCall = {}) {
	const { query = { token: TOKEN }, parameters = {}, staticData, headers, run = {}, nodeId } = call;
	return callWebhook(
		{
			type: LEGNEXT_TRIGGER,
			parameters: { events: ['completed', 'failed'], ...parameters } as never,
			webhookId: 'wh-1',
			...(nodeId ? { id: nodeId } : {}),
		},
		{ method: 'POST', query, body: body as object, headers },
		{ credentials: credentialsFor(emu), staticData, ...run },
	);
}
