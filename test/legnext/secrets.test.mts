import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { API_KEY, imagine, legnext, startEmulator, WEBHOOK_SECRET, type LegnextRun } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
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
	return [...keys]
		.map((key) => `${key}=${dump((value as Record<string, unknown>)[key], seen)}`)
		.join('\n');
}

function expectNoSecrets(run: LegnextRun, label: string) {
	const everything = [dump(run.items), dump(run.error), dump(run.run), run.logs.join('\n')].join('\n');
	for (const secret of [API_KEY, WEBHOOK_SECRET]) {
		expect(everything.includes(secret), `${label} leaks a secret`).toBe(false);
	}
}

describe('no secret reaches outputs, errors or logs', () => {
	it('scans results, binaries, errors of every kind and the logs', async () => {
		const scenarios: Array<[string, () => Promise<LegnextRun>]> = [
			['success with binaries', () => legnext(emu, imagine('ok', { options: { download: 'all' } }))],
			['wrong key (401)', () => legnext(emu, imagine('x'), [{}], { credentialOverrides: { apiKey: `${API_KEY}-wrong` } })],
			[
				'provider 500',
				async () => {
					emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'status', status: 500 });
					return await legnext(emu, imagine('x'));
				},
			],
			[
				'timeout after send',
				async () => {
					emu.addFault({ method: 'POST', path: '/v1/diffusion', kind: 'accept-then-hang', ms: 3000 });
					return await legnext(emu, imagine('x', { options: { requestTimeout: 1 } }));
				},
			],
			['refused connection', () => legnext(emu, imagine('x', { waitMode: 'submit' }), [{}], { credentialOverrides: { baseUrl: 'http://127.0.0.1:9/api' } })],
			['failed job', () => legnext(emu, imagine('x [emulator:fail]'))],
			['failed job, continue on fail', () => legnext(emu, imagine('x [emulator:fail]'), [{}], { continueOnFail: true })],
			['trigger callback mode', () => legnext(emu, imagine('x', { waitMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/a' }))],
			['invalid input', () => legnext(emu, imagine('={{ "" }}'))],
		];
		for (const [label, scenario] of scenarios) {
			const run = await scenario();
			expect(run.items.length + (run.error ? 1 : 0), label).toBeGreaterThan(0);
			expectNoSecrets(run, label);
		}
		// The provider receives the derived token, never the webhook secret itself.
		const bodies = emu.requests.map((r) => JSON.stringify(r.body)).join('\n');
		expect(bodies).toContain('token=');
		expect(bodies.includes(WEBHOOK_SECRET)).toBe(false);
	}, 60_000);

	it("a provider error that echoes our callback URL shows neither the token nor n8n's resume signature", async () => {
		const token = createHmac('sha256', WEBHOOK_SECRET).update('n8n-nodes-midjourney-api:legnext-callback:v1').digest('base64url').slice(0, 32);
		emu.addFault({
			method: 'POST',
			path: '/v1/diffusion',
			kind: 'status',
			status: 400,
			body: {
				code: 400,
				message: `callback https://n8n.example.com/webhook/a/legnext?token=${token} unreachable; also tried https://n8n.example.com/webhook-waiting/9?signature=c0ffee12`,
				raw_message: '',
				detail: null,
			},
		});
		const run = await legnext(emu, imagine('x', { waitMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/a/legnext' }));
		expect(emu.requests).toHaveLength(1);
		const shown = dump(run.error);
		expect(run.error?.message).toMatch(/callback .*token=\*\*\* unreachable/);
		for (const secret of [token, 'c0ffee12', WEBHOOK_SECRET, API_KEY]) expect(shown.includes(secret), secret).toBe(false);
	});

	it('the scan itself finds a secret hidden in an error cause', () => {
		const planted = new Error('outer', { cause: { config: { headers: { 'x-api-key': API_KEY } } } });
		expect(dump({ error: planted }).includes(API_KEY)).toBe(true);
	});

	it('hides a webhook secret, callback token and resume signature that the provider echoes back', async () => {
		// Legnext's job object has config.webhook_config.{endpoint,secret}; a server that fills them
		// must not get them into workflow data.
		const job = {
			job_id: 'job-echo-1',
			status: 'completed',
			task_type: 'diffusion',
			config: {
				webhook_config: {
					endpoint: 'https://n8n.example.com/webhook-waiting/77?signature=f00d&token=abc123',
					secret: WEBHOOK_SECRET,
				},
			},
			output: { image_url: '', image_urls: [] },
		};
		const server = createServer((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(job));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const port = (server.address() as AddressInfo).port;
			const run = await legnext(emu, { resource: 'job', operation: 'get', jobId: 'job-echo-1' }, [{}], {
				credentialOverrides: { baseUrl: `http://127.0.0.1:${port}/api` },
			});
			const raw = run.items[0].json.raw as typeof job;
			expect(raw.config.webhook_config).toEqual({
				endpoint: 'https://n8n.example.com/webhook-waiting/77?signature=***&token=***',
				secret: '***',
			});
			expectNoSecrets(run, 'echoed job');
		} finally {
			server.close();
		}
	});
});
