// The APIFRAME emulator CLI: starts, prints its URLs (never the key), serves the API with its flags
// and faults, stops cleanly on SIGTERM and SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, it } from 'vitest';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const cliPath = fileURLToPath(new URL('./apiframe/cli.mts', import.meta.url));
const running: ChildProcess[] = [];

function launch(args: string[]) {
	const child = spawn(process.execPath, [tsxCli, cliPath, ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.push(child);
	const out = { stdout: '', stderr: '' };
	child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	// Resolves with the printed URL; rejects if the process ends first (e.g. --help, bad flags).
	const ready = new Promise<string>((resolve, reject) => {
		child.stdout?.on('data', () => {
			const found = /APIFRAME emulator listening on (http:\/\/\S+)/.exec(out.stdout);
			if (found) resolve(found[1]);
		});
		child.on('exit', (code) => reject(new Error(`exit ${code} before listening: ${out.stderr}`)));
	});
	ready.catch(() => undefined);
	return { child, ready, exited, out };
}

// Tests run concurrently (each tsx start costs a second or two), so children are killed at the end.
afterAll(() => {
	for (const c of running.splice(0))
		if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
});

const api = (base: string, path: string, key: string, body?: unknown) =>
	request(`${base}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { authorization: key, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});

describe.concurrent('cli', () => {
	it('serves the API with its flags and faults, logs without the key, stops on SIGTERM', async ({
		expect,
	}) => {
		const cli = launch([
			'--port',
			'0',
			'--api-key',
			'demo-key-123',
			'--job-duration',
			'50',
			'--image-size',
			'8',
			'--credits',
			'100',
			'--final-shape',
			'finished',
			'--fault',
			'POST /imagine status=429 retry-after=3 times=1',
		]);
		const base = await cli.ready;
		expect(cli.out.stdout).toContain('/__emulator');
		expect(cli.out.stdout).toMatch(/Authorization: <key>/);

		const limited = await api(base, '/imagine', 'demo-key-123', { prompt: 'x' });
		await limited.body.dump();
		expect([limited.statusCode, limited.headers['retry-after']]).toEqual([429, '3']);
		const ok = await api(base, '/imagine', 'demo-key-123', { prompt: 'x' });
		const { task_id } = (await ok.body.json()) as { task_id: string };
		expect(ok.statusCode).toBe(200);
		const denied = await api(base, '/account', 'Bearer demo-key-123');
		await denied.body.dump();
		expect(denied.statusCode).toBe(401);
		await new Promise((r) => setTimeout(r, 80));
		const done = (await (await api(base, '/fetch', 'demo-key-123', { task_id })).body.json()) as {
			status: string;
		};
		expect(done.status).toBe('finished');
		const account = (await (await api(base, '/account', 'demo-key-123')).body.json()) as {
			credits: number;
		};
		expect(account.credits).toBe(96);

		expect(cli.out.stdout).toMatch(/POST \/imagine -> 429/);
		expect(cli.out.stdout).not.toContain('demo-key-123');
		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(0);
		expect(cli.out.stdout).toContain('SIGTERM: stopping');
	});

	it('--accept-bearer, --quiet and SIGINT', async ({ expect }) => {
		const cli = launch(['--port', '0', '--api-key', 'k', '--accept-bearer', '--quiet']);
		const base = await cli.ready;
		const r = await api(base, '/account', 'Bearer k');
		await r.body.dump();
		expect(r.statusCode).toBe(200);
		expect(cli.out.stdout).not.toMatch(/GET \/account ->/);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
	});

	it('--help lists the flags; bad flags exit 1', async ({ expect }) => {
		const [help, noKind] = [
			launch(['--help']),
			launch(['--port', '0', '--final-shape', 'done', '--fault', 'POST /imagine']),
		];
		expect(await help.exited).toBe(0);
		for (const flag of [
			'--port',
			'--api-key',
			'--accept-bearer',
			'--job-duration',
			'--fault',
			'--quiet',
			'--public-url',
			'--final-shape',
			'--failure-shape',
			'--video-shape',
			'--no-progress-webhooks',
		])
			expect(help.out.stdout).toContain(flag);
		expect(help.out.stdout).toContain('default 4020');
		expect(await noKind.exited).toBe(1);
		expect(noKind.out.stderr).toMatch(/names no kind/);
		expect(noKind.out.stdout).not.toContain('listening');
	});
});
