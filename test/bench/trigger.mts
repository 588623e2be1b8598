// Callbacks per second the Legnext Trigger handles, and the time from callback to emitted
// item, beside a bare webhook node measured the same way in the same run. Both go through the
// test harness (a real HTTP request into n8n-core's WebhookContext), so its per-call cost is
// in both columns; the difference is what the trigger itself adds.
import { createHmac } from 'node:crypto';
import type { INodeType, IWebhookFunctions } from 'n8n-workflow';
import { request } from 'undici';

import { callWebhook } from '../harness/index.mts';
import { BENCH_API_KEY, credentials, report, startExternalEmulator } from './common.mts';

const SECRET = credentials('').legnextApi.webhookSecret;
const TOKEN = createHmac('sha256', SECRET)
	.update('n8n-nodes-midjourney-api:legnext-callback:v1')
	.digest('base64url')
	.slice(0, 32);

const bareWebhook: INodeType = {
	description: {
		displayName: 'Bare Webhook',
		name: 'bareWebhook',
		group: ['trigger'],
		version: 1,
		description: 'Emits the request body',
		defaults: { name: 'Bare Webhook' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', path: 'bare', responseMode: 'onReceived' }],
		properties: [],
	},
	async webhook(this: IWebhookFunctions) {
		return { workflowData: [[{ json: this.getBodyData() }]] };
	},
};

async function measure(count: number, concurrency: number, call: (i: number) => Promise<boolean>) {
	const latencies: number[] = [];
	let next = 0;
	let emitted = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const i = next++;
				const t0 = performance.now();
				if (await call(i)) emitted++;
				latencies.push(performance.now() - t0);
			}
		}),
	);
	const wall = Date.now() - started;
	latencies.sort((a, b) => a - b);
	return {
		perSecond: (count / wall) * 1000,
		p50: latencies[Math.floor(latencies.length * 0.5)],
		p95: latencies[Math.floor(latencies.length * 0.95)],
		emitted,
	};
}

export async function triggerBenchmark({ callbacks = 500, concurrency = 20 } = {}): Promise<void> {
	const emu = await startExternalEmulator(['--job-duration', '100']);
	try {
		// Real finished jobs, so Verify with API has something to read.
		const jobs = [];
		for (let i = 0; i < callbacks; i++) {
			const res = await request(`${emu.baseUrl}/v1/diffusion`, {
				method: 'POST',
				headers: { 'x-api-key': BENCH_API_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({ text: `trigger benchmark ${i}` }),
			});
			jobs.push((await res.body.json()) as { job_id: string });
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
		const bodies = await Promise.all(
			jobs.map(async ({ job_id }) => {
				const res = await request(`${emu.baseUrl}/v1/job/${job_id}`, {
					headers: { 'x-api-key': BENCH_API_KEY },
				});
				return (await res.body.json()) as object;
			}),
		);
		const creds = credentials(emu.baseUrl);

		const bare = await measure(callbacks, concurrency, async (i) => {
			const result = await callWebhook(
				{ type: 'bareWebhook', parameters: {}, name: 'Bare' },
				{ method: 'POST', body: bodies[i] },
				{ extraNodeTypes: { bareWebhook } },
			);
			return !!result.workflowData;
		});
		const legnext = (verifyWithApi: boolean) =>
			measure(callbacks, concurrency, async (i) => {
				const result = await callWebhook(
					{
						type: 'n8n-nodes-midjourney-api.legnextTrigger',
						parameters: { events: ['completed', 'failed'], verifyWithApi },
						webhookId: 'bench',
					},
					{ method: 'POST', query: { token: TOKEN }, body: bodies[i] },
					{ credentials: creds },
				);
				return !!result.workflowData;
			});
		const unverified = await legnext(false);
		const verified = await legnext(true);

		const row = (
			label: string,
			m: Awaited<ReturnType<typeof measure>>,
		): Array<[string, string, string?]> => [
			[
				`${label}: callbacks/s`,
				m.perSecond.toFixed(0),
				`${m.emitted}/${callbacks} emitted, ${concurrency} at once`,
			],
			[`${label}: callback -> item p50`, `${m.p50.toFixed(1)} ms`],
			[`${label}: callback -> item p95`, `${m.p95.toFixed(1)} ms`],
		];
		report(
			`Trigger: ${callbacks} callbacks through the harness (n8n-core WebhookContext, real HTTP)`,
			[
				...row('bare webhook node', bare),
				...row('Legnext Trigger, no API check', unverified),
				...row('Legnext Trigger, Verify with API', verified),
			],
		);
	} finally {
		await emu.stop();
	}
}
