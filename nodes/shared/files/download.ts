import type { IBinaryData, IHttpRequestOptions, IN8nHttpFullResponse, INode } from 'n8n-workflow';

import { NodeApiError } from 'n8n-workflow';

import { transportApiError } from '../http/apiErrors';
import { backoffDelay, pause, READ_RETRY } from '../http/backoff';
import { transportOptions } from '../http/transport';
import { classifyTransportError } from '../http/transportErrors';

/** Default time one download may take, unless the user set Request Options > Timeout. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * What downloading needs from n8n: satisfied by action nodes (per item) and trigger nodes.
 */
export interface FileContext {
	getNode(): INode;
	getItemIndex?(): number;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	/** Shared by all items of one node run (action nodes only). */
	getExecuteData?(): object;
	helpers: {
		httpRequest(options: IHttpRequestOptions): Promise<unknown>;
		prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData>;
	};
}

/** A result file the provider hosts (image, video or audio). */
export interface RemoteFile {
	url: string;
	/** File name without extension, e.g. `<jobId>_0`. */
	baseName: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	ogg: 'audio/ogg',
	m4a: 'audio/mp4',
	flac: 'audio/flac',
};

const EXTENSION_BY_MIME: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/tiff': 'tiff',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/wave': 'wav',
	'audio/x-wav': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/ogg': 'ogg',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/flac': 'flac',
};

function extensionOf(url: string): string | undefined {
	const path = url.split(/[?#]/)[0];
	const match = /\.([a-z0-9]{2,5})$/i.exec(path);
	return match ? match[1].toLowerCase() : undefined;
}

/** Trust a specific image/video/audio Content-Type; otherwise go by the URL's extension. */
export function fileType(url: string, contentType?: unknown): { mimeType: string; extension: string } {
	const header = typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
	if (EXTENSION_BY_MIME[header]) return { mimeType: header, extension: EXTENSION_BY_MIME[header] };
	const extension = extensionOf(url);
	if (extension && MIME_BY_EXTENSION[extension]) {
		return { mimeType: MIME_BY_EXTENSION[extension], extension };
	}
	return { mimeType: header || 'application/octet-stream', extension: extension ?? 'bin' };
}

/**
 * Whether n8n's binary store held this whole file in memory to write it. The binary's id names
 * the store (`<mode>:<fileId>`). In n8n 2.41 only the filesystem store streams a download to
 * disk; the database store (queue mode's default), S3 and Azure read each file into one Buffer
 * first (the database's INSERT then copies it once more), so every download in flight costs
 * its whole file, and ~2x that in the database. In-memory mode (no id) keeps every file anyway.
 */
export function storeHoldsWholeFile(binary: IBinaryData): boolean {
	const mode = binary.id?.split(':')[0];
	return mode !== undefined && !mode.startsWith('filesystem');
}

/**
 * Downloads one result file as n8n binary data. The body is streamed into n8n's binary store,
 * so in filesystem/S3 mode a large file never sits in memory. Result URLs are public CDN links:
 * no credentials are sent with them.
 */
export async function downloadBinary(
	this: FileContext,
	provider: string,
	file: RemoteFile,
): Promise<IBinaryData> {
	const signal = this.getExecutionCancelSignal?.();
	const itemIndex = this.getItemIndex?.();
	for (let attempt = 0; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequest({
				...transportOptions(this, DOWNLOAD_TIMEOUT_MS, 'download'),
				method: 'GET',
				url: file.url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			const kind = classifyTransportError(error);
			if (kind === 'other' || kind === 'dns' || kind === 'tls' || attempt + 1 >= READ_RETRY.maxAttempts || signal?.aborted) {
				throw transportApiError(
					this.getNode(),
					provider,
					error,
					`Downloading ${file.baseName}`,
					itemIndex,
				);
			}
			await pause(backoffDelay(attempt, READ_RETRY), signal);
			continue;
		}

		const status = response.statusCode;
		if (status >= 400) {
			(response.body as { destroy?: () => void }).destroy?.();
			const transient = status === 429 || status >= 500;
			if (transient && attempt + 1 < READ_RETRY.maxAttempts && !signal?.aborted) {
				await pause(backoffDelay(attempt, READ_RETRY), signal);
				continue;
			}
			throw new NodeApiError(
				this.getNode(),
				{ httpCode: String(status), message: `download answered HTTP ${status}` },
				{
					message: `${provider}: downloading ${file.baseName} failed (HTTP ${status})`,
					description:
						status === 404 || status === 403 || status === 410
							? 'The file is no longer available: providers keep result files for a limited time. Save them to your own storage soon after a job finishes.'
							: 'The file server did not deliver the file. Try again later; the job result URLs are still in the output.',
					httpCode: String(status),
					itemIndex: itemIndex,
				},
			);
		}
		const { mimeType, extension } = fileType(file.url, response.headers['content-type']);
		return await this.helpers.prepareBinaryData(
			response.body as Buffer,
			`${file.baseName}.${extension}`,
			mimeType,
		);
	}
}
