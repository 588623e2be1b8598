// The API key and the webhook secret never reach outputs, errors or logs, in the action node or
// the trigger. The webhook secret does go to APIFRAME, by design, and only in the trigger mode:
// it is how APIFRAME proves a delivery (it comes back as x-webhook-secret).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { API_KEY, apiframe, imagine, op, startEmulator, WEBHOOK_SECRET, type ApiframeEmulator, type ApiframeRun } from './support.mts';
import { callTrigger, finishedTask, TOKEN } from './trigger-support.mts';

let emu: ApiframeEmulator;
beforeAll(async () => {
	emu = await startEmulator({ imageSize: 16 });
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

/** Everything reachable from a value, errors' hidden fields (message, stack, cause) included. */
function dump(value: unknown, seen = new WeakSet<object>()): string {
	if (value === null || typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.toString('latin1');
	const keys = new Set([...Object.getOwnPropertyNames(value), ...Object.keys(value)]);
	return [...keys].map((key) => `${key}=${dump((value as Record<string, unknown>)[key], seen)}`).join('\n');
}

const SECRETS = [API_KEY, WEBHOOK_SECRET, TOKEN];

function expectNoSecrets(text: string, label: string) {
	for (const secret of SECRETS) expect(text.includes(secret), `${label} leaks a secret`).toBe(false);
}

const everything = (run: ApiframeRun) => [dump(run.items), dump(run.error), dump(run.run), run.logs.join('\n')].join('\n');

describe('no secret reaches outputs, errors or logs', () => {
	it('the action node: results, binaries, errors of every kind, every wait mode, and the logs', async () => {
		// Faults go on endpoints no other scenario uses, so the scenarios run side by side.
		emu.addFault({ method: 'POST', path: '/shorten', kind: 'status', status: 500 });
		emu.addFault({ method: 'POST', path: '/describe', kind: 'accept-then-hang', ms: 3000 });
		const scenarios: Array<[string, Promise<ApiframeRun>]> = [
			['success with binaries', apiframe(emu, imagine('ok', { options: { download: 'all' } }))],
			['wrong key (401)', apiframe(emu, imagine('x'), [{}], { credentialOverrides: { apiKey: `${API_KEY}-wrong` } })],
			['provider 500', apiframe(emu, op('image', 'shorten', { prompt: 'x' }))],
			['timeout after send', apiframe(emu, op('image', 'describe', { imageUrl: 'https://img.example.com/a.png', options: { requestTimeout: 1 } }))],
			['refused connection', apiframe(emu, imagine('x', { waitMode: 'submit' }), [{}], { credentialOverrides: { baseUrl: 'http://127.0.0.1:9' } })],
			['failed task', apiframe(emu, imagine('x [emulator:fail]'))],
			['failed task, continue on fail', apiframe(emu, imagine('x [emulator:fail]'), [{}], { continueOnFail: true })],
			['trigger mode', apiframe(emu, imagine('to the trigger', { waitMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/a/apiframe' }))],
			['callback mode', apiframe(emu, imagine('x', { waitMode: 'callback', callbackUrl: 'https://hooks.example.com/x' }))],
			['invalid input', apiframe(emu, imagine('={{ "" }}'))],
			['unknown task (400)', apiframe(emu, op('task', 'getTask', { taskId: 'nope' }))],
			['account', apiframe(emu, op('account', 'getAccount'))],
		];
		for (const [label, scenario] of scenarios) {
			const run = await scenario;
			expect(run.items.length + (run.error ? 1 : 0), label).toBeGreaterThan(0);
			expectNoSecrets(everything(run), label);
		}
		// The webhook secret went to APIFRAME once: with the trigger-mode submit, and nowhere else.
		const carrying = emu.requests.filter((r) => JSON.stringify(r.body).includes(WEBHOOK_SECRET));
		expect(carrying.map((r) => (r.body as IDataObject).prompt)).toEqual(['to the trigger']);
		expect(String((carrying[0].body as IDataObject).webhook_url)).toContain('/webhook/a/apiframe?token=');
		// The API key only ever travelled in the Authorization header (the emulator records its form).
		expect(JSON.stringify(emu.requests.map((r) => r.body))).not.toContain(API_KEY);
	}, 60_000);

	it('the scan itself finds a secret hidden in an error cause', () => {
		const planted = new Error('outer', { cause: { config: { headers: { authorization: API_KEY } } } });
		expect(dump({ error: planted }).includes(API_KEY)).toBe(true);
	});

	it('hides a webhook secret and a callback token that the API echoes back in a task', async () => {
		// A server whose /fetch answer echoes what the submit carried must not get them into workflow data.
		const task = {
			task_id: 'task-echo-1',
			task_type: 'imagine',
			webhook_url: `https://n8n.example.com/webhook/a/apiframe?token=${TOKEN}`,
			webhook_secret: WEBHOOK_SECRET,
			image_urls: ['https://cdn.example.com/1.png'],
		};
		const server = createServer((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(task));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const port = (server.address() as AddressInfo).port;
			const run = await apiframe(emu, op('task', 'getTask', { taskId: 'task-echo-1' }), [{}], {
				credentialOverrides: { baseUrl: `http://127.0.0.1:${port}` },
			});
			const raw = run.items[0].json.raw as IDataObject;
			expect(raw).toMatchObject({ webhook_url: 'https://n8n.example.com/webhook/a/apiframe?token=***', webhook_secret: '***' });
			expectNoSecrets(everything(run), 'echoed task');
		} finally {
			server.close();
		}
	});

	it('the trigger: refused and accepted deliveries log and emit no secret', async () => {
		const task = await finishedTask(emu);
		const refused = await callTrigger(emu, task, { headers: { 'x-webhook-secret': `${WEBHOOK_SECRET}-not` } });
		const accepted = await callTrigger(emu, { ...task, webhook_secret: WEBHOOK_SECRET }, { parameters: { verifyWithApi: false } });
		expect(refused.status).toBe(401);
		expect(accepted.workflowData?.[0]).toHaveLength(1);
		for (const [label, result] of [['refused', refused], ['accepted', accepted]] as const) {
			expectNoSecrets([dump(result.workflowData), dump(result.body), result.logs.join('\n')].join('\n'), label);
		}
	});
});
