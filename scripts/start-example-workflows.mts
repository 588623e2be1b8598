/**
 * The example workflows (examples/*.json) imported into the demo's n8n with the demo's
 * credentials wired into every node of ours, file writes sent to a folder n8n may write to, and
 * the workflows with one of our triggers activated so their production webhooks listen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, type N8nApi, type WorkflowJson } from '../test/e2e/n8n-instance.mts';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** A credential created in the demo's n8n, by credential type. */
export type Credentials = Record<string, { id: string; name: string }>;
/** Our trigger node types and their webhook path. */
export type Triggers = Record<string, string>;

export interface ImportedExample {
	file: string;
	id: string;
	name: string;
	json: WorkflowJson;
	hasTrigger: boolean;
	active: boolean;
	/** Production URLs of its trigger nodes (live once active). */
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

/** The same workflow with every reference to a credential type in `credentials` pointing at the demo's one. */
export function withCredentials(json: WorkflowJson, credentials: Credentials): WorkflowJson {
	return {
		...json,
		nodes: json.nodes.map((node) => {
			const creds = node.credentials as Record<string, unknown> | undefined;
			if (!creds) return node;
			const wired = Object.fromEntries(
				Object.entries(creds).map(([type, ref]) => [type, credentials[type] ? { ...credentials[type] } : ref]),
			);
			return { ...node, credentials: wired };
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

function triggerUrls(json: WorkflowJson, triggers: Triggers, webhookBaseUrl: string): string[] {
	// A node with a webhookId is served at <base>/webhook/<webhookId>/<path>.
	return json.nodes
		.filter((n) => triggers[n.type])
		.map((n) => `${webhookBaseUrl}${n.webhookId ? String(n.webhookId) : '…'}/${triggers[n.type]}`);
}

export async function importExamples(
	api: N8nApi,
	credentials: Credentials,
	opts: {
		triggers: Triggers;
		/** Whether to activate an example that has one of our triggers (by file name). */
		activate: (file: string) => boolean;
		webhookBaseUrl: string;
		writeFolder: string;
	},
): Promise<ImportedExample[]> {
	const imported: ImportedExample[] = [];
	for (const { file, json } of readExamples()) {
		const wired = withWriteFolder(withCredentials(json, credentials), opts.writeFolder);
		const saved = await api.importWorkflow(wired);
		const hasTrigger = wired.nodes.some((n) => opts.triggers[n.type]);
		let active = false;
		if (hasTrigger && opts.activate(file)) {
			await api.activateWorkflow(saved.id); // waits until n8n has published it (webhooks live)
			active = true;
		}
		imported.push({
			file,
			id: saved.id,
			name: saved.name,
			json: wired,
			hasTrigger,
			active,
			triggerUrls: triggerUrls(wired, opts.triggers, opts.webhookBaseUrl),
		});
	}
	return imported;
}
