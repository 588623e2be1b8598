/**
 * What the APIFRAME e2e file needs: the node type names as a user who installed the package sees
 * them, the example workflows (credential reference pointed at a credential created in the
 * running n8n), that credential, and small readers of executions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, PACKAGE_ROOT } from './legnext-support.mts';
import { REPO_ROOT, type ExecutionDetails, type N8nInstance, type NodeRun, type WorkflowJson } from './n8n-instance.mts';

export { PACKAGE_ROOT };
export const APIFRAME = `${PACKAGE_NAME}.apiframe`;
export const APIFRAME_TRIGGER = `${PACKAGE_NAME}.apiframeTrigger`;
export const CREDENTIAL_TYPE = 'apiframeApi';
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** Distinctive, so a leak into outputs or logs is easy to find. */
export const API_KEY = 'e2e-af-api-key-6c1f0b9e2d7a43a8';
export const WEBHOOK_SECRET = 'e2e-af-whsec-3e8d1c7b9a2f4e6d0b5c';

export interface CredentialRef {
	id: string;
	name: string;
}

/** POST /rest/credentials: the APIFRAME API credential, as a user fills it in the editor. */
export async function createApiframeCredential(
	n8n: N8nInstance,
	data: { apiKey: string; baseUrl: string; webhookSecret?: string },
	name = 'APIFRAME API (emulator)',
): Promise<CredentialRef> {
	const cred = await n8n.api.createCredential(CREDENTIAL_TYPE, name, { webhookSecret: WEBHOOK_SECRET, ...data });
	return { id: cred.id, name: cred.name };
}

/** An APIFRAME example as a user imports it, its `apiframeApi` references set to `credential`. */
export function loadExample(name: string, credential: CredentialRef): WorkflowJson {
	const json = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as WorkflowJson;
	for (const node of json.nodes) {
		const creds = node.credentials as Record<string, CredentialRef> | undefined;
		if (creds?.[CREDENTIAL_TYPE]) creds[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
	}
	return json;
}

export function node(json: WorkflowJson, name: string) {
	const found = json.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`workflow "${json.name}" has no node "${name}"`);
	return found;
}

export type Item = { json: Record<string, unknown>; binary?: Record<string, BinaryRef> };
export interface BinaryRef {
	fileName: string;
	mimeType: string;
	fileExtension?: string;
	id?: string;
}

export function runOf(exec: ExecutionDetails, nodeName: string, runIndex = 0): NodeRun {
	const r = exec.data.resultData.runData[nodeName]?.[runIndex];
	if (!r) {
		throw new Error(
			`node "${nodeName}" did not run in execution ${exec.id} (${exec.status}); ran: ${Object.keys(exec.data.resultData.runData).join(', ')}; error: ${JSON.stringify(exec.data.resultData.error ?? null).slice(0, 1500)}`,
		);
	}
	return r;
}

export function items(exec: ExecutionDetails, nodeName: string): Item[] {
	return (runOf(exec, nodeName).data?.main?.[0] ?? []) as Item[];
}

/** Why an execution did not succeed, readable in a failed assertion. */
export function failure(exec: ExecutionDetails): string {
	const errors = Object.entries(exec.data.resultData.runData)
		.flatMap(([name, runs]) => runs.map((r) => (r.error ? `${name}: ${r.error.message} ${JSON.stringify(r.error.description ?? '')}` : '')))
		.filter(Boolean);
	return `execution ${exec.id} ${exec.status}: ${JSON.stringify(exec.data.resultData.error?.message ?? null)} ${errors.join(' | ')}`;
}

/** The webhook executions of a workflow, newest first, in full. */
export async function webhookExecutions(n8n: N8nInstance, workflowId: string): Promise<ExecutionDetails[]> {
	const list = (await n8n.api.listExecutions({ workflowId }, 100)).filter((e) => e.mode === 'webhook');
	return await Promise.all(list.map(async (e) => await n8n.api.getExecution(e.id)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
