import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IN8nHttpFullResponse,
	NodeApiError,
} from 'n8n-workflow';

import { providerApiError, transportApiError } from '../http/apiErrors';
import { asNodeError } from '../http/asNodeError';
import type { ApiContext } from '../http/apiRequest';
import { backoffDelay, pause, READ_RETRY } from '../http/backoff';
import { pacerOf } from '../http/pacing';
import { secretsOf } from '../http/secrets';
import { transportOptions } from '../http/transport';
import { classifyTransportError, retryAfterMs } from '../http/transportErrors';
import type { Provider } from '../provider';
import type { FileContext, RemoteFile } from './download';
import { DOWNLOAD_TIMEOUT_MS, downloadBinary, fileType } from './download';
import { credentialsOf } from '../http/credentials';

/**
 * Result files that a plain GET may be refused (TheNextLeg: "If you receive a 403 error when
 * retrieving an image programmatically, please see get image safely"), fetched through the
 * provider's API instead: an authenticated request, paced with the credential's other requests.
 * A provider offers it in its `files()` answer (JobFiles.viaApi).
 */
export interface FilesViaApi {
	provider: Provider;
	/** The request that answers the file's bytes; `url` is absolute (the route may sit outside the base URL). */
	request(fileUrl: string, credentials: ICredentialDataDecryptedObject): { method: 'GET' | 'POST'; url: string; body?: IDataObject };
}

/** Plain GETs answering these mean "not like this", not "gone": the API route is tried. */
const REFUSED = new Set(['401', '403']);

type Stream = NodeJS.ReadableStream & { destroy?: () => void };

async function text(stream: Stream, limit = 64 * 1024): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream as AsyncIterable<Buffer | string>) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		chunks.push(buffer);
		size += buffer.length;
		if (size >= limit) break;
	}
	stream.destroy?.();
	return Buffer.concat(chunks).toString('utf8');
}

function parsed(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

async function downloadViaApi(ctx: ApiContext & FileContext, provider: Provider, file: RemoteFile, via: FilesViaApi): Promise<IBinaryData> {
	const credentials = await credentialsOf(ctx, provider.credentialType);
	const pacer = await pacerOf(ctx, provider);
	const signal = ctx.getExecutionCancelSignal?.();
	const itemIndex = ctx.getItemIndex?.();
	const request = via.request(file.url, credentials);
	for (let attempt = 0; ; attempt++) {
		const slot = await pacer.acquire(signal);
		let response: IN8nHttpFullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, provider.credentialType, {
				...transportOptions(ctx, DOWNLOAD_TIMEOUT_MS, 'download'),
				method: request.method,
				url: request.url,
				...(request.body ? { body: JSON.stringify(request.body), headers: { 'Content-Type': 'application/json' } } : {}),
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			slot.release();
			const kind = classifyTransportError(error);
			if (kind === 'other' || kind === 'dns' || attempt + 1 >= READ_RETRY.maxAttempts || signal?.aborted) {
				throw transportApiError(ctx.getNode(), provider.name, error, `Downloading ${file.baseName} through the API`, itemIndex);
			}
			await pause(backoffDelay(attempt, READ_RETRY), signal);
			continue;
		}
		slot.release();
		const status = response.statusCode;
		if (status >= 400) {
			const retryAfter = retryAfterMs(response.headers);
			if (status === 429) pacer.rateLimited(slot, retryAfter);
			const said = parsed(await text(response.body as Stream));
			if ((status === 429 || status >= 500) && attempt + 1 < READ_RETRY.maxAttempts && !signal?.aborted) {
				await pause(backoffDelay(attempt, READ_RETRY, retryAfter), signal);
				continue;
			}
			throw providerApiError(ctx.getNode(), {
				provider: provider.name,
				status,
				body: said,
				hints: provider.hints,
				itemIndex,
				retryAfterMs: retryAfter,
				secrets: await secretsOf(ctx, provider),
			});
		}
		pacer.succeeded();
		const { mimeType, extension } = fileType(file.url, response.headers['content-type']);
		return await ctx.helpers.prepareBinaryData(response.body as Buffer, `${file.baseName}.${extension}`, mimeType);
	}
}

/**
 * A result file as binary data: a plain GET, and where the provider offers its API route and the
 * plain GET was refused (401/403), the same file through the API.
 */
export async function downloadFile(this: FileContext, providerName: string, file: RemoteFile, via?: FilesViaApi): Promise<IBinaryData> {
	try {
		return await downloadBinary.call(this, providerName, file);
	} catch (error) {
		const apiContext = this as Partial<ApiContext> & FileContext;
		const refused = REFUSED.has(String((error as NodeApiError).httpCode ?? ''));
		if (!via || !refused || typeof apiContext.getCredentials !== 'function' || !apiContext.helpers.httpRequestWithAuthentication) {
			throw asNodeError(this.getNode(), error, this.getItemIndex?.());
		}
		return await downloadViaApi(apiContext as ApiContext & FileContext, via.provider, file, via);
	}
}
