/**
 * The TheNextLeg provider in the real-n8n file, as data (the shared helpers are in
 * provider-support.mts): the node type names, the credential type, its distinctive secrets and
 * the pacing both sides use.
 */
import { PACKAGE_NAME, providerSupport } from './provider-support.mts';

export const TNL = `${PACKAGE_NAME}.theNextLeg`;
export const TNL_TRIGGER = `${PACKAGE_NAME}.theNextLegTrigger`;
export const CREDENTIAL_TYPE = 'theNextLegApi';

/** Distinctive, so a leak into outputs or logs is easy to find. */
export const API_TOKEN = 'e2e-tnl-token-5d2b8e1f7c3a9046';
export const WEBHOOK_SECRET = 'e2e-tnl-whsec-9a4c2e7f1b6d3e80c5a1';

/** The emulator allows one request per SERVER_INTERVAL_MS; the credential asks for a little more. */
export const SERVER_INTERVAL_MS = 100;
export const CREDENTIAL_INTERVAL_MS = 150;

export const TNL_E2E = providerSupport<{ apiToken: string; baseUrl: string; webhookSecret?: string; minIntervalMs?: number }>({
	label: 'TheNextLeg',
	node: TNL,
	credentialType: CREDENTIAL_TYPE,
	credentialName: 'TheNextLeg API (emulator)',
	credentialDefaults: { webhookSecret: WEBHOOK_SECRET, minIntervalMs: CREDENTIAL_INTERVAL_MS },
});
