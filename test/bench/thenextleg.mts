// TheNextLeg pacing (issue point 4): 20 prompts in one execution, Wait for Result, against the
// emulator at the documented limit (one request every 3 s per token; faster requests get 429).
// Prints the batch's wall time against the ideal (20 x 3 s + one job) and against the
// floor the limit allows (every request, submits and status reads alike, takes a 3 s slot), the
// requests made, and how many were answered 429 (target: 0).
//   npm run bench -- thenextleg [--tnl-items 20] [--tnl-job-ms 30000]

import { loadPackageTypes, runNode } from '../harness/index.mts';
import { report, seconds, spawnEmulatorCli } from './common.mts';

const TNL = 'n8n-nodes-midjourney-api.theNextLeg';
const TOKEN = 'bench-tnl-token';
const INTERVAL_MS = 3000;

interface Recorded {
	method: string;
	apiPath: string;
	status: number;
	at: number;
}

async function startEmulator(jobMs: number): Promise<{ url: string; stop: () => Promise<void> }> {
	return await spawnEmulatorCli('thenextleg', ['--token', TOKEN, '--job-duration', String(jobMs), '--min-interval', String(INTERVAL_MS)]);
}

export async function theNextLegBenchmark({ items = 20, jobMs = 30_000 } = {}): Promise<void> {
	const emu = await startEmulator(jobMs);
	try {
		await loadPackageTypes(); // module loading is not part of the batch's time
		const input = Array.from({ length: items }, (_, i) => ({ prompt: `benchmark prompt ${i}` }));
		const started = Date.now();
		const result = await runNode(
			{ type: TNL, parameters: { resource: 'image', operation: 'imagine', prompt: '={{ $json.prompt }}' } },
			input,
			{
				// The credential as saved by a user: the documented 3 s interval is its default.
				credentials: { theNextLegApi: { apiToken: TOKEN, webhookSecret: 'bench-secret', baseUrl: `${emu.url}/v2` } },
				timeoutMs: 30 * 60_000,
			},
		);
		const wallMs = Date.now() - started;
		if (result.error) throw new Error(`run failed: ${result.error.message}`);
		const done = result.items.filter((item) => item.json.status === 'completed').length;

		const { requests } = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as { requests: Recorded[] };
		const limited = requests.filter((r) => r.status === 429).length;
		const submits = requests.filter((r) => r.apiPath === '/v2/imagine' && r.status === 200).length;
		const reads = requests.filter((r) => r.apiPath.startsWith('/v2/message/') && r.status === 200).length;
		const lastSubmit = Math.max(...requests.filter((r) => r.apiPath === '/v2/imagine').map((r) => r.at)) - requests[0].at;
		const ideal = items * INTERVAL_MS + jobMs;
		// Each prompt needs its submit and at least one read after it finished, each in its own slot.
		const floor = Math.max(ideal, (2 * items - 1) * INTERVAL_MS);

		report(`TheNextLeg: ${items} prompts, Wait for Result, ${jobMs / 1000} s jobs, one request per ${INTERVAL_MS / 1000} s`, [
			['results (completed)', `${done} / ${items}`, `items out: ${result.items.length}`],
			['requests answered 429', String(limited), 'target 0'],
			['submits / status reads', `${submits} / ${reads}`, `${requests.length} requests in all`],
			['last submit sent after', seconds(lastSubmit), `(${items - 1} x ${INTERVAL_MS / 1000} s = ${seconds((items - 1) * INTERVAL_MS)})`],
			['batch wall time', seconds(wallMs)],
			[`ideal (${items} x ${INTERVAL_MS / 1000} s + one job)`, seconds(ideal), `wall / ideal = ${(wallMs / ideal).toFixed(2)}x`],
			['floor (submits + one read each, 3 s apart)', seconds(floor), `wall / floor = ${(wallMs / floor).toFixed(2)}x`],
		]);
	} finally {
		await emu.stop();
	}
}
