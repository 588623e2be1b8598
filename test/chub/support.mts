// Shared setup for the Chub Imagine engine tests: an emulator, credentials pointing at it, and a
// one-call way to run the Chub Imagine node through n8n-core (RoutingNode, real contexts).
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, type RunOptions } from '../harness/index.mts';
import {
	startChubEmulator,
	type ChubEmulator,
	type ChubEmulatorOptions,
	type RecordedRequest,
} from '../emulator/chub/index.mts';
import { buildWav } from '../emulator/chub/wav.mts';
import { encodePng, patternImage } from '../emulator/legnext/png.mts';

export const CHUB = 'n8n-nodes-midjourney-api.chubImagine';
export const CREDENTIAL_TYPE = 'chubImagineApi';

// Distinctive, so a leak scan can find any copy of it.
export const API_KEY = 'CHK-live-9e4f1c7a3b2d8e6f0a5c4b3d2e1f';

export async function startEmulator(opts: ChubEmulatorOptions = {}): Promise<ChubEmulator> {
	return await startChubEmulator({ apiKey: API_KEY, jobDurationMs: 300, ...opts });
}

export function credentialsFor(emu: ChubEmulator, overrides: IDataObject = {}) {
	return { [CREDENTIAL_TYPE]: { apiKey: API_KEY, baseUrl: emu.baseUrl, ...overrides } };
}

export interface ChubRun {
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

/** Runs the Chub Imagine node once over `input` items (plain json, or items with binaries). */
export async function chub(
	emu: ChubEmulator,
	parameters: INodeParameters,
	input: IDataObject[] | INodeExecutionData[] = [{}],
	opts: RunOptions & { continueOnFail?: boolean; credentialOverrides?: IDataObject } = {},
): Promise<ChubRun> {
	const { continueOnFail, credentialOverrides, ...runOptions } = opts;
	const result = await runNode({ type: CHUB, parameters, continueOnFail }, input, {
		credentials: credentialsFor(emu, credentialOverrides),
		timeoutMs: 60_000,
		...runOptions,
	});
	return {
		items: result.items,
		error: result.error as ChubRun['error'],
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

/** The API requests (not /check, not downloads) to exactly `apiPath`. */
export function calls(emu: ChubEmulator, method: string, apiPath: string): RecordedRequest[] {
	return emu.requests.filter((r) => r.method === method && r.apiPath === apiPath);
}

/** The request that created `generationUuid` (tests run side by side on one emulator). */
export function submitOf(emu: ChubEmulator, generationUuid: unknown): RecordedRequest {
	const found = emu.requests.find((r) => r.generationUuid === generationUuid);
	if (!found) throw new Error(`no request created generation ${String(generationUuid)}`);
	return found;
}

/** An n8n item holding `bytes` as binary property `property` (base64 in the item, as pinned data is). */
export function binaryItem(
	bytes: Buffer,
	{
		property = 'data',
		fileName,
		mimeType,
		json = {},
	}: { property?: string; fileName: string; mimeType: string; json?: IDataObject },
): INodeExecutionData {
	const extension = fileName.includes('.') ? fileName.split('.').pop() : undefined;
	return {
		json,
		binary: {
			[property]: {
				data: bytes.toString('base64'),
				fileName,
				mimeType,
				...(extension ? { fileExtension: extension } : {}),
			},
		},
	};
}

/** Real files for uploads: a small PNG and a short WAV (the emulators' own encoders). */
export const PNG_BYTES = encodePng(patternImage(7, 16));
export const WAV_BYTES = buildWav({ seconds: 0.5, frequency: 440 });
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The bytes a data: URL carries, and its type. */
export function dataUrl(value: unknown): { mimeType: string; bytes: Buffer } {
	const match = /^data:([^;,]+);base64,(.*)$/s.exec(String(value));
	if (!match) throw new Error(`not a base64 data URL: ${String(value).slice(0, 60)}`);
	return { mimeType: match[1], bytes: Buffer.from(match[2], 'base64') };
}

/** A result file as the emulator serves it, to compare with what the node stored. */
export async function served(url: unknown): Promise<{ bytes: Buffer; contentType: string }> {
	const response = await fetch(String(url));
	if (!response.ok) throw new Error(`GET ${String(url)} -> ${response.status}`);
	return {
		bytes: Buffer.from(await response.arrayBuffer()),
		contentType: response.headers.get('content-type') ?? '',
	};
}
