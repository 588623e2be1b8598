/**
 * What the real-n8n test files share, whatever the provider: the package n8n loads, the example
 * workflows (their credential reference pointed at a credential created in the running n8n), that
 * credential and the editor's credential test, readers of executions and binaries, one n8n and one
 * emulator per test file (provider-file.mts, apart because it registers vitest hooks and the
 * benchmarks import this module outside vitest), and the generated "every operation once"
 * workflows with their checks.
 *
 * A provider is data here (`providerSupport({...})`): its node type, credential type, default
 * credential fields and the label its workflows carry. Each `<provider>-support.mts` holds only
 * that data and its distinctive secrets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectStatic } from 'vitest';

import {
	REPO_ROOT,
	type ExecutionDetails,
	type N8nApi,
	type N8nInstance,
	type NodeRun,
	type WorkflowJson,
} from './n8n-instance.mts';

export const PACKAGE_NAME = 'n8n-nodes-midjourney-api';
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/**
 * The built package n8n loads: this repo (package.json + dist/), or E2E_PACKAGE_ROOT, e.g. an
 * unpacked `npm pack` tarball or a patched copy of dist/ to try a fix before making it.
 */
export const PACKAGE_ROOT = process.env.E2E_PACKAGE_ROOT || REPO_ROOT;

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The statuses of an execution that has ended. */
export const FINISHED = ['success', 'error', 'crashed', 'canceled'];

export interface CredentialRef {
	id: string;
	name: string;
}

export type Item = { json: Record<string, unknown>; binary?: Record<string, BinaryRef> };
export interface BinaryRef {
	fileName: string;
	mimeType: string;
	fileExtension?: string;
	id?: string;
	bytes?: number;
}

// ---------------------------------------------------------------------------------------------
// Examples and workflows

/** The example files of one provider, by base name (`legnext-batch-prompts`, ...). */
export function exampleNames(prefix = 'legnext-'): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json') && f.startsWith(prefix))
		.map((f) => f.replace(/\.json$/, ''))
		.sort();
}

export function node(json: WorkflowJson, name: string) {
	const found = json.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`workflow "${json.name}" has no node "${name}"`);
	return found;
}

// ---------------------------------------------------------------------------------------------
// Reading executions

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

/** The webhook executions of a workflow, newest first, in full. */
export async function webhookExecutions(n8n: N8nInstance, workflowId: string): Promise<ExecutionDetails[]> {
	const list = (await n8n.api.listExecutions({ workflowId }, 100)).filter((e) => e.mode === 'webhook');
	return await Promise.all(list.map(async (e) => await n8n.api.getExecution(e.id)));
}

/**
 * Waits (up to `timeoutMs`) until a workflow has at least `count` webhook executions and none of
 * them is new or running; returns them in full, or [] when that did not happen in time.
 */
export async function finishedWebhookExecutions(
	n8n: N8nInstance,
	workflowId: string,
	count: number,
	timeoutMs = 45_000,
): Promise<ExecutionDetails[]> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const list = (await n8n.api.listExecutions({ workflowId }, 100)).filter((e) => e.mode === 'webhook');
		if (list.length >= count && list.every((e) => !['new', 'running'].includes(e.status)))
			return await Promise.all(list.map(async (e) => await n8n.api.getExecution(e.id)));
		await sleep(300);
	}
	return [];
}

/** Finished executions of a workflow, once the count has not changed for `quietMs` (and is >= atLeast). */
export async function settledExecutions(
	api: N8nApi,
	workflowId: string,
	atLeast: number,
	quietMs = 2500,
	timeoutMs = 120_000,
): Promise<number> {
	const count = async () => await api.countExecutions({ workflowId, status: FINISHED });
	const deadline = Date.now() + timeoutMs;
	let last = await count();
	let since = Date.now();
	while (Date.now() < deadline) {
		await sleep(300);
		const now = await count();
		if (now !== last) {
			last = now;
			since = Date.now();
		} else if (last >= atLeast && Date.now() - since >= quietMs) break;
	}
	return last;
}

/** Each execution's data carries none of `secrets` (one assertion per execution, labelled `name`). */
export function expectNoSecretsIn(
	results: Array<{ name: string; exec: ExecutionDetails }>,
	secrets: string[],
	expect: ExpectStatic,
): void {
	for (const { name, exec } of results) {
		const data = JSON.stringify(exec.data);
		expect(
			secrets.some((secret) => data.includes(secret)),
			name,
		).toBe(false);
	}
}

// ---------------------------------------------------------------------------------------------
// Every operation once: generated workflows, run side by side, each node's output checked

export interface OperationStep {
	name: string;
	params: Record<string, unknown>;
	after?: string;
	/** Expected `taskType` of the output, or a check of the output items. */
	expect: string | ((out: Item[], expect: ExpectStatic) => void);
}

/** Each group is one workflow; groups run concurrently, steps of a group in order. */
export type OperationGroups = Record<string, OperationStep[]>;

export interface GroupResult {
	name: string;
	steps: OperationStep[];
	exec: ExecutionDetails;
}

/** `resource.operation` of every step, for counting the operations covered. */
export function operationsOf(groups: OperationGroups): string[] {
	return Object.values(groups)
		.flat()
		.map((s) => `${String(s.params.resource)}.${String(s.params.operation)}`);
}

export interface StepCheck {
	step: OperationStep;
	out: Item[];
	exec: ExecutionDetails;
	steps: OperationStep[];
	expect: ExpectStatic;
}

/** How a provider's step outputs are checked around the step's own `expect`. */
export interface StepChecks {
	/** Before the step's own check, e.g. every item completed. */
	items?(check: StepCheck): void;
	/** How a string `expect` is checked; default: the first item's `taskType`. */
	taskType?(check: StepCheck & { taskType: string }): void;
	/** After the step's own check, e.g. a follow-up used its source's job. */
	after?(check: StepCheck): void;
}

/**
 * Every problem found in the groups' executions: an execution that did not succeed, a step that
 * did not run or failed, or a check that threw (each check's message, prefixed with the step).
 */
export function operationProblems(results: GroupResult[], checks: StepChecks, expect: ExpectStatic): string[] {
	const problems: string[] = [];
	for (const { name, steps, exec } of results) {
		if (exec.status !== 'success') problems.push(`${name}: ${failure(exec)}`);
		for (const step of steps) {
			const r = exec.data.resultData.runData[step.name]?.[0];
			if (!r || r.error) {
				problems.push(`${name} / ${step.name}: ${r ? r.error?.message : 'did not run'}`);
				continue;
			}
			const out = (r.data?.main?.[0] ?? []) as Item[];
			const check: StepCheck = { step, out, exec, steps, expect };
			try {
				expect(out.length, step.name).toBeGreaterThan(0);
				checks.items?.(check);
				if (typeof step.expect === 'string') {
					if (checks.taskType) checks.taskType({ ...check, taskType: step.expect });
					else expect(out[0].json.taskType, step.name).toBe(step.expect);
				} else step.expect(out, expect);
				checks.after?.(check);
			} catch (error) {
				problems.push(`${name} / ${step.name}: ${(error as Error).message}`);
			}
		}
	}
	return problems;
}

// ---------------------------------------------------------------------------------------------
// A provider as data

export interface ProviderInfo {
	/** As the generated workflows name it: 'Legnext', 'APIFRAME', 'TheNextLeg', 'Chub'. */
	label: string;
	/** The action node's type as a user who installed the package sees it. */
	node: string;
	credentialType: string;
	/** The name `createCredential` gives unless told otherwise. */
	credentialName: string;
	/** Fields `createCredential` fills in unless the data sets them (webhook secret, pacing). */
	credentialDefaults?: Record<string, unknown>;
}

export interface ProviderSupport<Data> extends ProviderInfo {
	/**
	 * An example workflow as a user imports it, with every reference to the provider's credential
	 * type replaced by `credential` (the examples ship a placeholder id). A fresh deep copy each
	 * call, so tests may edit it.
	 */
	loadExample(name: string, credential: CredentialRef): WorkflowJson;
	/** POST /rest/credentials: the provider's credential, as a user fills it in the editor. */
	createCredential(n8n: Pick<N8nInstance, 'api'>, data: Data, name?: string): Promise<CredentialRef>;
	/** The editor's "Test" button: POST /rest/credentials/test with the credential as filled in. */
	testCredential(n8n: Pick<N8nInstance, 'api'>, data: Data, name: string): Promise<{ status: string; message: string }>;
	/** Manual Trigger "Start" -> the group's nodes of this provider, each after its `after`. */
	operationsWorkflow(group: string, steps: OperationStep[], credential: CredentialRef): WorkflowJson;
	/** Runs every group's workflow at once; each finished execution with its group. */
	runOperationGroups(
		n8n: N8nInstance,
		groups: OperationGroups,
		credential: CredentialRef,
		timeoutMs: number,
	): Promise<GroupResult[]>;
}

export function providerSupport<Data extends Record<string, unknown>>(info: ProviderInfo): ProviderSupport<Data> {
	const { credentialType } = info;
	const provider: ProviderSupport<Data> = {
		...info,
		loadExample(name, credential) {
			const json = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as WorkflowJson;
			for (const n of json.nodes) {
				const creds = n.credentials as Record<string, CredentialRef> | undefined;
				if (creds?.[credentialType]) creds[credentialType] = { id: credential.id, name: credential.name };
			}
			return json;
		},
		async createCredential(n8n, data, name = info.credentialName) {
			const cred = await n8n.api.createCredential(credentialType, name, { ...info.credentialDefaults, ...data });
			return { id: cred.id, name: cred.name };
		},
		async testCredential(n8n, data, name) {
			const saved = await n8n.api.createCredential(credentialType, name, data);
			return await n8n.api.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { id: saved.id, name: saved.name, type: credentialType, data },
			});
		},
		operationsWorkflow(group, steps, credential) {
			const depth = (s: OperationStep): number => (s.after ? 1 + depth(steps.find((x) => x.name === s.after)!) : 1);
			const rows: Record<number, number> = {};
			const nodes: WorkflowJson['nodes'] = [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			];
			const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: 0 }>> }> = {};
			for (const step of steps) {
				const column = depth(step);
				const row = (rows[column] = (rows[column] ?? -1) + 1);
				nodes.push({
					name: step.name,
					type: info.node,
					typeVersion: 1,
					position: [column * 240, row * 180],
					parameters: step.params,
					credentials: { [credentialType]: credential },
				});
				(connections[step.after ?? 'Start'] ??= { main: [[]] }).main[0].push({ node: step.name, type: 'main', index: 0 });
			}
			return { name: `E2E ${info.label} operations: ${group}`, nodes, connections, settings: { executionOrder: 'v1' } };
		},
		async runOperationGroups(n8n, groups, credential, timeoutMs) {
			return await Promise.all(
				Object.entries(groups).map(async ([name, steps]) => ({
					name,
					steps,
					exec: await runToEnd(n8n, provider.operationsWorkflow(name, steps, credential), timeoutMs),
				})),
			);
		},
	};
	return provider;
}
