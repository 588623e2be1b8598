/**
 * What the TheNextLeg e2e file needs: the node type names as a user who installed the package sees
 * them, the example workflows (credential reference pointed at a credential created in the
 * running n8n), that credential, and small readers of executions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, PACKAGE_ROOT } from './legnext-support.mts';
import { REPO_ROOT, type ExecutionDetails, type N8nInstance, type NodeRun, type WorkflowJson } from './n8n-instance.mts';

export { PACKAGE_ROOT };
export const TNL = `${PACKAGE_NAME}.theNextLeg`;
export const TNL_TRIGGER = `${PACKAGE_NAME}.theNextLegTrigger`;
export const CREDENTIAL_TYPE = 'theNextLegApi';
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** Distinctive, so a leak into outputs or logs is easy to find. */
export const API_TOKEN = 'e2e-tnl-token-5d2b8e1f7c3a9046';
export const WEBHOOK_SECRET = 'e2e-tnl-whsec-9a4c2e7f1b6d3e80c5a1';

/** The emulator allows one request per SERVER_INTERVAL_MS; the credential asks for a little more. */
export const SERVER_INTERVAL_MS = 100;
export const CREDENTIAL_INTERVAL_MS = 150;

export interface CredentialRef {
	id: string;
	name: string;
}

/** POST /rest/credentials: the TheNextLeg API credential, as a user fills it in the editor. */
export async function createTheNextLegCredential(
	n8n: N8nInstance,
	data: { apiToken: string; baseUrl: string; webhookSecret?: string; minIntervalMs?: number },
	name = 'TheNextLeg API (emulator)',
): Promise<CredentialRef> {
	const cred = await n8n.api.createCredential(CREDENTIAL_TYPE, name, {
		webhookSecret: WEBHOOK_SECRET,
		minIntervalMs: CREDENTIAL_INTERVAL_MS,
		...data,
	});
	return { id: cred.id, name: cred.name };
}

/** A TheNextLeg example as a user imports it, its `theNextLegApi` references set to `credential`. */
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

/** The webhook executions of a workflow, in full. */
export async function webhookExecutions(n8n: N8nInstance, workflowId: string): Promise<ExecutionDetails[]> {
	const list = (await n8n.api.listExecutions({ workflowId }, 100)).filter((e) => e.mode === 'webhook');
	return await Promise.all(list.map(async (e) => await n8n.api.getExecution(e.id)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
