/**
 * The example workflows (examples/*.json) imported into the demo's n8n with the demo's
 * "Legnext API" credential wired into every Legnext node, file writes sent to a folder n8n may
 * write to, and the workflows with a Legnext Trigger activated so their production webhooks listen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, type N8nApi, type WorkflowJson } from '../test/e2e/n8n-instance.mts';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
export const CREDENTIAL_TYPE = 'legnextApi';
export const TRIGGER_TYPE = 'n8n-nodes-midjourney-api.legnextTrigger';
/** The example `npm start` runs once: several prompts at once, waits, downloads the images. */
export const BATCH_EXAMPLE = 'legnext-batch-prompts.json';

export interface ImportedExample {
	file: string;
	id: string;
	name: string;
	json: WorkflowJson;
	hasLegnextTrigger: boolean;
	active: boolean;
	/** Production URLs of its Legnext Trigger nodes (live once active). */
	triggerUrls: string[];
}

export function readExamples(): Array<{ file: string; json: WorkflowJson }> {
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			json: JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson,
		}));
}

/** The same workflow with every `legnextApi` credential reference pointing at `credential`. */
export function withCredential(
	json: WorkflowJson,
	credential: { id: string; name: string },
): WorkflowJson {
	return {
		...json,
		nodes: json.nodes.map((node) => {
			const creds = node.credentials as Record<string, unknown> | undefined;
			if (!creds || !(CREDENTIAL_TYPE in creds)) return node;
			return {
				...node,
				credentials: { ...creds, [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			};
		}),
	};
}

/**
 * The same workflow with every Read/Write Files "write" node writing into `dir` (same file name
 * expression, other folder). n8n 2.x lets file nodes use only the folders listed in
 * N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files) and only if they exist; the demo allows
 * `dir` and creates it, wherever the example itself points.
 */
export function withWriteFolder(json: WorkflowJson, dir: string): WorkflowJson {
	return {
		...json,
		nodes: json.nodes.map((node) => {
			const { operation, fileName } = node.parameters as { operation?: string; fileName?: unknown };
			if (
				node.type !== 'n8n-nodes-base.readWriteFile' ||
				operation !== 'write' ||
				typeof fileName !== 'string'
			) {
				return node;
			}
			const expression = fileName.startsWith('=');
			const path = expression ? fileName.slice(1) : fileName;
			// The folder ends at the last "/" before any {{ expression }} (the name may be computed).
			const firstExpr = path.indexOf('{{');
			const cut = firstExpr === -1 ? path.lastIndexOf('/') : path.lastIndexOf('/', firstExpr);
			const name = path.slice(cut + 1);
			return {
				...node,
				parameters: { ...node.parameters, fileName: `${expression ? '=' : ''}${dir}/${name}` },
			};
		}),
	};
}

function triggerUrls(json: WorkflowJson, webhookBaseUrl: string): string[] {
	// A node with a webhookId is served at <base>/webhook/<webhookId>/<path>; the trigger's path is "legnext".
	return json.nodes
		.filter((n) => n.type === TRIGGER_TYPE)
		.map((n) =>
			n.webhookId
				? `${webhookBaseUrl}${String(n.webhookId)}/legnext`
				: `${webhookBaseUrl}…/legnext`,
		);
}

export async function importExamples(
	api: N8nApi,
	credential: { id: string; name: string },
	opts: { activateTriggers: boolean; webhookBaseUrl: string; writeFolder: string },
): Promise<ImportedExample[]> {
	const imported: ImportedExample[] = [];
	for (const { file, json } of readExamples()) {
		const wired = withWriteFolder(withCredential(json, credential), opts.writeFolder);
		const saved = await api.importWorkflow(wired);
		const hasLegnextTrigger = wired.nodes.some((n) => n.type === TRIGGER_TYPE);
		let active = false;
		if (hasLegnextTrigger && opts.activateTriggers) {
			await api.activateWorkflow(saved.id); // waits until n8n has published it (webhooks live)
			active = true;
		}
		imported.push({
			file,
			id: saved.id,
			name: saved.name,
			json: wired,
			hasLegnextTrigger,
			active,
			triggerUrls: triggerUrls(wired, opts.webhookBaseUrl),
		});
	}
	return imported;
}
