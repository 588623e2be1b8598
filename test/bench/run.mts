// Benchmarks (not tests): they print figures against the targets, they do not assert.
//   npm run bench                      # all
//   npm run bench -- batch polling     # some
//   npm run bench -- batch --loop-items 10
// Needs the package built (npm run build).
import { apiframeBenchmark } from './apiframe.mts';
import { batchBenchmark } from './batch.mts';
import { memoryBenchmark } from './memory.mts';
import { pollingBenchmark } from './polling.mts';
import { soakBenchmark } from './soak.mts';
import { theNextLegBenchmark } from './thenextleg.mts';
import { triggerBenchmark } from './trigger.mts';
import { triggerN8nBenchmark } from './trigger-n8n.mts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? Number(args[at + 1]) : fallback;
};
const chosen = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
const wants = (name: string) => chosen.length === 0 || chosen.includes(name);

console.log(`Benchmarks on Node ${process.version}, ${new Date().toISOString()}`);
if (wants('batch')) await batchBenchmark({ loopItems: option('loop-items', 50) });
if (wants('polling')) await pollingBenchmark();
if (wants('memory')) await memoryBenchmark();
if (wants('trigger')) await triggerBenchmark({ callbacks: option('callbacks', 500) });
if (wants('trigger-n8n')) await triggerN8nBenchmark({ callbacks: option('callbacks', 400) });
if (wants('apiframe')) await apiframeBenchmark();
if (wants('thenextleg'))
	await theNextLegBenchmark({ items: option('tnl-items', 20), jobMs: option('tnl-job-ms', 30_000) });
// Long (a real n8n in queue mode, 1000 jobs): only when named, `npm run bench -- soak [--jobs N] [--n8n-defaults]`.
if (chosen.includes('soak')) await soakBenchmark({ jobs: option('jobs', 1000), tuned: !args.includes('--n8n-defaults') });
process.exit(0);
