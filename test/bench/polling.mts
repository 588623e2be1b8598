// How many status reads does waiting on one job cost, and how late is a finish noticed?
// Target for a 60 s job: <= 8 reads, detection lag <= 3 s.
import { request } from 'undici';

import { runNode } from '../harness/index.mts';
import { credentials, report, seconds, startExternalEmulator } from './common.mts';

const LEGNEXT = 'n8n-nodes-midjourney-api.legnext';

export async function pollingBenchmark({
	durations = [5_000, 20_000, 60_000],
} = {}): Promise<void> {
	const rows: Array<[string, string, string?]> = [];
	for (const jobMs of durations) {
		const emu = await startExternalEmulator(['--job-duration', String(jobMs)]);
		try {
			const result = await runNode(
				{
					type: LEGNEXT,
					parameters: { resource: 'image', operation: 'imagine', prompt: 'polling benchmark' },
				},
				[{}],
				{ credentials: credentials(emu.baseUrl), timeoutMs: 10 * 60_000 },
			);
			const noticed = Date.now();
			if (result.error) throw new Error(result.error.message);
			const jobId = result.items[0].json.jobId as string;
			const { requests } = (await (
				await request(`${emu.url}/__emulator/requests`)
			).body.json()) as {
				requests: Array<{ method: string; apiPath: string; at: number }>;
			};
			const reads = requests.filter((r) => r.method === 'GET' && r.apiPath === `/v1/job/${jobId}`);
			const submitted = requests.find((r) => r.method === 'POST')!.at;
			// The emulator finishes a job exactly jobMs after the submit arrived.
			const finished = submitted + jobMs;
			const lag = noticed - finished;
			const target = jobMs === 60_000 ? 'target <= 8 reads, lag <= 3 s' : undefined;
			rows.push([`${jobMs / 1000} s job: status reads`, String(reads.length), target]);
			rows.push([`${jobMs / 1000} s job: detection lag`, seconds(lag)]);
		} finally {
			await emu.stop();
		}
	}
	report('Polling: status reads and detection lag per job (Wait for Result)', rows);
}
