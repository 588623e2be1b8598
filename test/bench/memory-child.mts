// Runs in its own process (node --expose-gc): downloads N finished results as binary data
// through the Legnext node and samples this process's memory while they come down (see
// memory-sampler.mts for the three views). Prints one JSON line with the figures.
//   node --expose-gc --import tsx test/bench/memory-child.mts <baseUrl> <default|filesystem> <count> [download]
import { runNode } from '../harness/index.mts';
import { credentials } from './common.mts';
import { Sampler } from './memory-sampler.mts';

const [baseUrl, mode, countText, downloadArg] = process.argv.slice(2);
const downloadChoice = downloadArg ?? 'grid';
const count = Number(countText);

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
const sampler = new Sampler();
await sampler.start();
const result = await download(count);
const sizes =
	downloadChoice === 'none' ? [1] : result.items.map((item) => item.binary?.data?.bytes ?? 0);
console.log(JSON.stringify({ mode, ...sampler.stop(sizes) }));
process.exit(0);
