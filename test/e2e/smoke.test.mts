/**
 * Proves the real-n8n harness on its own: install (Node 24 + n8n), start, owner + login,
 * credential, workflow import, manual run, execution read, activation + production webhook,
 * the editor in chromium. When the package is built (dist/), also that n8n loads our nodes.
 *
 * Run: cd /work/main && npx vitest run test/e2e        (E2E=0 excludes test/e2e entirely)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	HARMLESS_CONSOLE_ERRORS,
	launchBrowser,
	loginViaUi,
	screenshot,
	type BrowserSession,
} from './browser.mts';
import { ensureInstalled } from './install.mts';
import {
	nodeOutput,
	REPO_ROOT,
	startN8n,
	type N8nInstance,
	type WorkflowJson,
} from './n8n-instance.mts';

const PACKAGE_NAME = 'n8n-nodes-midjourney-api';
const hasDist = existsSync(join(REPO_ROOT, 'dist', 'nodes', 'Legnext', 'Legnext.node.js'));

const manualWorkflow = (
	n8nUrl: string,
	credential: { id: string; name: string },
): WorkflowJson => ({
	name: 'E2E smoke: manual trigger -> set -> code -> http',
	nodes: [
		{
			id: 'e2e-trigger',
			name: 'When clicking Execute workflow',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'e2e-set',
			name: 'Set greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'g', name: 'greeting', value: '={{ "hello " + (40 + 1) }}', type: 'string' },
					],
				},
				options: {},
			},
		},
		{
			// The Code node runs in n8n's task runner (a child process): proves the runner works.
			id: 'e2e-code',
			name: 'Code',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [440, 0],
			parameters: {
				jsCode: 'return $input.all().map((i) => ({ json: { ...i.json, answer: 42 } }));',
			},
		},
		{
			// Outbound HTTP to 127.0.0.1 with a credential: what our nodes do against the emulator.
			id: 'e2e-http',
			name: 'Call n8n healthz',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [660, 0],
			parameters: {
				url: `${n8nUrl}/healthz`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				options: {},
			},
			credentials: { httpHeaderAuth: credential },
		},
	],
	connections: {
		'When clicking Execute workflow': {
			main: [[{ node: 'Set greeting', type: 'main', index: 0 }]],
		},
		'Set greeting': { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
		Code: { main: [[{ node: 'Call n8n healthz', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

const webhookWorkflow = (path: string): WorkflowJson => ({
	name: 'E2E smoke: production webhook',
	nodes: [
		{
			id: 'e2e-webhook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'e2e-smoke-webhook',
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		{
			id: 'e2e-echo',
			name: 'Echo',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [{ id: 'e', name: 'got', value: '={{ $json.body.ping }}', type: 'string' }],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

describe('real n8n harness (smoke)', () => {
	let n8n: N8nInstance;
	let browser: BrowserSession | undefined;
	let manualWorkflowId = '';

	beforeAll(async () => {
		const install = await ensureInstalled(); // fresh: ~4-5 min; reused: milliseconds
		console.log(
			`[smoke] install ${install.reused ? 'reused' : 'fresh'} in ${(install.totalMs / 1000).toFixed(1)} s`,
		);
		n8n = await startN8n({ nodePackages: hasDist ? [REPO_ROOT] : [] });
		console.log(`[smoke] n8n ${n8n.version} started in ${(n8n.startupMs / 1000).toFixed(1)} s`);
	}, 25 * 60_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	}, 60_000);

	it('runs n8n 2.41 on Node 24 and is logged in', async () => {
		expect(n8n.version).toMatch(/^2\.41\./);
		expect(n8n.authCookie).toBeTruthy();
		const me = await n8n.api.request<{ email: string }>('GET', '/rest/login');
		expect(me.email).toBe(n8n.owner.email);
	});

	it('creates a credential of a core type and runs Manual Trigger -> Set -> Code -> HTTP', async () => {
		const cred = await n8n.api.createCredential('httpHeaderAuth', 'E2E header auth', {
			name: 'x-e2e-token',
			value: 'not-a-real-secret',
		});
		expect(cred.id).toBeTruthy();
		expect(cred.type).toBe('httpHeaderAuth');

		const wf = await n8n.api.importWorkflow(
			manualWorkflow(n8n.url, { id: cred.id, name: cred.name }),
		);
		manualWorkflowId = wf.id;
		const run = await n8n.api.runWorkflowManually(wf.id);
		expect(run.executionId).toBeTruthy();

		const exec = await n8n.api.waitForExecution({ id: run.executionId, timeoutMs: 45_000 });
		expect(exec.status, JSON.stringify(exec.data.resultData.error)).toBe('success');
		expect(exec.mode).toBe('manual');
		expect(nodeOutput(exec, 'Code')).toEqual([{ greeting: 'hello 41', answer: 42 }]);
		expect(nodeOutput(exec, 'Call n8n healthz')).toEqual([{ status: 'ok' }]);
	});

	it('activates (publishes) a webhook workflow and serves its production URL', async () => {
		const wf = await n8n.api.importWorkflow(webhookWorkflow('e2e-smoke'));
		const active = await n8n.api.activateWorkflow(wf.id); // waits until the publication is applied
		expect(active.active).toBe(true);

		const res = await fetch(`${n8n.webhookBaseUrl}e2e-smoke`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ping: 'pong' }),
		});
		expect(res.status).toBe(200);
		const exec = await n8n.api.waitForExecution({ workflowId: wf.id });
		expect(exec.mode).toBe('webhook');
		expect(nodeOutput(exec, 'Echo')).toEqual([{ got: 'pong' }]);

		await n8n.api.deactivateWorkflow(wf.id);
	});

	it('shows the workflow on the editor canvas after a UI login, without console errors', async () => {
		expect(manualWorkflowId).toBeTruthy();
		browser = await launchBrowser({ ignore: HARMLESS_CONSOLE_ERRORS });
		const { page } = browser;
		await loginViaUi(page, n8n);
		await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
		await page.goto(`${n8n.url}/workflow/${manualWorkflowId}`, { waitUntil: 'domcontentloaded' });
		const nodes = page.locator('[data-test-id="canvas-node"]');
		await expect.poll(() => nodes.count(), { timeout: 60_000 }).toBe(4);
		await expect
			.poll(() => page.getByText('Set greeting').first().isVisible(), { timeout: 10_000 })
			.toBe(true);
		await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
		const file = await screenshot(page, 'smoke-canvas');
		console.log(
			`[smoke] screenshot ${file}; ignored console errors: ${browser.ignoredErrors.length}`,
		);
		expect(browser.consoleErrors).toEqual([]);
	}, 240_000);

	// Turns on by itself once the package is built (npm run build -> dist/).
	it.skipIf(!hasDist)(
		`loads ${PACKAGE_NAME} (legnext node, legnextApi credential) from the built package`,
		async () => {
			const nodeTypes = await n8n.api.nodeTypes();
			const names = nodeTypes.map((t) => t.name);
			expect(names).toContain(`${PACKAGE_NAME}.legnext`);
			const credentialTypes = await n8n.api.credentialTypes();
			expect(credentialTypes.map((c) => c.name)).toContain('legnextApi');
			const legnext = nodeTypes.find((t) => t.name === `${PACKAGE_NAME}.legnext`);
			expect(legnext?.credentials?.map((c) => c.name)).toContain('legnextApi');
		},
	);
});
