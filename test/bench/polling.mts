// How many status reads does waiting on one job cost, and how late is a finish noticed?
// Legnext's REST pages show no `progress` field (only the SDK pages read one), so the 60 s job
// is measured three ways: with progress; without it, the first job of its kind (nothing learned
// yet); and without it, the next job of that kind (run time learned from the first).
// Targets for a 60 s job: with progress <= 8 reads and lag <= 3 s; without progress (learned)
// <= 10 reads and lag <= 10% of the job (6 s).
import { request } from 'undici';

import { runNode } from '../harness/index.mts';
import { credentials, report, seconds, startExternalEmulator } from './common.mts';

const LEGNEXT = 'n8n-nodes-midjourney-api.legnext';

interface Measured {
	reads: number;
	lagMs: number;
}

async function waitOnce(jobMs: number, flags: string[], prompt: string): Promise<Measured> {
	const emu = await startExternalEmulator(['--job-duration', String(jobMs), ...flags]);
	try {
		const result = await runNode(
			{ type: LEGNEXT, parameters: { resource: 'image', operation: 'imagine', prompt } },
			[{}],
			{ credentials: credentials(emu.baseUrl), timeoutMs: 10 * 60_000 },
		);
		const noticed = Date.now();
		if (result.error) throw new Error(result.error.message);
		const jobId = result.items[0].json.jobId as string;
		const { requests } = (await (await request(`${emu.url}/__emulator/requests`)).body.json()) as {
			requests: Array<{ method: string; apiPath: string; at: number }>;
		};
		const reads = requests.filter((r) => r.method === 'GET' && r.apiPath === `/v1/job/${jobId}`);
		const submitted = requests.find((r) => r.method === 'POST')!.at;
		// The emulator finishes a job exactly jobMs after the submit arrived.
		return { reads: reads.length, lagMs: noticed - (submitted + jobMs) };
	} finally {
		await emu.stop();
	}
}

export async function pollingBenchmark({ durations = [5_000, 20_000, 60_000] } = {}): Promise<void> {
	const rows: Array<[string, string, string?]> = [];
	const add = (label: string, m: Measured, target?: string) => {
		rows.push([`${label}: status reads`, String(m.reads), target]);
		rows.push([`${label}: detection lag`, seconds(m.lagMs)]);
	};
	// Without progress the poller can only learn from jobs it saw finish in this process: these
	// run first, so the first one really is the first of its kind.
	add('60 s job, no progress, first of its kind', await waitOnce(60_000, ['--no-progress'], 'no progress 1'));
	add(
		'60 s job, no progress, run time learned',
		await waitOnce(60_000, ['--no-progress'], 'no progress 2'),
		'target <= 10 reads, lag <= 6 s',
	);
	for (const jobMs of durations) {
		const target = jobMs === 60_000 ? 'target <= 8 reads, lag <= 3 s' : undefined;
		add(`${jobMs / 1000} s job, progress reported`, await waitOnce(jobMs, [], 'polling benchmark'), target);
	}
	report('Polling: status reads and detection lag per job (Wait for Result)', rows);
}
