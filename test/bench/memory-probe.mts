// Diagnostic behind the memory benchmark's "retained" figures (not part of `npm run bench`).
// Downloads N results as binary through the Legnext node (filesystem binary mode), like
// memory-child.mts, and takes V8 heap snapshots at the baseline, at the highest one-GC reading
// during the run, and after it. At each snapshot it prints what process.memoryUsage() said right
// after a forced GC, and what it says once the snapshot is written (writing one runs GCs of its
// own). Then it diffs the snapshots: objects that are new since the baseline, by kind, the
// largest constructors, and what holds the live Buffers.
//
//   emulator:  npx tsx test/emulator/legnext/cli.mts --port 4517 --api-key bench-api-key \
//                --quiet --job-duration 2000 --image-bytes 1048576
//   probe:     node --expose-gc --import tsx test/bench/memory-probe.mts \
//                http://127.0.0.1:4517/api 50 [snapshotDir]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';

import { runNode } from '../harness/index.mts';
import { credentials } from './common.mts';

const [baseUrl, countText, dirArg] = process.argv.slice(2);
const count = Number(countText ?? 50);
const dir = dirArg ?? mkdtempSync(join(tmpdir(), 'memory-probe-'));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

async function download(n: number) {
	const result = await runNode(
		{
			type: 'n8n-nodes-midjourney-api.legnext',
			parameters: {
				resource: 'image',
				operation: 'imagine',
				prompt: '={{ $json.prompt }}',
				options: { download: 'grid' },
			},
		},
		Array.from({ length: n }, (_, i) => ({ prompt: `memory probe ${i}` })),
		{ credentials: credentials(baseUrl), binaryMode: 'filesystem', timeoutMs: 600_000 },
	);
	if (result.error) throw new Error(result.error.message);
	return result;
}

const usage = () => {
	const m = process.memoryUsage();
	return { heap: m.heapUsed, ext: m.external, ab: m.arrayBuffers };
};
type Usage = ReturnType<typeof usage>;
let base: Usage;
const growth = (u: Usage) =>
	`heap+external ${MB(u.heap + u.ext - base.heap - base.ext)} (heap ${MB(u.heap - base.heap)}, ` +
	`external ${MB(u.ext - base.ext)}, of it arrayBuffers ${MB(u.ab - base.ab)})`;

function snapshot(name: string, oneGc: Usage): string {
	const file = join(dir, `${name}.heapsnapshot`);
	v8.writeHeapSnapshot(file);
	const afterSnapshot = usage();
	console.log(`${name}: after one forced GC   ${growth(oneGc)}`);
	console.log(`${name}: once the snapshot is written ${growth(afterSnapshot)}`);
	return file;
}

await download(2);
gc();
await new Promise((r) => setTimeout(r, 200));
gc();
gc();
base = usage();
const baseFile = snapshot('base', base);

// The benchmark's rhythm: a forced GC every 25 ms; a snapshot at a new maximum (at most every 3 s:
// writing one takes seconds).
let best = 0;
let lastSnapshot = 0;
let peakFile = '';
let ticks = 0;
const timer = setInterval(() => {
	if (++ticks % 5 !== 0) return;
	gc();
	const u = usage();
	const total = u.heap + u.ext - base.heap - base.ext;
	if (total > best && Date.now() - lastSnapshot > 3000) {
		best = total;
		peakFile = snapshot('peak', u);
		lastSnapshot = Date.now();
	}
}, 5);
const result = await download(count);
clearInterval(timer);
gc();
const afterFile = snapshot('after', usage());
console.log(`items: ${result.items.length}; snapshots in ${dir}\n`);

// ---- snapshot diff --------------------------------------------------------------------------
interface Snapshot {
	snapshot: {
		meta: {
			node_fields: string[];
			node_types: [string[]];
			edge_fields: string[];
			edge_types: [string[]];
		};
	};
	nodes: number[];
	edges: number[];
	strings: string[];
}

function analyse(beforeFile: string, file: string, label: string): void {
	const load = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Snapshot;
	const before = load(beforeFile);
	const snap = load(file);
	const { node_fields: nf, node_types: nt, edge_fields: ef, edge_types: et } = snap.snapshot.meta;
	const N = nf.length;
	const E = ef.length;
	const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(
		(f) => nf.indexOf(f),
	);
	const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
	const oldIds = new Set<number>();
	for (let i = 0; i < before.nodes.length; i += N) oldIds.add(before.nodes[i + iId]);

	const { nodes, edges, strings } = snap;
	const typeOf = (n: number) => nt[0][nodes[n + iType]];
	const nameOf = (n: number) => strings[nodes[n + iName]];
	const kindOf = (n: number) => {
		const type = typeOf(n);
		if (type === 'code') return 'JIT code, bytecode, feedback';
		if (nameOf(n) === 'system / JSArrayBufferData') return 'ArrayBuffer data (live Buffers)';
		if (type === 'object shape') return 'hidden classes (maps)';
		return 'objects, arrays, strings, closures';
	};
	// Reverse edges, to name what holds a node.
	const retainer = new Map<number, { from: number; edge: string }>();
	for (let n = 0, e = 0; n < nodes.length; n += N) {
		for (let k = 0; k < nodes[n + iEdges]; k++, e += E) {
			const type = et[0][edges[e + eType]];
			if (type === 'weak' || type === 'shortcut') continue;
			const to = edges[e + eTo];
			if (!retainer.has(to)) {
				const nameOrIndex = edges[e + eName];
				retainer.set(to, {
					from: n,
					edge: type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : strings[nameOrIndex],
				});
			}
		}
	}
	const byKind = new Map<string, number>();
	const byName = new Map<string, { size: number; count: number }>();
	const buffers: number[] = [];
	let total = 0;
	for (let n = 0; n < nodes.length; n += N) {
		if (oldIds.has(nodes[n + iId])) continue;
		const size = nodes[n + iSize];
		total += size;
		const kind = kindOf(n);
		byKind.set(kind, (byKind.get(kind) ?? 0) + size);
		const key = `${typeOf(n)} ${typeOf(n) === 'string' ? '' : nameOf(n).slice(0, 60)}`;
		const entry = byName.get(key) ?? { size: 0, count: 0 };
		byName.set(key, { size: entry.size + size, count: entry.count + 1 });
		if (kind.startsWith('ArrayBuffer')) buffers.push(n);
	}
	console.log(`== ${label}: objects new since the baseline: ${MB(total)}`);
	for (const [kind, size] of [...byKind].sort((a, b) => b[1] - a[1]))
		console.log(`   ${MB(size).padStart(10)}  ${kind}`);
	console.log('   largest by constructor:');
	for (const [key, { size, count }] of [...byName]
		.sort((a, b) => b[1].size - a[1].size)
		.slice(0, 12)) {
		console.log(
			`   ${(size / 1024).toFixed(1).padStart(8)} KB  ${String(count).padStart(5)}  ${key}`,
		);
	}
	if (buffers.length) {
		console.log(
			`   live Buffers: ${buffers.length}, ${MB(buffers.reduce((a, n) => a + nodes[n + iSize], 0))}; what holds the largest three:`,
		);
		for (const n of buffers.sort((a, b) => nodes[b + iSize] - nodes[a + iSize]).slice(0, 3)) {
			const path: string[] = [`${(nodes[n + iSize] / 1024).toFixed(0)} KB`];
			let at = n;
			for (let depth = 0; depth < 10; depth++) {
				const r = retainer.get(at);
				if (!r) break;
				path.push(`${r.edge} of ${nameOf(r.from).slice(0, 40)}`);
				at = r.from;
			}
			console.log(`     ${path.join(' <- ')}`);
		}
	}
}

if (peakFile) analyse(baseFile, peakFile, 'at the highest one-GC reading');
analyse(baseFile, afterFile, 'after the run');
if (!dirArg) rmSync(dir, { recursive: true, force: true });
process.exit(0);
