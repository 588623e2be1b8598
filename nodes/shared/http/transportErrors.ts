/**
 * Classifies what went wrong on the wire, so callers can decide whether a retry could charge
 * the user twice. Works on the error chain n8n's HTTP helpers produce (NodeApiError -> cause ->
 * socket error with a `code`).
 */

/** The request never reached the provider: safe to send again, even a POST. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED']);

/** We gave up waiting after the request was sent: the provider may have acted on it. */
const TIMEOUT_CODES = new Set([
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/** The connection broke mid-request: the provider may or may not have acted on it. */
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** The server's certificate was refused: nothing was sent, and sending again will not help. */
const TLS_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export type TransportFailure = 'not-sent' | 'timeout' | 'broken' | 'dns' | 'tls' | 'other';

export function errorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && (/^E[A-Z]+|^UND_ERR/.test(code) || TLS_CODES.has(code))) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function classifyTransportError(error: unknown): TransportFailure {
	const code = errorCode(error);
	if (code && NOT_SENT_CODES.has(code)) return 'not-sent';
	if (code && TIMEOUT_CODES.has(code)) return 'timeout';
	if (code && BROKEN_CODES.has(code)) return 'broken';
	if (code && DNS_CODES.has(code)) return 'dns';
	if (code && TLS_CODES.has(code)) return 'tls';
	const message = error instanceof Error ? error.message : '';
	if (/timeout|timed out/i.test(message)) return 'timeout';
	return 'other';
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after');
	const value = entry ? String(entry[1]).trim() : '';
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
