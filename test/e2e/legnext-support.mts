/**
 * The Legnext provider in the real-n8n files, as data (the shared helpers are in
 * provider-support.mts): the node type names as a user who installed the package sees them, the
 * credential type and the webhook secret its credentials carry. The bound helpers (`loadExample`,
 * `createLegnextCredential`) and the package exports stay here for the files and benchmarks that
 * import them from this module.
 */
import { PACKAGE_NAME, providerSupport } from './provider-support.mts';

export {
	EXAMPLES_DIR,
	exampleNames,
	node,
	PACKAGE_NAME,
	PACKAGE_ROOT,
	type CredentialRef,
} from './provider-support.mts';

export const LEGNEXT = `${PACKAGE_NAME}.legnext`;
export const LEGNEXT_TRIGGER = `${PACKAGE_NAME}.legnextTrigger`;
export const CREDENTIAL_TYPE = 'legnextApi';

/** Distinctive, so a leak would be easy to spot in logs or outputs. */
export const WEBHOOK_SECRET = 'e2e-whsec-7f3a9c1d5b2e8f04a6c1d9e3b7f2a5c8';

export const LEGNEXT_E2E = providerSupport<{ apiKey: string; baseUrl: string; webhookSecret?: string }>({
	label: 'Legnext',
	node: LEGNEXT,
	credentialType: CREDENTIAL_TYPE,
	credentialName: 'Legnext API (emulator)',
	credentialDefaults: { webhookSecret: WEBHOOK_SECRET },
});

/** An example workflow as a user imports it, its `legnextApi` references set to `credential`. */
export const loadExample = LEGNEXT_E2E.loadExample;

/** POST /rest/credentials: the Legnext API credential, as a user fills it in the editor. */
export const createLegnextCredential = LEGNEXT_E2E.createCredential;
