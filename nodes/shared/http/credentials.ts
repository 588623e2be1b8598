import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The credential, read once per n8n context. n8n decrypts (and resolves) a credential on every
 * getCredentials() call; a trigger request or an item would otherwise read it three or four
 * times (authenticity, secrets scrub, pacing, read-back).
 */
interface CredentialContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

const cache = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

export async function credentialsOf(ctx: CredentialContext, type: string): Promise<ICredentialDataDecryptedObject> {
	let byType = cache.get(ctx);
	if (!byType) {
		byType = new Map();
		cache.set(ctx, byType);
	}
	let pending = byType.get(type);
	if (!pending) {
		pending = ctx.getCredentials(type);
		byType.set(type, pending);
		// A failed read is not kept: the next call tries again.
		pending.catch(() => byType!.delete(type));
	}
	return await pending;
}
