// Shared setup for TheNextLeg engine tests: an emulator, credentials pointing at it, and a
// one-call way to run the TheNextLeg node through n8n-core.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { afterAll } from 'vitest';

import { runNode, type RunOptions } from '../harness/index.mts';
import {
	startTheNextLegEmulator,
	type RecordedRequest,
	type TheNextLegEmulator,
	type TheNextLegEmulatorOptions,
} from '../emulator/thenextleg/index.mts';

export const TNL = 'n8n-nodes-midjourney-api.theNextLeg';
export const TNL_TRIGGER = 'n8n-nodes-midjourney-api.theNextLegTrigger';

// Distinctive values, so a leak scan can find any copy of them.
export const TOKEN = 'tnl_live_T0k3nS3cr3tVa1ue8c1d2e3f4';
export const WEBHOOK_SECRET = 'tnl_whsec_S3cr3tVa1ue7b6a5f4e3d2';

/**
 * The emulator enforces one request per INTERVAL_MS per token (the documented 3 s, scaled down);
 * the credential asks the node for more, as a user would set it to stay clear of 429s (the pacer
 * spaces when requests start; on a busy machine their arrival can be a few tens of ms closer).
 * One test file (pacing.test.mts) runs the real 3 s on both sides.
 */
export const INTERVAL_MS = 40;
export const CREDENTIAL_INTERVAL_MS = 100;

export async function startEmulator(
	opts: TheNextLegEmulatorOptions = {},
): Promise<TheNextLegEmulator> {
	return await startTheNextLegEmulator({
		token: TOKEN,
		jobDurationMs: 600,
		minIntervalMs: INTERVAL_MS,
		...opts,
	});
}

/**
 * A fresh emulator for each test, so a file's tests can run side by side (each status wait takes
 * a couple of seconds); all are closed after the file. Call at the top level of a test file.
 */
export function useEmulators(defaults: TheNextLegEmulatorOptions = {}) {
	const started: TheNextLegEmulator[] = [];
	afterAll(async () => {
		await Promise.all(started.map(async (emu) => await emu.close()));
	});
	return async (opts: TheNextLegEmulatorOptions = {}) => {
		const emu = await startEmulator({ ...defaults, ...opts });
		started.push(emu);
		return emu;
	};
}

export function credentialsFor(emu: TheNextLegEmulator, overrides: IDataObject = {}) {
	return {
		theNextLegApi: {
			apiToken: TOKEN,
			webhookSecret: WEBHOOK_SECRET,
			baseUrl: emu.baseUrl,
			minIntervalMs: CREDENTIAL_INTERVAL_MS,
			...overrides,
		},
	};
}

export interface TnlRun {
	items: INodeExecutionData[];
	error?: {
		message?: string;
		description?: string;
		httpCode?: string | null;
		[key: string]: unknown;
	};
	logs: string[];
	run: unknown;
	binary(item: INodeExecutionData, key: string): Promise<Buffer>;
}

/** Runs the TheNextLeg node once over `input` items. */
export async function tnl(
	emu: TheNextLegEmulator,
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	opts: RunOptions & { continueOnFail?: boolean; credentialOverrides?: IDataObject } = {},
): Promise<TnlRun> {
	const { continueOnFail, credentialOverrides, ...runOptions } = opts;
	// One credential per emulator (a token on one server): its own pace, so tests running side by
	// side do not slow each other down.
	const credentials = { theNextLegApi: { id: `tnl-${emu.url}`, name: 'TheNextLeg API (emulator)' } };
	const result = await runNode({ type: TNL, parameters, continueOnFail, credentials }, input, {
		credentials: credentialsFor(emu, credentialOverrides),
		timeoutMs: 60_000,
		...runOptions,
	});
	return {
		items: result.items,
		error: result.error as TnlRun['error'],
		logs: result.logs,
		run: result.run,
		binary: result.binary,
	};
}

export const op = (
	resource: string,
	operation: string,
	params: INodeParameters = {},
): INodeParameters => ({
	resource,
	operation,
	...params,
});

export const imagine = (prompt: string, extra: INodeParameters = {}): INodeParameters =>
	op('image', 'imagine', { prompt, ...extra });

/** The API requests to exactly `apiPath` (e.g. '/v2/imagine'), oldest first. */
export function calls(emu: TheNextLegEmulator, method: string, apiPath: string): RecordedRequest[] {
	return emu.requests.filter((r) => r.method === method && r.apiPath === apiPath);
}

/**
 * The bodies of the POSTs to `apiPath` the server took (a 429 was not processed: the node sends
 * that request again, so it is left out).
 */
export function posted(emu: TheNextLegEmulator, apiPath: string): unknown[] {
	return calls(emu, 'POST', apiPath)
		.filter((r) => r.status !== 429)
		.map((r) => r.body);
}

/** The request that created message `messageId`. */
export function submitOf(emu: TheNextLegEmulator, messageId: unknown): RecordedRequest {
	const found = emu.requests.find(
		(r) => r.messageId === messageId && !r.apiPath.startsWith('/v2/message/'),
	);
	if (!found) throw new Error(`no submit created message ${String(messageId)}`);
	return found;
}

/** A finished message made by the node itself: the item a chained node receives. */
export async function finished(
	emu: TheNextLegEmulator,
	params: INodeParameters,
	input: IDataObject[] = [{}],
): Promise<IDataObject> {
	const { items, error } = await tnl(emu, params, input);
	if (error || items[0]?.json.status !== 'completed') {
		throw new Error(
			`source message did not complete: ${error?.message ?? JSON.stringify(items[0]?.json)}`,
		);
	}
	return items[0].json;
}
