// Shared setup for Legnext engine tests: an emulator, credentials pointing at it, and a
// one-call way to run the Legnext node through n8n-core.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, type RunOptions } from '../harness/index.mts';
import {
	startLegnextEmulator,
	type LegnextEmulator,
	type LegnextEmulatorOptions,
} from '../emulator/legnext/index.mts';

export const LEGNEXT = 'n8n-nodes-midjourney-api.legnext';
export const LEGNEXT_TRIGGER = 'n8n-nodes-midjourney-api.legnextTrigger';

// Distinctive values, so a leak scan can find any copy of them.
export const API_KEY = 'lnx_live_K3y5ecr3tVa1ue9f3c2a7b1e';
export const WEBHOOK_SECRET = 'whsec_S3cr3tVa1ue4d8e1f0a9c77';

export async function startEmulator(opts: LegnextEmulatorOptions = {}): Promise<LegnextEmulator> {
	return await startLegnextEmulator({ apiKey: API_KEY, jobDurationMs: 600, ...opts });
}

export function credentialsFor(emu: LegnextEmulator, overrides: IDataObject = {}) {
	return {
		legnextApi: { apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, baseUrl: emu.baseUrl, ...overrides },
	};
}

export interface LegnextRun {
	items: INodeExecutionData[];
	error?: { message?: string; description?: string; httpCode?: string | null; [key: string]: unknown };
	logs: string[];
	run: unknown;
	binary(item: INodeExecutionData, key: string): Promise<Buffer>;
}

/** Runs the Legnext node once over `input` items. */
export async function legnext(
	emu: LegnextEmulator,
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	opts: RunOptions & { continueOnFail?: boolean; credentialOverrides?: IDataObject } = {},
): Promise<LegnextRun> {
	const { continueOnFail, credentialOverrides, ...runOptions } = opts;
	const result = await runNode({ type: LEGNEXT, parameters, continueOnFail }, input, {
		credentials: credentialsFor(emu, credentialOverrides),
		timeoutMs: 60_000,
		...runOptions,
	});
	return {
		items: result.items,
		error: result.error as LegnextRun['error'],
		logs: result.logs,
		run: result.run,
		binary: result.binary,
	};
}

export const imagine = (prompt: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'image',
	operation: 'imagine',
	prompt,
	...extra,
});

export function apiCalls(emu: LegnextEmulator, method: string, pathStart: string) {
	return emu.requests.filter((r) => r.method === method && r.apiPath.startsWith(pathStart));
}
