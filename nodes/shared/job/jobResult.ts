import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FileContext, RemoteFile } from '../files/download';
import { storeHoldsWholeFile } from '../files/download';
import { limiterFor } from '../files/limiter';
import type { FilesViaApi } from '../files/viaApi';
import { downloadFile } from '../files/viaApi';
import { maskUrlSecrets } from '../http/secrets';

/**
 * Files streamed at once per node run: enough to use the bandwidth, few enough to stay small.
 * Only where n8n's binary store streams to disk (filesystem mode); see resultItems.
 */
export const PARALLEL_DOWNLOADS = 4;

/**
 * The one output shape every provider's job maps to, so a workflow can switch providers
 * without rewiring. Provider-specific extras (describe prompts, shorten suggestions) are added
 * as further top-level fields; the provider's job as received stays under `raw`.
 */
export interface JobResult extends IDataObject {
	jobId: string;
	provider: string;
	taskType: string | null;
	/** The prompt as sent, when this node submitted the job (not every provider's job echoes it). */
	prompt: string | null;
	status: string;
	/** 0-100, null when the provider does not say. */
	progress: number | null;
	/** The grid or the single result image. */
	imageUrl: string | null;
	imageUrls: string[];
	videoUrls: string[];
	seed: string | null;
	/** Follow-ups the provider offers for this result, e.g. `{ upscale: [0,1,2,3], reroll: true }`. */
	actions: IDataObject;
	usage: IDataObject | null;
	error: { code: number | string | null; message: string } | null;
	createdAt: string | null;
	endedAt: string | null;
	raw: IDataObject;
}

export type DownloadChoice = 'none' | 'results' | 'grid' | 'all';
export type BinaryLayout = 'perFile' | 'oneItem';

export interface BinaryOptions {
	download: DownloadChoice;
	layout: BinaryLayout;
	/** Binary property name; in one-item layout files are `<name>_0`, `<name>_1`, … and `<name>_grid`. */
	property: string;
}

/** Which hosted files a finished job offers, in the order a user expects them. */
export interface JobFiles {
	grid?: RemoteFile;
	results: RemoteFile[];
	/** Where a plain GET of a file may be refused (401/403): its route through the provider's API. */
	viaApi?: FilesViaApi;
}

function pickFiles(files: JobFiles, download: DownloadChoice): Array<RemoteFile & { key: string }> {
	const results = files.results.map((file, index) => ({ ...file, key: String(index) }));
	const grid = files.grid ? [{ ...files.grid, key: 'grid' }] : [];
	if (download === 'results') return results.length ? results : grid;
	if (download === 'grid') return grid.length ? grid : results;
	if (download === 'all') return [...grid, ...results];
	return [];
}

/** Turns a job result into output items, downloading files as binary when asked. */
export async function resultItems(
	this: FileContext,
	result: JobResult,
	files: JobFiles,
	options: BinaryOptions,
): Promise<INodeExecutionData[]> {
	const pairedItem = { item: this.getItemIndex?.() ?? 0 };
	const wanted = pickFiles(files, options.download);
	if (!wanted.length) return [{ json: result, pairedItem }];

	// One download at a time until a stored file shows where n8n keeps binaries: a store that
	// streams to disk gets PARALLEL_DOWNLOADS at once; one that holds each file in memory while
	// writing it (queue mode's database, S3) keeps one, so a batch holds one file, not four
	// (50 x 4 MB in queue mode, worker: Buffers held 14-16 MB with 4 at a time, 4 MB with one;
	// retained growth 4.2-4.9x one file before, 1.0-2.8x now; test/bench/memory.mts).
	const limiter = limiterFor(this.getExecuteData?.(), 1);
	const binaries: IBinaryData[] = await Promise.all(
		wanted.map(
			async (file) =>
				await limiter.run(async () => {
					const binary = await downloadFile.call(this, result.provider, file, files.viaApi);
					limiter.setMax(storeHoldsWholeFile(binary) ? 1 : PARALLEL_DOWNLOADS);
					return binary;
				}),
		),
	);
	if (options.layout === 'oneItem') {
		const binary: Record<string, IBinaryData> = {};
		wanted.forEach((file, index) => (binary[`${options.property}_${file.key}`] = binaries[index]));
		return [{ json: result, binary, pairedItem }];
	}
	return wanted.map((file, index) => ({
		json: { ...result, file: { index: file.key === 'grid' ? 'grid' : Number(file.key), url: file.url } },
		binary: { [options.property]: binaries[index] },
		pairedItem,
	}));
}

/** The whole result, every field (top-level copies of provider text too), safe to output. */
export function redactResult<T extends IDataObject>(result: T, secrets: string[]): T {
	return redactRaw(result, secrets) as T;
}

/**
 * The provider's job as received, safe to output: our callback token and n8n's resume-URL
 * signature (either lets its holder post results) and the credential's secrets, wherever the
 * provider echoes them (Legnext echoes the callback URL and webhook secret), become `***`.
 */
export function redactRaw(raw: IDataObject, secrets: string[] = []): IDataObject {
	const clean = (value: unknown): unknown => {
		if (typeof value === 'string') {
			let text = maskUrlSecrets(value);
			for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('***');
			return text;
		}
		if (Array.isArray(value)) return value.map(clean);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, clean(entry)]));
		}
		return value;
	};
	return clean(raw) as IDataObject;
}
