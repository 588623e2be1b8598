/**
 * Headless Debian chromium driven by playwright-core (from the harness install in .n8n/).
 * Playwright's own browser download is never used: the machine reaches only the npm registry and
 * Debian's packages, so chromium comes from `apt-get install chromium` (done here if missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { E2E_DIR, ensureInstalled, INSTALL_DIR } from './install.mts';
import type { N8nInstance } from './n8n-instance.mts';

// Types only: the package itself is loaded at run time from .n8n/node_modules.
type PW = typeof import('playwright-core');
export type Browser = import('playwright-core').Browser;
export type BrowserContext = import('playwright-core').BrowserContext;
export type Page = import('playwright-core').Page;

export const SCREENSHOT_DIR = join(E2E_DIR, 'screenshots');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that work on this machine (no GPU, no network but loopback, root => no sandbox). */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Path of Debian's chromium; installs it with apt-get when missing (root, Debian). */
export function ensureChromium(): string {
	const override = process.env.E2E_CHROMIUM;
	if (override) return override;
	const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
	if (found) return found;
	const t0 = Date.now();
	console.log('[e2e browser] chromium missing: apt-get update && apt-get install -y chromium');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (args: string[]) => {
		const r = spawnSync('apt-get', args, { env, encoding: 'utf8', timeout: 15 * 60_000 });
		if (r.status !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`,
			);
		}
	};
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation']);
	const installed = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
	if (!installed) throw new Error('apt-get install chromium did not provide /usr/bin/chromium');
	console.log(`[e2e browser] chromium installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	return installed;
}

/**
 * Console errors the editor shows on this machine that say nothing about our nodes:
 * - 401 on /rest/login: the sign-in page first asks "am I logged in?" and gets 401 (normal).
 * - net::ERR_ABORTED: a request the page had in flight when the test navigated on (e.g.
 *   /types/credentials.json fetched by the home page); cancelled by us, not failed.
 * - Requests to n8n's cloud services and CDNs (api.n8n.io templates/banners/what's new,
 *   telemetry, posthog, rudderstack, fonts): there is no internet here, so they fail with
 *   net::ERR_NAME_NOT_RESOLVED / ERR_CONNECTION_REFUSED / ERR_INTERNET_DISCONNECTED. With the
 *   env startN8n sets (telemetry, templates, banners, version checks off) none showed up in
 *   2.41.1, but the filter stays in case the editor adds one.
 * - 404 on /schemas/n8n-nodes-midjourney-api.<node>/<version>[/<resource>/<operation>].json:
 *   the parameter panel of a node without run data asks for an output-schema preview (n8n
 *   serves `__schema__/v<version>/...json` files next to a node's .node.js). Our package ships
 *   none, so n8n answers 404; the editor's schemaPreview store catches the failed fetch and
 *   simply shows no preview (useRunWorkflow chunk: `try { await fetchSchema(...) } catch
 *   (e) { cache the error }`). Only the browser's own "Failed to load resource" line remains.
 *   Seen in 2.41.1 when the Legnext Trigger's panel opens.
 */
export const HARMLESS_CONSOLE_ERRORS = [
	/401 \(Unauthorized\) @ http:\/\/127\.0\.0\.1:\d+\/rest\/login\b/,
	/^requestfailed: .* net::ERR_ABORTED$/,
	/net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|CONNECTION_REFUSED|NAME_RESOLUTION_FAILED|ADDRESS_UNREACHABLE)/,
	/requestfailed: \w+ https?:\/\/(?!127\.0\.0\.1)[^ ]+/,
	/404 \(Not Found\) @ http:\/\/127\.0\.0\.1:\d+\/schemas\/n8n-nodes-midjourney-api\.\w+\/[\d.]+(\/[\w-]+){0,2}\.json$/,
];

export interface BrowserSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Console errors, page errors and failed requests seen so far (after `ignore` filtering). */
	consoleErrors: string[];
	/** Everything that was filtered out (for debugging the filter). */
	ignoredErrors: string[];
	close(): Promise<void>;
}

export interface LaunchOptions {
	/** Console errors matching any of these are recorded in ignoredErrors instead. */
	ignore?: RegExp[];
	viewport?: { width: number; height: number };
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<BrowserSession> {
	await ensureInstalled();
	const executablePath = ensureChromium();
	const { chromium } = createRequire(join(INSTALL_DIR, 'package.json'))('playwright-core') as PW;
	// A fresh profile per session. launch() refuses --user-data-dir in args, so use a persistent
	// context on a new temp directory (same effect as a fresh --user-data-dir).
	const userDataDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: opts.viewport ?? { width: 1440, height: 900 },
		timeout: 60_000,
	});
	const browser = context.browser() as Browser;
	const consoleErrors: string[] = [];
	const ignoredErrors: string[] = [];
	const ignore = opts.ignore ?? [];
	const record = (msg: string) =>
		(ignore.some((re) => re.test(msg)) ? ignoredErrors : consoleErrors).push(msg);
	const watch = (page: Page) => {
		page.on('console', (m) => {
			if (m.type() === 'error') record(`console: ${m.text()} @ ${m.location().url ?? ''}`);
		});
		page.on('pageerror', (e) => record(`pageerror: ${e.message}`));
		page.on('requestfailed', (r) =>
			record(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`),
		);
	};
	context.on('page', watch);
	const page = context.pages()[0] ?? (await context.newPage());
	watch(page);
	return {
		browser,
		context,
		page,
		consoleErrors,
		ignoredErrors,
		async close() {
			await context.close().catch(() => {});
			rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** Log in through the editor's sign-in form, as a person would. */
export async function loginViaUi(page: Page, n8n: Pick<N8nInstance, 'url' | 'owner'>) {
	await page.goto(`${n8n.url}/signin`, { waitUntil: 'domcontentloaded' });
	const email = page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
		.first();
	await email.waitFor({ state: 'visible', timeout: 60_000 });
	await email.fill(n8n.owner.email);
	await page.locator('input[type="password"]').first().fill(n8n.owner.password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 }),
		page.locator('[data-test-id="form-submit-button"], button[type="submit"]').first().click(),
	]);
}

/** Skip the form: reuse the REST login's cookie. */
export async function loginViaCookie(
	context: BrowserContext,
	n8n: Pick<N8nInstance, 'url' | 'authCookie'>,
) {
	await context.addCookies([{ name: 'n8n-auth', value: n8n.authCookie, url: n8n.url }]);
}

/** Full-page PNG in test/e2e/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
	await page.screenshot({ path: file, fullPage: true });
	return file;
}
