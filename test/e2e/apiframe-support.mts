/**
 * The APIFRAME provider in the real-n8n file, as data (the shared helpers are in
 * provider-support.mts): the node type names, the credential type and its distinctive secrets.
 */
import { PACKAGE_NAME, providerSupport } from './provider-support.mts';

export const APIFRAME = `${PACKAGE_NAME}.apiframe`;
export const APIFRAME_TRIGGER = `${PACKAGE_NAME}.apiframeTrigger`;
export const CREDENTIAL_TYPE = 'apiframeApi';

/** Distinctive, so a leak into outputs or logs is easy to find. */
export const API_KEY = 'e2e-af-api-key-6c1f0b9e2d7a43a8';
export const WEBHOOK_SECRET = 'e2e-af-whsec-3e8d1c7b9a2f4e6d0b5c';

export const APIFRAME_E2E = providerSupport<{ apiKey: string; baseUrl: string; webhookSecret?: string }>({
	label: 'APIFRAME',
	node: APIFRAME,
	credentialType: CREDENTIAL_TYPE,
	credentialName: 'APIFRAME API (emulator)',
	credentialDefaults: { webhookSecret: WEBHOOK_SECRET },
});
