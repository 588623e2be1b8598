import type { IExecuteSingleFunctions, INode } from 'n8n-workflow';

import type { Provider } from '../provider';
import type { Pacer, Slot } from './pacer';
import { pacerFor } from './pacer';
import { credentialsOf } from './credentials';

interface PacingContext {
	getNode(): INode;
	getCredentials(type: string): Promise<import('n8n-workflow').ICredentialDataDecryptedObject>;
}

/**
 * The pacer of the credential this node uses: keyed by the credential's id (the same credential
 * in every workflow shares one pace), or by its base URL where n8n gives no id.
 */
export async function pacerOf(ctx: PacingContext, provider: Provider): Promise<Pacer> {
	const credentials = await credentialsOf(ctx, provider.credentialType);
	const id = ctx.getNode().credentials?.[provider.credentialType]?.id;
	const key = `${provider.key}:${id ?? provider.baseUrl(credentials)}`;
	return pacerFor(key, provider.pacing?.(credentials));
}

/**
 * A submit's slot is taken in the request loop and given back by the answer handling of the
 * same item (RoutingNode runs both for the request, but the answer handling also waits for the
 * job, which must not hold a slot). Keyed by run and item, which both steps see alike.
 */
const held = new WeakMap<object, Map<number, { pacer: Pacer; slot: Slot }>>();

function heldOf(ctx: IExecuteSingleFunctions): Map<number, { pacer: Pacer; slot: Slot }> {
	const run = ctx.getExecuteData();
	let map = held.get(run);
	if (!map) {
		map = new Map();
		held.set(run, map);
	}
	return map;
}

export function holdSlot(ctx: IExecuteSingleFunctions, pacer: Pacer, slot: Slot): void {
	heldOf(ctx).set(ctx.getItemIndex(), { pacer, slot });
}

/** Gives the item's slot back: `ok` speeds the pace up, `rateLimited` slows everyone down. */
export function releaseSlot(
	ctx: IExecuteSingleFunctions,
	outcome: 'ok' | 'rateLimited' | 'other',
	retryAfterMs?: number,
): void {
	const map = heldOf(ctx);
	const entry = map.get(ctx.getItemIndex());
	if (!entry) return;
	map.delete(ctx.getItemIndex());
	entry.slot.release();
	if (outcome === 'ok') entry.pacer.succeeded();
	if (outcome === 'rateLimited') entry.pacer.rateLimited(entry.slot, retryAfterMs);
}
