import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Legnext's docs do not say how (or whether) a callback is signed, so the Legnext Trigger
 * protects its URL with a token instead: derived from the credential's webhook secret, added
 * by the Legnext node to the callback URL it sends, checked by the trigger. The secret itself
 * never leaves n8n, and changing it invalidates every token.
 */
const TOKEN_CONTEXT = 'n8n-nodes-midjourney-api:legnext-callback:v1';
export const TOKEN_PARAM = 'token';

export function callbackToken(webhookSecret: string): string {
	return createHmac('sha256', webhookSecret).update(TOKEN_CONTEXT).digest('base64url').slice(0, 32);
}

export function withToken(url: string, token: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set(TOKEN_PARAM, token);
	return parsed.toString();
}

/** Constant-time comparison; hashing first makes both sides the same length. */
export function tokenMatches(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || !given || !expected) return false;
	const a = createHmac('sha256', TOKEN_CONTEXT).update(given).digest();
	const b = createHmac('sha256', TOKEN_CONTEXT).update(expected).digest();
	return timingSafeEqual(a, b);
}
