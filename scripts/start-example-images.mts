/**
 * Writes the binary files a node produced in an n8n execution to a folder, reading them the way
 * the editor does: the execution (GET /rest/executions/:id) lists each item's binary entries; in
 * n8n 2.x's default `filesystem` mode an entry carries only an id (`filesystem-v2:...`), whose
 * bytes come from GET /rest/binary-data?id=<id>&action=download. Entries still holding inline
 * base64 (`default` mode) are decoded directly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ExecutionDetails, N8nApi } from '../test/e2e/n8n-instance.mts';

export interface SavedFile {
	path: string;
	bytes: number;
	mimeType: string;
	/** Index of the item that carried the file (one item per prompt in the batch example). */
	itemIndex: number;
	/** The item's `jobId`, when it has one (our nodes' output shape). */
	jobId?: string;
	/** The input item this one was made from (n8n's pairedItem), to find e.g. its prompt. */
	pairedItem?: number;
}

interface BinaryEntry {
	id?: string;
	data?: string;
	fileName?: string;
	fileExtension?: string;
	mimeType?: string;
}

function safeFileName(name: string): string {
	return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'file';
}

function uniqueName(name: string, taken: Set<string>): string {
	let candidate = name;
	const dot = name.lastIndexOf('.');
	const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
	for (let n = 2; taken.has(candidate); n++) candidate = `${stem}-${n}${ext}`;
	taken.add(candidate);
	return candidate;
}

async function bytesOf(api: N8nApi, entry: BinaryEntry): Promise<Buffer> {
	if (entry.id) {
		const qs = new URLSearchParams({ id: entry.id, action: 'download' });
		const res = await api.fetchRaw('GET', `/rest/binary-data?${qs}`);
		if (!res.ok)
			throw new Error(
				`GET /rest/binary-data for ${entry.id}: HTTP ${res.status} ${await res.text()}`,
			);
		return Buffer.from(await res.arrayBuffer());
	}
	if (entry.data) return Buffer.from(entry.data, 'base64');
	throw new Error(`binary entry ${entry.fileName ?? '?'} has neither an id nor inline data`);
}

/** Every binary file of `nodeName`'s output (all runs, all outputs) written into `dir`. */
export async function saveNodeBinaries(
	api: N8nApi,
	exec: ExecutionDetails,
	nodeName: string,
	dir: string,
): Promise<SavedFile[]> {
	const runs = exec.data.resultData.runData[nodeName] ?? [];
	const saved: SavedFile[] = [];
	const taken = new Set<string>();
	mkdirSync(dir, { recursive: true });
	for (const run of runs) {
		for (const output of run.data?.main ?? []) {
			for (const [itemIndex, item] of (output ?? []).entries()) {
				for (const [key, raw] of Object.entries(item.binary ?? {})) {
					const entry = raw as BinaryEntry;
					const fallback = `item${itemIndex}-${key}.${entry.fileExtension ?? 'bin'}`;
					const name = uniqueName(safeFileName(entry.fileName ?? fallback), taken);
					const body = await bytesOf(api, entry);
					const path = join(dir, name);
					writeFileSync(path, body);
					const { pairedItem } = item as { pairedItem?: unknown };
					const paired = (Array.isArray(pairedItem) ? pairedItem[0] : pairedItem) as
						| { item?: number }
						| undefined;
					saved.push({
						path,
						bytes: body.length,
						mimeType: entry.mimeType ?? 'application/octet-stream',
						itemIndex,
						jobId: typeof item.json.jobId === 'string' ? item.json.jobId : undefined,
						pairedItem: typeof paired?.item === 'number' ? paired.item : undefined,
					});
				}
			}
		}
	}
	return saved;
}
