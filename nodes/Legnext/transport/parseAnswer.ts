import type {
	ICredentialDataDecryptedObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { providerApiError } from '../../shared/apiErrors';
import { markAnswered, markNotProcessed } from '../../shared/sendWithRetries';
import { retryAfterMs } from '../../shared/transportErrors';
import { CREDENTIAL_TYPE, LEGNEXT_HINTS, PROVIDER } from './constants';

/** What talking to Legnext needs from n8n: satisfied by the action node and the trigger. */
export interface LegnextContext {
	getNode(): INode;
	getItemIndex?(): number;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	helpers: {
		httpRequestWithAuthentication(
			this: unknown,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
}

export async function credentialSecrets(this: Pick<LegnextContext, 'getCredentials'>): Promise<string[]> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return [credentials.apiKey, credentials.webhookSecret].filter(
		(value): value is string => typeof value === 'string' && !!value,
	);
}

/** A response body as JSON; n8n hands it over parsed, or as text/bytes when it could not. */
export function jsonBody(body: unknown): { ok: true; value: unknown } | { ok: false; text: string } {
	if (typeof body !== 'string' && !Buffer.isBuffer(body)) return { ok: true, value: body };
	const text = body.toString();
	try {
		return { ok: true, value: text ? JSON.parse(text) : {} };
	} catch {
		return { ok: false, text };
	}
}

/**
 * Turns Legnext's answer into its JSON body, or into the right error. `submitted` says whether
 * the request could have created (and charged) a job: then an unreadable answer is reported
 * as such, and only a 429 is flagged as safe to send again.
 */
export async function parseAnswer(
	this: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	submitted: boolean,
): Promise<unknown> {
	const status = response.statusCode;
	const parsed = jsonBody(response.body);
	// An unreadable error body is still the provider's words; an unreadable success is not.
	const body = parsed.ok ? parsed.value : status >= 400 ? parsed.text : undefined;

	if (status >= 400) {
		const retryAfter = retryAfterMs(response.headers);
		const error = providerApiError(this.getNode(), {
			provider: PROVIDER,
			status,
			body,
			hints: LEGNEXT_HINTS,
			itemIndex: this.getItemIndex(),
			retryAfterMs: retryAfter,
			secrets: await credentialSecrets.call(this),
		});
		// 429 was not processed; a read (no job created) may also be repeated after a 5xx.
		const again = status === 429 || (!submitted && status >= 500);
		throw again ? markNotProcessed(error, retryAfter) : markAnswered(error);
	}
	if (body === undefined || body === null || typeof body !== 'object') {
		throw markAnswered(
			new NodeApiError(
				this.getNode(),
				{ httpCode: String(status), message: 'answer is not JSON' },
				{
					message: `${PROVIDER} answered with something that is not JSON (HTTP ${status})`,
					description: submitted
						? 'The request may still have created a job, so it was NOT sent again. Check your Legnext jobs before running again.'
						: 'Try again in a moment; if it persists, check the Base URL in the credential.',
					httpCode: String(status),
					itemIndex: this.getItemIndex(),
				},
			),
		);
	}
	return body;
}
