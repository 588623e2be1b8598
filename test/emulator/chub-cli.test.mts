// Chub emulator CLI: starts, prints its URLs (never the key), serves with its flags and faults,
// stops cleanly on SIGTERM and SIGINT; --help; bad flags exit 1.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, it } from 'vitest';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const cliPath = fileURLToPath(new URL('./chub/cli.mts', import.meta.url));
const running: ChildProcess[] = [];

function launch(args: string[]) {
	const child = spawn(process.execPath, [tsxCli, cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	running.push(child);
	const out = { stdout: '', stderr: '' };
	child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const url = new Promise<string>((resolve, reject) => {
		const onData = () => {
			const m = /Chub emulator listening on (http:\/\/\S+)/.exec(out.stdout);
			if (m) {
				child.stdout!.off('data', onData);
				resolve(m[1]);
			}
		};
		child.stdout!.on('data', onData);
		void exited.then((code) => reject(new Error(`exited with ${code}: ${out.stderr}`)));
	});
	url.catch(() => undefined); // runs meant to exit never listen
	return { child, url, exited, out };
}

// The tests run concurrently (each starts its own processes); leftovers are killed at the end.
afterAll(() => {
	for (const c of running.splice(0)) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
});

const post = (url: string, key: string, body: unknown, header: 'ch' | 'bearer' = 'ch') =>
	request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(header === 'ch' ? { 'ch-api-key': key } : { authorization: `Bearer ${key}` }) },
		body: JSON.stringify(body),
	});

describe.concurrent('chub cli', () => {
	it('serves the API with its flags and stops cleanly on SIGTERM', async ({ expect }) => {
		const cli = launch([
			'--port', '0', '--api-key', 'CHK-secret-demo', '--job-duration', '0', '--check-shape', 'primary_image_path',
			'--fault', 'POST /images/text2img status=429 retry-after=2 times=1',
		]);
		const base = await cli.url;
		expect(cli.out.stdout).toContain('/__emulator');
		const limited = await post(`${base}/images/text2img`, 'CHK-secret-demo', { prompt: 'hello' });
		await limited.body.dump();
		expect([limited.statusCode, limited.headers['retry-after']]).toEqual([429, '2']);
		const ok = await post(`${base}/images/text2img`, 'CHK-secret-demo', { prompt: 'hello' }, 'bearer');
		const sub = (await ok.body.json()) as Record<string, unknown>;
		expect(ok.statusCode).toBe(200);
		const done = await post(`${base}/check`, 'CHK-secret-demo', { ...sub, request_type: 'text2img' });
		const answer = (await done.body.json()) as Record<string, unknown>;
		expect(Object.keys(answer)).toEqual(['generation_uuid', 'primary_image_path']);
		expect(cli.out.stdout).toMatch(/POST \/images\/text2img -> 429/); // request log
		expect(cli.out.stdout + cli.out.stderr).not.toContain('CHK-secret-demo');

		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(0);
		expect(cli.out.stdout).toContain('SIGTERM: stopping the Chub emulator');
	});

	it('SIGINT stops it too; --quiet logs no requests; --auth bearer refuses CH-API-KEY', async ({ expect }) => {
		const cli = launch(['--port', '0', '--quiet', '--auth', 'bearer']);
		const base = await cli.url;
		const refused = await post(`${base}/images/text2img`, 'CHK-test-key', { prompt: 'x' });
		await refused.body.dump();
		expect(refused.statusCode).toBe(401);
		expect(cli.out.stdout).not.toMatch(/ -> 401/);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
	});

	it('--help prints the flags; bad flags exit 1', async ({ expect }) => {
		const [help, shape, fault] = [launch(['--help']), launch(['--check-shape', 'progress']), launch(['--fault', 'POST /check'])];
		expect(await Promise.all([help.exited, shape.exited, fault.exited])).toEqual([0, 1, 1]);
		for (const flag of ['--port', '--api-key', '--job-duration', '--check-shape', '--fault', '--quiet', '--public-url', '--request-type', '--max-concurrent'])
			expect(help.out.stdout).toContain(flag);
		expect(help.out.stdout).toContain('(default 4040');
		expect(shape.out.stderr).toMatch(/--check-shape must be one of is_done, url, primary_image_path, image_url, status/);
		expect(fault.out.stderr).toMatch(/names no kind/);
	});
});
