// Queue-mode figures (not a test; test/e2e/queue-mode.test.mts asserts the guarantees):
// n8n main + 2 workers + 2 webhook processors, Postgres, Redis, the Legnext emulator.
//   1. a worker dies (SIGKILL) while 10 executions wait for results (Wait for Result) and 10
//      jobs submitted with "Send Result to Legnext Trigger" are at the provider: results that
//      reached a workflow, jobs submitted twice, what the user sees;
//   2. 20 identical callbacks at once, 10 to each webhook processor: executions started
//      (the trigger's claim is per process);
//   3. a burst of N simultaneous callbacks to one webhook processor: Legnext Trigger against
//      n8n's plain Webhook node (answer times, CPU seconds of the webhook processor).
//
//   npx tsx test/bench/worker-death.mts                  # Bull stall settings shortened (lock 20 s, check 5 s)
//   npx tsx test/bench/worker-death.mts --n8n-defaults   # n8n's own stall settings (lock 60 s, check 30 s)
//   npx tsx test/bench/worker-death.mts --engine legacy  # N8N_EXPRESSION_ENGINE=legacy (default: n8n's "vm")
//   options: --count 10 --job-ms 20000 --burst 50
// Needs the package built (npm run build); E2E_PACKAGE_ROOT=<copy> loads another built copy.
import { spawnSync } from 'node:child_process';

import { startLegnextEmulator } from '../emulator/legnext/index.mts';
import { PACKAGE_ROOT } from '../e2e/legnext-support.mts';
import { startQueueCluster } from '../e2e/queue-cluster.mts';
import {
	callbackToken,
	createCredential,
	publish,
	settledExecutions,
	sinkNode,
	sleep,
	startSink,
	triggerWorkflow,
	webhookWorkflow,
	workerDeath,
} from '../e2e/queue-support.mts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? String(args[at + 1]) : fallback;
};
const count = Number(option('count', '10'));
const jobMs = Number(option('job-ms', '20000'));
const burst = Number(option('burst', '50'));
const engine = option('engine', '');
const n8nDefaults = args.includes('--n8n-defaults');

const cpuSeconds = (pid: number) => {
	const t = spawnSync('ps', ['-o', 'times=', '-p', String(pid)], {
		encoding: 'utf8',
	}).stdout.trim();
	return Number(t) || 0;
};

const t0 = Date.now();
const emu = await startLegnextEmulator({
	host: '127.0.0.1',
	jobDurationMs: 3000,
	apiKey: 'bench-queue-key',
	callbackRetries: 4,
});
const sink = await startSink();
const cluster = await startQueueCluster({
	nodePackages: [PACKAGE_ROOT],
	workers: 2,
	webhookProcessors: 2,
	...(n8nDefaults
		? {}
		: { stall: { lockDurationMs: 20_000, lockRenewMs: 5_000, stalledIntervalMs: 5_000 } }),
	...(engine ? { env: { N8N_EXPRESSION_ENGINE: engine } } : {}),
});
try {
	console.log(
		`\nQueue-mode figures: n8n ${cluster.version}, expression engine ${engine || 'vm (n8n default)'}, Bull stall settings ${n8nDefaults ? "n8n's defaults (lock 60 s, renew 10 s, check 30 s)" : 'lock 20 s, renew 5 s, check 5 s'}; machine load ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim()}`,
	);
	console.log(cluster.layout());
	const credential = await createCredential(cluster.api, emu);

	// 1. Worker death.
	const death = await workerDeath({
		cluster,
		emu,
		credential,
		sink,
		count,
		jobMs,
		log: () => undefined,
	});
	console.log(`\n1. Worker death: ${death.note}`);
	for (const [mode, f] of [
		['Wait for Result', death.wait],
		['Send Result to Legnext Trigger', death.callback],
	] as const) {
		console.log(
			`   ${mode}: ${f.resultsReached}/${f.executions} results reached the workflow; ${f.submissions} submissions, ${f.submittedTwice} prompts submitted twice; executions ${JSON.stringify(f.statuses)}; settled ${f.settledAfterKillS.toFixed(0)} s after the kill`,
		);
		for (const e of f.errors) console.log(`     the user sees: "${e}"`);
	}

	// 2. Duplicates across two webhook processors.
	const dupWf = await publish(
		cluster.api,
		triggerWorkflow('bench duplicates', 'bench-dups', credential, [
			sinkNode(sink, 'dups', 'jobId: $json.jobId'),
		]),
	);
	const submit = await fetch(`${emu.baseUrl}/v1/diffusion`, {
		method: 'POST',
		headers: { 'x-api-key': emu.apiKey, 'content-type': 'application/json' },
		body: JSON.stringify({ text: 'bench duplicates' }),
	});
	const { job_id: jobId } = (await submit.json()) as { job_id: string };
	let job: Record<string, unknown> = {};
	do {
		await sleep(300);
		job = (await (
			await fetch(`${emu.baseUrl}/v1/job/${jobId}`, { headers: { 'x-api-key': emu.apiKey } })
		).json()) as Record<string, unknown>;
	} while (job.status !== 'completed');
	const urls = cluster.webhooks.map(
		(w) => `${w.url}/webhook/bench-dups/legnext?token=${callbackToken()}`,
	);
	const statuses = await Promise.all(
		Array.from(
			{ length: 20 },
			async (_, i) => await emu.deliverCallback(urls[i % urls.length], job),
		),
	);
	const dupExecs = await settledExecutions(cluster.api, dupWf, 1, 4000);
	console.log(
		`\n2. 20 identical callbacks at once, ${20 / urls.length} to each of ${urls.length} webhook processors: answers ${JSON.stringify(statuses.reduce<Record<number, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {}))}, ${dupExecs} executions (1 webhook processor: 1, asserted in test/e2e/queue-mode.test.mts)`,
	);
	await cluster.api.deactivateWorkflow(dupWf);

	// 3. A burst of simultaneous callbacks to one webhook processor.
	const triggerWf = await publish(
		cluster.api,
		triggerWorkflow('bench burst trigger', 'bench-burst', credential, [], false),
	);
	const plainWf = await publish(
		cluster.api,
		webhookWorkflow('bench burst webhook', 'bench-burst-plain', []),
	);
	const hook = cluster.webhooks[0];
	const fire = async (url: string, n: number, tag: string) => {
		const cpu0 = cpuSeconds(hook.pid);
		const start = Date.now();
		const res = await Promise.all(
			Array.from({ length: n }, async (_, i) => {
				const t = Date.now();
				const r = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						job_id: `${tag}-${i}`,
						status: 'completed',
						task_type: 'diffusion',
						output: {},
					}),
				});
				await r.arrayBuffer();
				return { status: r.status, ms: Date.now() - t };
			}),
		);
		const ms = res.map((r) => r.ms).sort((a, b) => a - b);
		return {
			wallS: (Date.now() - start) / 1000,
			medianS: ms[Math.floor(ms.length / 2)] / 1000,
			maxS: ms[ms.length - 1] / 1000,
			statuses: res.reduce<Record<number, number>>(
				(a, r) => ({ ...a, [r.status]: (a[r.status] ?? 0) + 1 }),
				{},
			),
			cpuS: cpuSeconds(hook.pid) - cpu0,
		};
	};
	const trig = await fire(
		`${hook.url}/webhook/bench-burst/legnext?token=${callbackToken()}`,
		burst,
		'burst',
	);
	await settledExecutions(cluster.api, triggerWf, burst, 3000);
	const plain = await fire(`${hook.url}/webhook/bench-burst-plain`, burst, 'plain');
	await settledExecutions(cluster.api, plainWf, burst, 3000);
	console.log(
		`\n3. A burst of ${burst} simultaneous callbacks to ${hook.name} (Verify with API off):`,
	);
	for (const [name, r] of [
		['Legnext Trigger', trig],
		["n8n's Webhook node", plain],
	] as const)
		console.log(
			`   ${name.padEnd(18)} all answered in ${r.wallS.toFixed(1)} s (median ${r.medianS.toFixed(1)} s, max ${r.maxS.toFixed(1)} s), answers ${JSON.stringify(r.statuses)}, webhook processor CPU ${r.cpuS.toFixed(1)} s (${((r.cpuS * 1000) / burst).toFixed(0)} ms per callback)`,
		);
	console.log(`\nTotal ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
	await cluster.stop();
	await emu.close();
	await sink.close();
}
process.exit(0);
