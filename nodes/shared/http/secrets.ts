import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Provider } from '../provider';
import { callbackToken } from '../trigger/callbackToken';
import { credentialsOf } from './credentials';

/**
 * Every value that must never be shown: the credential's secrets, the callback token derived
 * from the webhook secret, and the signature of n8n's resume URL (either lets its holder post
 * results). Provider error messages and raw jobs are scrubbed of all of them.
 */
export function credentialSecrets(provider: Provider, credentials: ICredentialDataDecryptedObject): string[] {
	const secrets = provider.secrets(credentials).filter((value) => typeof value === 'string' && value.length > 0);
	const webhookSecret = credentials.webhookSecret;
	if (typeof webhookSecret === 'string' && webhookSecret) {
		secrets.push(callbackToken(webhookSecret, provider.key));
	}
	return secrets;
}

interface SecretsContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	evaluateExpression?(expression: string, itemIndex?: number): unknown;
	getItemIndex?(): number;
}

/** The resume URL's signature, where the context has an execution to resume. */
export function resumeSignature(ctx: SecretsContext): string | undefined {
	if (!ctx.evaluateExpression) return undefined;
	try {
		const url = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', ctx.getItemIndex?.() ?? 0));
		return /[?&]signature=([^&#]+)/.exec(url)?.[1];
	} catch {
		return undefined;
	}
}

export async function secretsOf(ctx: SecretsContext, provider: Provider): Promise<string[]> {
	const secrets = credentialSecrets(provider, await credentialsOf(ctx, provider.credentialType));
	const signature = resumeSignature(ctx);
	if (signature) secrets.push(signature);
	return secrets;
}

/** Query parameters that carry our token or n8n's resume signature, masked in any URL text. */
export function maskUrlSecrets(text: string): string {
	return text.replace(/([?&](?:token|signature)=)[^&#\s"]*/g, '$1***');
}
