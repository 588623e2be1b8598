// The API token, the webhook secret and the callback token derived from it never reach outputs,
// errors or logs, whatever happens; the server gets the derived token, never the secret.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';

import { imagine, op, tnl, TOKEN, useEmulators, WEBHOOK_SECRET, type TnlRun } from './support.mts';
import { TOKEN as CALLBACK_TOKEN } from './trigger-support.mts';

const emulator = useEmulators();

/** Everything reachable from a value, errors' hidden fields (message, stack, cause) included. */
function dump(value: unknown, seen = new WeakSet<object>()): string {
	if (value === null || typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.toString('latin1');
	const keys = new Set([...Object.getOwnPropertyNames(value), ...Object.keys(value)]);
	return [...keys].map((key) => `${key}=${dump((value as Record<string, unknown>)[key], seen)}`).join('\n');
}

function expectNoSecrets(run: TnlRun, label: string) {
	const everything = [dump(run.items), dump(run.error), dump(run.run), run.logs.join('\n')].join('\n');
	for (const secret of [TOKEN, WEBHOOK_SECRET, CALLBACK_TOKEN]) {
		expect(everything.includes(secret), `${label} leaks a secret`).toBe(false);
	}
}

describe.concurrent('no secret reaches outputs, errors or logs', () => {
	const scenarios: Array<[string, (emu: Awaited<ReturnType<typeof emulator>>) => Promise<TnlRun>]> = [
		['success with binaries through /getImage', async (emu) => {
			emu.setProtectImages(true);
			return await tnl(emu, imagine('ok', { options: { download: 'all' } }));
		}],
		['wrong token (401)', (emu) => tnl(emu, imagine('x'), [{}], { credentialOverrides: { apiToken: `${TOKEN}-wrong` } })],
		['server 500 on submit', async (emu) => {
			emu.addFault({ method: 'POST', path: '/v2/imagine', kind: 'status', status: 500 });
			return await tnl(emu, imagine('x'));
		}],
		['timeout after send', async (emu) => {
			emu.addFault({ method: 'POST', path: '/v2/imagine', kind: 'accept-then-hang', ms: 3000 });
			return await tnl(emu, imagine('x', { options: { requestTimeout: 1 } }));
		}],
		['content code', (emu) => tnl(emu, imagine('x [[BANNED_PROMPT]]'))],
		['content code, continue on fail', (emu) => tnl(emu, imagine('x [[QUEUE_FULL]]'), [{}], { continueOnFail: true })],
		['prefilter 400', (emu) => tnl(emu, imagine('a forbiddenword'))],
		['trigger callback mode', (emu) => tnl(emu, imagine('x', { waitMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/a' }))],
		['Get Image refused', async (emu) => {
			emu.addFault({ method: 'POST', path: '/getImage', kind: 'status', status: 403 });
			return await tnl(emu, op('image', 'getImage', { imgUrl: `${emu.url}/cdn/x/grid_0.png` }));
		}],
		['invalid input', (emu) => tnl(emu, imagine('={{ "" }}'))],
	];
	for (const [label, scenario] of scenarios) {
		it(label, async () => {
			const emu = await emulator();
			const run = await scenario(emu);
			expect(run.items.length + (run.error ? 1 : 0), label).toBeGreaterThan(0);
			expectNoSecrets(run, label);
			// The server receives the derived token at most, never the webhook secret itself.
			expect(JSON.stringify(emu.requests.map((r) => r.body)).includes(WEBHOOK_SECRET)).toBe(false);
		});
	}

	it('the server got the callback token in webhookOverride, and the output shows it masked', async () => {
		const emu = await emulator();
		const run = await tnl(emu, imagine('x', { waitMode: 'trigger', triggerUrl: 'https://n8n.example.com/webhook/a' }));
		expect(JSON.stringify(emu.requests.map((r) => r.body))).toContain(`token=${CALLBACK_TOKEN}`);
		expectNoSecrets(run, 'trigger mode');
	});

	it('the scan itself finds a secret hidden in an error cause', () => {
		const planted = new Error('outer', { cause: { config: { headers: { authorization: `Bearer ${TOKEN}` } } } });
		expect(dump({ error: planted }).includes(TOKEN)).toBe(true);
	});

	it('hides the token and secrets a server echoes back in a message (webhookOverride, unknown fields)', async () => {
		const emu = await emulator();
		const message = {
			progress: 100,
			originatingMessageId: 'Echo0000000000000000',
			type: 'imagine',
			content: 'x',
			ref: 'row-1',
			debug: { authorization: `Bearer ${TOKEN}`, secret: WEBHOOK_SECRET },
			webhookOverride: `https://n8n.example.com/webhook/a?token=${CALLBACK_TOKEN}`,
		};
		const server = createServer((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(message));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const port = (server.address() as AddressInfo).port;
			const run = await tnl(emu, op('message', 'get', { messageId: 'Echo0000000000000000' }), [{}], {
				credentialOverrides: { baseUrl: `http://127.0.0.1:${port}/v2` },
			});
			const raw = run.items[0].json.raw as Record<string, unknown>;
			expect(raw.debug).toEqual({ authorization: 'Bearer ***', secret: '***' });
			expect(raw.webhookOverride).toBe('https://n8n.example.com/webhook/a?token=***');
			expectNoSecrets(run, 'echoed message');
		} finally {
			server.close();
		}
	});
});
