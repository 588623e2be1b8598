// Shared setup for the APIFRAME engine tests: an emulator, credentials pointing at it, and a
// one-call way to run the APIFRAME node through n8n-core (WorkflowExecute / RoutingNode).
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, runNode, runWorkflow, type RunOptions } from '../harness/index.mts';
import { startApiframeEmulator } from '../emulator/apiframe/index.mts';
import type { ApiframeEmulator, ApiframeEmulatorOptions } from '../emulator/apiframe/types.mts';

export type { ApiframeEmulator };

export const APIFRAME = 'n8n-nodes-midjourney-api.apiframe';
export const APIFRAME_TRIGGER = 'n8n-nodes-midjourney-api.apiframeTrigger';

// Distinctive values, so a leak scan can find any copy of them.
export const API_KEY = 'afk_live_Ap1Fr4meK3yV4lue7c1d9e2f';
export const WEBHOOK_SECRET = 'afwh_S3cr3tV4lue8b2c6d0e4f1a93';

export async function startEmulator(opts: ApiframeEmulatorOptions = {}): Promise<ApiframeEmulator> {
	return await startApiframeEmulator({ apiKey: API_KEY, jobDurationMs: 600, ...opts });
}

export function credentialsFor(emu: ApiframeEmulator, overrides: IDataObject = {}) {
	return {
		apiframeApi: { apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, baseUrl: emu.baseUrl, ...overrides },
	};
}

export interface ApiframeRun {
	items: INodeExecutionData[];
	error?: { message?: string; description?: string; httpCode?: string | null; [key: string]: unknown };
	logs: string[];
	run: unknown;
	binary(item: INodeExecutionData, key: string): Promise<Buffer>;
}

export type RunOpts = RunOptions & { continueOnFail?: boolean; credentialOverrides?: IDataObject };

/** Runs the APIFRAME node once over `input` items. */
export async function apiframe(
	emu: ApiframeEmulator,
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	opts: RunOpts = {},
): Promise<ApiframeRun> {
	const { continueOnFail, credentialOverrides, ...runOptions } = opts;
	const result = await runNode({ type: APIFRAME, parameters, continueOnFail }, input, {
		credentials: credentialsFor(emu, credentialOverrides),
		timeoutMs: 60_000,
		...runOptions,
	});
	return {
		items: result.items,
		error: result.error as ApiframeRun['error'],
		logs: result.logs,
		run: result.run,
		binary: result.binary,
	};
}

export const op = (resource: string, operation: string, params: INodeParameters = {}): INodeParameters => ({
	resource,
	operation,
	...params,
});

export const imagine = (prompt: string, extra: INodeParameters = {}): INodeParameters =>
	op('image', 'imagine', { prompt, ...extra });

/** Requests to exactly `apiPath` with `method`, oldest first. */
export function calls(emu: ApiframeEmulator, method: string, apiPath: string) {
	return emu.requests.filter((r) => r.method === method && r.apiPath === apiPath);
}

/** Bodies of the POSTs to exactly `apiPath`, oldest first. */
export function posted(emu: ApiframeEmulator, apiPath: string): unknown[] {
	return calls(emu, 'POST', apiPath).map((r) => r.body);
}

/** The body of the POST to `apiPath` that created `taskId` (tests run side by side). */
export function bodyFor(emu: ApiframeEmulator, apiPath: string, taskId: unknown): IDataObject {
	const found = emu.requests.find((r) => r.method === 'POST' && r.apiPath === apiPath && r.taskId === taskId);
	if (!found) throw new Error(`no POST ${apiPath} created task ${String(taskId)}`);
	return found.body as IDataObject;
}

/** A finished task made by the APIFRAME node itself: the item a chained node receives. */
export async function finishedTask(emu: ApiframeEmulator, params: INodeParameters, input: IDataObject[] = [{}]): Promise<IDataObject> {
	const { items, error } = await apiframe(emu, params, input);
	if (error || items[0]?.json.status !== 'completed') {
		throw new Error(`source task did not complete: ${error?.message ?? JSON.stringify(items[0]?.json)}`);
	}
	return items[0].json;
}

export const gridTask = async (emu: ApiframeEmulator, prompt = 'a lighthouse at dawn') =>
	await finishedTask(emu, imagine(prompt));

/** A finished Upscale 1x task (the parent Upscale Alt, Inpaint, Outpaint and Pan need). */
export async function upscaledTask(emu: ApiframeEmulator, prompt = 'a fox in the snow'): Promise<IDataObject> {
	const grid = await gridTask(emu, prompt);
	return await finishedTask(emu, op('image', 'upscale1x', { index: 2 }), [grid]);
}

/** Manual Trigger -> `first` -> `second`, both APIFRAME nodes; returns each node's output. */
export async function chain(
	emu: ApiframeEmulator,
	first: INodeParameters,
	second: INodeParameters,
): Promise<{ first: INodeExecutionData[]; second: INodeExecutionData[]; error?: { message?: string } }> {
	const result = await runWorkflow(
		{
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} },
				{ name: 'First', type: APIFRAME, parameters: first },
				{ name: 'Second', type: APIFRAME, parameters: second },
			],
			connections: {
				Start: { main: [[{ node: 'First', type: 'main', index: 0 }]] },
				First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] },
			},
		},
		{ credentials: credentialsFor(emu), timeoutMs: 60_000 },
	);
	return { first: result.output('First'), second: result.output('Second'), error: result.error };
}
