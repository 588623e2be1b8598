// Runs in its own process (node --expose-gc): downloads N finished results as binary data
// through the Legnext node and samples this process's memory while they come down.
// Prints one JSON line with the figures.
import { runNode } from '../harness/index.mts';
import { credentials } from './common.mts';

const [baseUrl, mode, countText, downloadArg] = process.argv.slice(2);
const downloadChoice = downloadArg ?? 'grid';
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const live = () => {
	const m = process.memoryUsage();
	return { js: m.heapUsed + m.external, rss: m.rss };
};

async function download(n: number) {
	const result = await runNode(
		{
			type: 'n8n-nodes-midjourney-api.legnext',
			parameters: {
				resource: 'image',
				operation: 'imagine',
				prompt: '={{ $json.prompt }}',
				options: { download: downloadChoice },
			},
		},
		Array.from({ length: n }, (_, i) => ({ prompt: `memory benchmark ${i}` })),
		{
			credentials: credentials(baseUrl),
			binaryMode: mode as 'default' | 'filesystem',
			timeoutMs: 10 * 60_000,
		},
	);
	if (result.error) throw new Error(result.error.message);
	return result;
}

await download(2); // warm-up: modules, JIT, binary store
gc();
await new Promise((resolve) => setTimeout(resolve, 200));
gc();
const baseline = live();
let peak = { ...baseline };
let livePeak = baseline.js;
let samples = 0;
// Two views: what the process holds at any moment (garbage included: RSS and heap+external
// as sampled), and what is still referenced (sampled right after a full GC, every 25 ms).
const sampler = setInterval(() => {
	const now = live();
	peak = { js: Math.max(peak.js, now.js), rss: Math.max(peak.rss, now.rss) };
	if (++samples % 5 === 0) {
		gc();
		livePeak = Math.max(livePeak, live().js);
	}
}, 5);

const started = Date.now();
const result = await download(count);
const wall = Date.now() - started;
clearInterval(sampler);

const sizes =
	downloadChoice === 'none'
		? [1]
		: await Promise.all(
				result.items.map(async (item) => (await result.binary(item, 'data')).length),
			);
console.log(
	JSON.stringify({
		mode,
		files: sizes.length,
		fileBytes: Math.max(...sizes),
		totalBytes: sizes.reduce((a, b) => a + b, 0),
		jsGrowth: peak.js - baseline.js,
		liveGrowth: livePeak - baseline.js,
		rssGrowth: peak.rss - baseline.rss,
		wall,
	}),
);
process.exit(0);
