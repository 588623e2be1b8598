import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Providers that do not sign their callbacks (Legnext, TheNextLeg) get a token in the callback
 * URL instead: derived from the credential's webhook secret, added by the action node to the URL
 * it sends, checked by the trigger. The secret itself never leaves n8n, and changing it
 * invalidates every token. Scoped by provider, so one provider's token is no good for another.
 */
export const TOKEN_PARAM = 'token';

function tokenContext(providerKey: string): string {
	return `n8n-nodes-midjourney-api:${providerKey}-callback:v1`;
}

export function callbackToken(webhookSecret: string, providerKey: string): string {
	return createHmac('sha256', webhookSecret).update(tokenContext(providerKey)).digest('base64url').slice(0, 32);
}

export function withToken(url: string, token: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set(TOKEN_PARAM, token);
	return parsed.toString();
}

/** Constant-time comparison; hashing both sides first makes them the same length. */
export function secretMatches(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || !given || !expected) return false;
	const a = createHmac('sha256', 'compare').update(given).digest();
	const b = createHmac('sha256', 'compare').update(expected).digest();
	return timingSafeEqual(a, b);
}
