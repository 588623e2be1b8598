// The CLI: starts, prints its URLs, serves the API with the given key and faults, stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const cliPath = fileURLToPath(new URL('./legnext/cli.mts', import.meta.url));
const children: ChildProcess[] = [];

function startCli(args: string[]) {
	const child = spawn(process.execPath, [tsxCli, cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(child);
	let out = '';
	let err = '';
	child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const listening = new Promise<string>((resolve, reject) => {
		const timer = setInterval(() => {
			const m = /Legnext emulator listening on (http:\/\/\S+\/api)/.exec(out);
			if (m) {
				clearInterval(timer);
				resolve(m[1]);
			}
		}, 20);
		void exited.then((code) => {
			clearInterval(timer);
			reject(new Error(`exited with ${code}: ${err}`));
		});
	});
	listening.catch(() => undefined); // runs that are meant to exit (--help) never listen
	return { child, listening, exited, output: () => out, errors: () => err };
}

afterEach(() => {
	for (const c of children.splice(0)) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
});

describe('cli', () => {
	it('serves the API with its flags and stops cleanly on SIGTERM', async () => {
		const cli = startCli([
			'--port', '0', '--api-key', 'demo-key', '--job-duration', '100', '--image-size', '32', '--credits', '1000',
			'--fault', 'POST /v1/diffusion status=429 retry-after=2 times=1',
		]);
		const base = await cli.listening;
		expect(cli.output()).toContain('/__emulator');
		expect(cli.output()).not.toContain('demo-key');

		const submit = () =>
			request(`${base}/v1/diffusion`, { method: 'POST', headers: { 'x-api-key': 'demo-key' }, body: JSON.stringify({ text: 'hello' }) });
		const limited = await submit();
		await limited.body.dump();
		expect([limited.statusCode, limited.headers['retry-after']]).toEqual([429, '2']);
		const ok = await submit();
		expect(ok.statusCode).toBe(200);
		await ok.body.dump();
		const balance = await request(`${base}/account/balance`, { headers: { 'x-api-key': 'demo-key' } });
		expect(((await balance.body.json()) as { data: { available_credits: number } }).data.available_credits).toBe(920);
		expect(cli.output()).toMatch(/POST \/api\/v1\/diffusion -> 429/); // request log, without the key
		expect(cli.output()).not.toContain('demo-key');

		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(0);
	});

	it('--help prints the flags; a bad flag exits 1', async () => {
		const help = startCli(['--help']);
		expect(await help.exited).toBe(0);
		for (const flag of ['--port', '--job-duration', '--api-key', '--image-size', '--credits', '--fault', '--progress-callbacks'])
			expect(help.output()).toContain(flag);
		const bad = startCli(['--fault', 'POST /v1/diffusion']);
		expect(await bad.exited).toBe(1);
		expect(bad.errors()).toMatch(/names no kind/);
	});
});
