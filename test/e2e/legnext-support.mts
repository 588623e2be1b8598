/**
 * What the Legnext e2e files share: the node type names as a user who installed the package
 * sees them, the example workflows (with their credential reference pointed at a credential
 * created in the running n8n), and that credential.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, type N8nInstance, type WorkflowJson } from './n8n-instance.mts';

export const PACKAGE_NAME = 'n8n-nodes-midjourney-api';
export const LEGNEXT = `${PACKAGE_NAME}.legnext`;
export const LEGNEXT_TRIGGER = `${PACKAGE_NAME}.legnextTrigger`;
export const CREDENTIAL_TYPE = 'legnextApi';
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/**
 * The built package n8n loads: this repo (package.json + dist/), or E2E_PACKAGE_ROOT, e.g. an
 * unpacked `npm pack` tarball or a patched copy of dist/ to try a fix before making it.
 */
export const PACKAGE_ROOT = process.env.E2E_PACKAGE_ROOT || REPO_ROOT;

/** Distinctive, so a leak would be easy to spot in logs or outputs. */
export const WEBHOOK_SECRET = 'e2e-whsec-7f3a9c1d5b2e8f04a6c1d9e3b7f2a5c8';

export interface CredentialRef {
	id: string;
	name: string;
}

/** The example files of one provider, by base name (`legnext-batch-prompts`, ...). */
export function exampleNames(prefix = 'legnext-'): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json') && f.startsWith(prefix))
		.map((f) => f.replace(/\.json$/, ''))
		.sort();
}

/**
 * An example workflow as a user imports it, with every `credentials.legnextApi` reference
 * replaced by `credential` (the examples ship a placeholder id). A fresh deep copy each call,
 * so tests may edit it.
 */
export function loadExample(name: string, credential: CredentialRef): WorkflowJson {
	const json = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as WorkflowJson;
	for (const node of json.nodes) {
		const creds = node.credentials as Record<string, CredentialRef> | undefined;
		if (creds?.[CREDENTIAL_TYPE])
			creds[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
	}
	return json;
}

export function node(json: WorkflowJson, name: string) {
	const found = json.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`workflow "${json.name}" has no node "${name}"`);
	return found;
}

/** POST /rest/credentials: the Legnext API credential, as a user fills it in the editor. */
export async function createLegnextCredential(
	n8n: N8nInstance,
	data: { apiKey: string; baseUrl: string; webhookSecret?: string },
	name = 'Legnext API (emulator)',
): Promise<CredentialRef> {
	const cred = await n8n.api.createCredential(CREDENTIAL_TYPE, name, {
		webhookSecret: WEBHOOK_SECRET,
		...data,
	});
	return { id: cred.id, name: cred.name };
}
