/**
 * What the Chub Imagine e2e file needs: the node type name as a user who installed the package sees
 * it, the example workflows (credential reference pointed at a credential created in the running
 * n8n), that credential, the editor's credential test, and small readers of executions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, PACKAGE_ROOT } from './legnext-support.mts';
import {
	REPO_ROOT,
	type ExecutionDetails,
	type N8nInstance,
	type NodeRun,
	type WorkflowJson,
} from './n8n-instance.mts';

export { PACKAGE_ROOT };
export const CHUB = `${PACKAGE_NAME}.chubImagine`;
export const CREDENTIAL_TYPE = 'chubImagineApi';
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** Distinctive, so a leak into outputs or logs is easy to find. */
export const API_KEY = 'CHK-e2e-5d2a9f7c1e3b8a6d4f0c';

export interface CredentialRef {
	id: string;
	name: string;
}

/** POST /rest/credentials: the Chub Imagine API credential, as a user fills it in the editor. */
export async function createChubCredential(
	n8n: N8nInstance,
	data: { apiKey: string; baseUrl: string; authHeader?: string },
	name = 'Chub Imagine API (emulator)',
): Promise<CredentialRef> {
	const cred = await n8n.api.createCredential(CREDENTIAL_TYPE, name, data);
	return { id: cred.id, name: cred.name };
}

/** The editor's "Test" button: POST /rest/credentials/test with the credential as filled in. */
export async function testCredential(
	n8n: N8nInstance,
	data: { apiKey: string; baseUrl: string; authHeader?: string },
): Promise<{ status: string; message: string }> {
	const saved = await createChubCredential(
		n8n,
		data,
		`Chub test ${data.apiKey.slice(-6)} ${data.authHeader ?? 'default'}`,
	);
	return await n8n.api.request('POST', '/rest/credentials/test', {
		credentials: { id: saved.id, name: saved.name, type: CREDENTIAL_TYPE, data },
	});
}

/** A Chub example as a user imports it, its `chubImagineApi` references set to `credential`. */
export function loadExample(name: string, credential: CredentialRef): WorkflowJson {
	const json = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as WorkflowJson;
	for (const node of json.nodes) {
		const creds = node.credentials as Record<string, CredentialRef> | undefined;
		if (creds?.[CREDENTIAL_TYPE])
			creds[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
	}
	return json;
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
		.flatMap(([name, runs]) =>
			runs.map((r) =>
				r.error ? `${name}: ${r.error.message} ${JSON.stringify(r.error.description ?? '')}` : '',
			),
		)
		.filter(Boolean);
	return `execution ${exec.id} ${exec.status}: ${JSON.stringify(exec.data.resultData.error?.message ?? null)} ${errors.join(' | ')}`;
}

/** A binary's bytes through the editor's own endpoint (GET /rest/binary-data). */
export async function binaryBytes(n8n: N8nInstance, ref: BinaryRef): Promise<Buffer> {
	const res = await n8n.api.fetchRaw(
		'GET',
		`/rest/binary-data?id=${encodeURIComponent(String(ref.id))}&action=download`,
	);
	if (!res.ok) throw new Error(`GET /rest/binary-data -> ${res.status}`);
	return Buffer.from(await res.arrayBuffer());
}

/** Imports a workflow, runs it from its Manual Trigger "Start", and returns the finished execution. */
export async function runToEnd(
	n8n: N8nInstance,
	json: WorkflowJson,
	timeoutMs = 90_000,
): Promise<ExecutionDetails> {
	const wf = await n8n.api.importWorkflow(json);
	const { executionId } = await n8n.api.runWorkflowManually(wf.id, { triggerNodeName: 'Start' });
	return await n8n.api.waitForExecution({ id: executionId, timeoutMs });
}
