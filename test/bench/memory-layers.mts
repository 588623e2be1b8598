// Runs in its own process (node --expose-gc --import tsx): downloads N result files of the
// Legnext emulator through one layer of the stack, 4 at a time, and samples memory the way
// memory-child.mts does. Used by memory.mts (layer comparison rows) and on its own:
//   node --expose-gc --import tsx test/bench/memory-layers.mts <baseUrl> <layer> <count>
// Layers, from the bottom up:
//   plain     node:http GET piped into fs.promises.writeFile (what n8n's FsByteStore does)
//   outbound  n8n's own HTTP client (OutboundHttp: axios, encoding 'stream') + fs.promises.writeFile
//   prepare   node:http GET handed to n8n-core's prepareBinaryData (filesystem binary mode)
//   download  our downloadBinary (n8n's HTTP client + prepareBinaryData), Limiter of 4
// (the whole node, with and without downloads, is memory-child.mts) and, without any network:
//   lag       25 MB of 64 KB Buffers allocated and dropped, then one forced GC, then a second:
//             how much of them process.memoryUsage() still counts after each
// Prints one JSON line (MemoryFigures of memory-sampler.mts; for lag: the three readings).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { acquireBinaryMode, ensureEngine } from '../harness/engine-setup.mts';
import { BENCH_API_KEY, ROOT } from './common.mts';
import { Sampler } from './memory-sampler.mts';

const [baseUrl, layer, countText] = process.argv.slice(2);
const count = Number(countText);
const PARALLEL = 4;

const require = createRequire(import.meta.url);
const requireFromCore = createRequire(require.resolve('n8n-core'));
const { OutboundHttp } = requireFromCore('@n8n/backend-network') as {
	OutboundHttp: new () => { requests(): { request(o: object): Promise<unknown> } };
};
const { Container } = requireFromCore('@n8n/di') as typeof import('@n8n/di');
const { prepareBinaryData } =
	require('n8n-core/dist/execution-engine/node-execution-context/utils/binary-helper-functions.js') as {
		prepareBinaryData(
			data: unknown,
			executionId: string,
			workflowId: string,
			filePath?: string,
			mimeType?: string,
		): Promise<object>;
	};
const { downloadBinary } = require(join(ROOT, 'dist/nodes/shared/files/download.js')) as {
	downloadBinary(
		this: object,
		provider: string,
		file: { url: string; baseName: string },
	): Promise<object>;
};
const { Limiter } = require(join(ROOT, 'dist/nodes/shared/files/limiter.js')) as {
	Limiter: new (max: number) => { run<T>(task: () => Promise<T>): Promise<T> };
};

function getJson(url: string, method = 'GET', body?: object): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method,
				agent: false,
				headers: { 'x-api-key': BENCH_API_KEY, 'content-type': 'application/json' },
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
			},
		);
		req.on('error', reject);
		req.end(body ? JSON.stringify(body) : undefined);
	});
}

/** Finished jobs' grid URLs, made through the emulator's API (before the baseline). */
async function gridUrls(n: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) {
		ids.push(
			(await getJson(`${baseUrl}/v1/diffusion`, 'POST', { text: `layer ${i}` })).job_id as string,
		);
	}
	const urls: string[] = [];
	for (const id of ids) {
		for (;;) {
			const job = await getJson(`${baseUrl}/v1/job/${id}`);
			const url = (job.output as { image_url?: string }).image_url;
			if (job.status === 'completed' && url) {
				urls.push(url);
				break;
			}
			await new Promise((r) => setTimeout(r, 250));
		}
	}
	return urls;
}

function httpGet(url: string): Promise<http.IncomingMessage> {
	// A connection per request (no keep-alive races with the emulator closing idle sockets).
	return new Promise((resolve, reject) =>
		http.get(url, { agent: false }, resolve).on('error', reject),
	);
}

const outbound = () => Container.get(OutboundHttp).requests();
const tempDir = mkdtempSync(join(tmpdir(), 'memory-layers-'));
process.once('exit', () => rmSync(tempDir, { recursive: true, force: true }));
let written = 0;

/** One file through the chosen layer; resolves to its size in bytes. */
async function one(url: string, i: number): Promise<number> {
	if (layer === 'plain') {
		const res = await httpGet(url);
		await writeFile(join(tempDir, `${written++}.png`), res);
		return Number(res.headers['content-length']);
	}
	if (layer === 'outbound') {
		const res = (await outbound().request({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
		})) as { body: http.IncomingMessage; headers: Record<string, string> };
		await writeFile(join(tempDir, `${written++}.png`), res.body);
		return Number(res.headers['content-length']);
	}
	if (layer === 'prepare') {
		const res = await httpGet(url);
		const binary = (await prepareBinaryData(res, 'layers', 'layers', `f${i}.png`, 'image/png')) as {
			bytes: number;
		};
		return binary.bytes;
	}
	if (layer === 'download') {
		const ctx = {
			getNode: () => ({
				name: 'Layers',
				type: 'layers',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			}),
			helpers: {
				httpRequest: async (options: object) => await outbound().request(options),
				prepareBinaryData: async (data: unknown, fileName?: string, mimeType?: string) =>
					await prepareBinaryData(data, 'layers', 'layers', fileName, mimeType),
			},
		};
		const binary = (await downloadBinary.call(ctx, 'Legnext', { url, baseName: `f${i}` })) as {
			bytes: number;
		};
		return binary.bytes;
	}
	throw new Error(`unknown layer ${layer}`);
}

async function runFiles(urls: string[]): Promise<number[]> {
	const limiter = new Limiter(PARALLEL);
	return await Promise.all(
		urls.map(async (url, i) => await limiter.run(async () => await one(url, i))),
	);
}

if (layer === 'lag') {
	const gc = (globalThis as { gc?: () => void }).gc!;
	const read = () => {
		const m = process.memoryUsage();
		return { external: m.external, arrayBuffers: m.arrayBuffers };
	};
	// Some external memory (~16 MB) appears asynchronously ~0.1 s after the harness modules load:
	// let that settle first.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	gc();
	gc();
	const before = read();
	let chunks = Array.from({ length: 400 }, () => Buffer.allocUnsafeSlow(64 * 1024));
	const held = { ...read(), count: chunks.length };
	chunks = [];
	gc();
	const oneGc = read();
	await new Promise((resolve) => setTimeout(resolve, 100));
	const oneGcLater = read();
	gc();
	const twoGcs = read();
	const delta = (r: typeof before) => ({
		external: r.external - before.external,
		arrayBuffers: r.arrayBuffers - before.arrayBuffers,
	});
	console.log(
		JSON.stringify({
			layer,
			dropped: 400 * 64 * 1024,
			held: delta(held),
			oneGc: delta(oneGc),
			oneGcLater: delta(oneGcLater),
			twoGcs: delta(twoGcs),
		}),
	);
	process.exit(0);
}

const sampler = new Sampler();
await ensureEngine();
const release = await acquireBinaryMode('filesystem');
const urls = await gridUrls(count + 2);
await runFiles(urls.slice(0, 2)); // warm-up
await sampler.start();
const sizes = await runFiles(urls.slice(2));
release();
console.log(JSON.stringify({ layer, ...sampler.stop(sizes) }));
process.exit(0);
