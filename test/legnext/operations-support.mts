// Helpers for the follow-up operation tests: parameters of one operation, the body the emulator
// received for an endpoint, a finished source job made by our own Imagine node, and a two-node
// workflow (Manual Trigger -> first -> second) for chaining through n8n's engine.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, runWorkflow } from '../harness/index.mts';
import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { credentialsFor, imagine, legnext, LEGNEXT } from './support.mts';

export const op = (resource: string, operation: string, params: INodeParameters = {}): INodeParameters => ({
	resource,
	operation,
	...params,
});

/** Bodies of the POSTs to exactly `apiPath`, oldest first. */
export function posted(emu: LegnextEmulator, apiPath: string): unknown[] {
	return emu.requests.filter((r) => r.method === 'POST' && r.apiPath === apiPath).map((r) => r.body);
}

/** The body of the one POST to `apiPath` made for `jobId` (tests run side by side). */
export function bodyFor(emu: LegnextEmulator, apiPath: string, jobId: unknown): unknown {
	const found = emu.requests.find((r) => r.method === 'POST' && r.apiPath === apiPath && r.jobId === jobId);
	if (!found) throw new Error(`no POST ${apiPath} created job ${String(jobId)}`);
	return found.body;
}

/** A finished job made by the Legnext node itself: the item a chained node receives. */
export async function finishedJob(emu: LegnextEmulator, params: INodeParameters): Promise<IDataObject> {
	const { items, error } = await legnext(emu, params);
	if (error || items[0]?.json.status !== 'completed') {
		throw new Error(`source job did not complete: ${error?.message ?? JSON.stringify(items[0]?.json)}`);
	}
	return items[0].json;
}

export const gridJob = async (emu: LegnextEmulator, prompt = 'a lighthouse at dawn') =>
	await finishedJob(emu, imagine(prompt));

/** Manual Trigger -> `first` -> `second`, both Legnext nodes; returns each node's output. */
export async function chain(
	emu: LegnextEmulator,
	first: INodeParameters,
	second: INodeParameters,
): Promise<{ first: INodeExecutionData[]; second: INodeExecutionData[]; error?: { message?: string } }> {
	const result = await runWorkflow(
		{
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} },
				{ name: 'First', type: LEGNEXT, parameters: first },
				{ name: 'Second', type: LEGNEXT, parameters: second },
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
