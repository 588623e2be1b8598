import type { Failure, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maskUrlSecrets } from './secrets';
import type { TransportFailure } from './transportErrors';
import { classifyTransportError, errorCode } from './transportErrors';

export type StatusHints = Partial<Record<number, string>>;

export interface ProviderErrorInput {
	provider: string;
	status: number;
	body: unknown;
	hints: StatusHints;
	itemIndex?: number;
	retryAfterMs?: number;
	/** Values that must never be shown (API key, webhook secret). */
	secrets?: string[];
}

function failureFor(status: number, retryAfterMs?: number): Failure | undefined {
	if (status === 401) return { cause: 'credential-invalid' };
	if (status === 402) return { cause: 'quota-exhausted' };
	if (status === 429) return { cause: 'rate-limited', retryAfterMs };
	if (status >= 500) return { cause: 'temporarily-unavailable' };
	if (status >= 400) return { cause: 'configuration-invalid' };
	return undefined;
}

/**
 * A provider's words without our secrets: the credential's values, and any token or resume
 * signature in a URL it echoes (ours are derived from the webhook secret or signed by n8n).
 */
export function scrub(text: string, secrets: string[] = []): string {
	let clean = maskUrlSecrets(text);
	for (const secret of secrets) {
		if (secret && secret.length >= 4) clean = clean.split(secret).join('***');
	}
	return clean;
}

/** The provider's own words, wherever its error body keeps them. */
export function providerMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim().slice(0, 500) || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['message', 'raw_message', 'msg', 'detail']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	// The express-validator shape, e.g. APIFRAME's 400: {"errors":[{"msg":"Invalid request"}]}.
	if (Array.isArray(record.errors)) {
		const said = record.errors.map((entry) => providerMessage(entry)).filter(Boolean);
		if (said.length) return said.join('; ');
	}
	// FastAPI's 422 (Chub): {"detail":[{"loc":["body","prompt"],"msg":"Field required"}]}, each
	// problem with the field it names.
	if (Array.isArray(record.detail)) {
		const said = record.detail.map(fastApiProblem).filter(Boolean);
		if (said.length) return said.join('; ');
	}
	const nested = record.error;
	// Chub's 4xx: {"error":"Unauthorized: ...","errorCode":401,"code":0}.
	if (typeof nested === 'string' && nested.trim()) return nested.trim().slice(0, 500);
	return nested && typeof nested === 'object' ? providerMessage(nested) : undefined;
}

function fastApiProblem(entry: unknown): string | undefined {
	if (!entry || typeof entry !== 'object') return typeof entry === 'string' ? entry : undefined;
	const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
	if (typeof msg !== 'string' || !msg.trim()) return undefined;
	// The first part says where (body, query, path); the rest names the field.
	const field = Array.isArray(loc) ? loc.slice(1).map(String).join('.') : '';
	return field ? `${field}: ${msg.trim()}` : msg.trim();
}

/**
 * An HTTP error answer from the provider as a NodeApiError: the provider's message, the HTTP
 * code and a hint for what to do. Only plain data goes in, so no request headers (API key)
 * can ride along into the execution log.
 */
export function providerApiError(node: INode, input: ProviderErrorInput): NodeApiError {
	const { provider, status, body, hints, itemIndex, retryAfterMs, secrets } = input;
	const said = scrub(providerMessage(body) ?? `HTTP ${status}`, secrets);
	const response: JsonObject = { httpCode: String(status), message: said };
	if (body && typeof body === 'object' && 'code' in body) {
		response.code = (body as { code: JsonObject['code'] }).code;
	}
	return new NodeApiError(node, response, {
		message: `${provider}: ${said}`,
		description: hints[status] ?? hints[status >= 500 ? 500 : 400],
		httpCode: String(status),
		itemIndex,
		failure: failureFor(status, retryAfterMs),
	});
}

// Plain words: a message holding a code like ECONNREFUSED is swapped by NodeApiError for a
// generic text, losing ours.
const TRANSPORT_WORDS: Record<TransportFailure, string> = {
	'not-sent': 'connection refused',
	timeout: 'no answer in time',
	broken: 'connection broken',
	dns: 'host not found',
	tls: 'certificate not accepted',
	other: 'network error',
};

const TRANSPORT_HINTS: Record<TransportFailure, string> = {
	'not-sent':
		'Nothing was sent: the server refused the connection. Check the Base URL in the credential (and Request Options > Proxy, if set) and that the service is reachable from n8n.',
	timeout:
		'The request was sent but no answer came in time. The provider may still have accepted it (and charged for it), so it was NOT sent again. Check for the job before running again.',
	broken:
		'The connection broke before an answer came. The provider may or may not have accepted the request, so it was NOT sent again. Check for the job before running again.',
	dns: 'The host name in the Base URL could not be resolved. Check the Base URL in the credential.',
	tls: "Nothing was sent: the server's TLS certificate was not accepted. If you trust it (self-signed or an internal CA), turn on Request Options > Ignore SSL Issues; otherwise fix the certificate or the Base URL.",
	other: 'The request could not be completed. Check the Base URL and the network between n8n and the provider.',
};

/** A failure below HTTP (refused, reset, timeout) as a clean error without the request attached. */
export function transportApiError(
	node: INode,
	provider: string,
	error: unknown,
	what: string,
	itemIndex?: number,
): NodeApiError {
	const kind = classifyTransportError(error);
	const code = errorCode(error) ?? kind;
	return new NodeApiError(
		node,
		// Not under `code`: NodeApiError would swap our message for a generic one for E* codes.
		{ message: `${what}: ${code}`, transportCode: code },
		{
			message: `${provider}: ${what} failed (${TRANSPORT_WORDS[kind]})`,
			description: `${TRANSPORT_HINTS[kind]} [${code}]`,
			itemIndex,
			failure: kind === 'not-sent' || kind === 'dns' ? { cause: 'temporarily-unavailable' } : kind === 'tls' ? { cause: 'configuration-invalid' } : undefined,
		},
	);
}

export function fieldError(
	node: INode,
	field: string,
	rule: string,
	itemIndex: number,
	hint?: string,
): NodeOperationError {
	return new NodeOperationError(node, `${field}: ${rule}`, {
		itemIndex,
		description: hint ?? `Fix the "${field}" field and run again. Nothing was sent to the provider.`,
	});
}
