// The token an action node adds to a trigger's callback URL, derived here on the test side (not
// imported from nodes/shared/trigger/callbackToken.ts, so the tests check the derivation too):
// HMAC-SHA256 of the provider's context with the credential's webhook secret, base64url, 32 chars.
import { createHmac } from 'node:crypto';

/** `provider` is the key in the context string: 'legnext', 'apiframe', 'thenextleg'. */
export function callbackToken(webhookSecret: string, provider: string): string {
	return createHmac('sha256', webhookSecret)
		.update(`n8n-nodes-midjourney-api:${provider}-callback:v1`)
		.digest('base64url')
		.slice(0, 32);
}
