/**
 * The Chub Imagine provider in the real-n8n file, as data (the shared helpers are in
 * provider-support.mts): the node type name, the credential type, its distinctive key, and the
 * name its credential tests are saved under.
 */
import type { N8nInstance } from './n8n-instance.mts';
import { PACKAGE_NAME, providerSupport } from './provider-support.mts';

export const CHUB = `${PACKAGE_NAME}.chubImagine`;
export const CREDENTIAL_TYPE = 'chubImagineApi';

/** Distinctive, so a leak into outputs or logs is easy to find. */
export const API_KEY = 'CHK-e2e-5d2a9f7c1e3b8a6d4f0c';

type ChubCredentialData = { apiKey: string; baseUrl: string; authHeader?: string };

export const CHUB_E2E = providerSupport<ChubCredentialData>({
	label: 'Chub',
	node: CHUB,
	credentialType: CREDENTIAL_TYPE,
	credentialName: 'Chub Imagine API (emulator)',
});

/** The editor's "Test" button for a Chub credential as filled in (saved first under its own name). */
export const testCredential = (n8n: N8nInstance, data: ChubCredentialData) =>
	CHUB_E2E.testCredential(n8n, data, `Chub test ${data.apiKey.slice(-6)} ${data.authHeader ?? 'default'}`);
