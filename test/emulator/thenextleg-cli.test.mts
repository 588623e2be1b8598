// TNL emulator CLI: starts with its flags, prints its URLs but never the token, stops cleanly on SIGTERM/SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, it } from 'vitest';

// One process (node --import tsx), so a signal reaches the emulator itself. Through the `tsx` command the
// parent relays it, and under heavy load tsx may SIGKILL its child after 30 ms (exit code 130).
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cliPath = fileURLToPath(new URL('./thenextleg/cli.mts', import.meta.url));
const running: ChildProcess[] = [];

function launch(args: string[]) {
	const child = spawn(process.execPath, ['--import', tsxLoader, cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	running.push(child);
	const out = { stdout: '', stderr: '' };
	child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const baseUrl = new Promise<string>((resolve, reject) => {
		const poll = setInterval(() => {
			const m = /TheNextLeg emulator listening on (http:\/\/\S+\/v2)/.exec(out.stdout);
			if (m) {
				clearInterval(poll);
				resolve(m[1]);
			}
		}, 20);
		void exited.then((code) => {
			clearInterval(poll);
			reject(new Error(`exited with ${code}: ${out.stderr}`));
		});
	});
	baseUrl.catch(() => undefined); // runs meant to exit never listen
	return { child, baseUrl, exited, out };
}

afterAll(() => {
	for (const c of running.splice(0)) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
});

const call = async (url: string, token: string, body?: unknown) => {
	const res = await request(url, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.statusCode, headers: res.headers, json: (await res.body.json().catch(() => undefined)) as any };
};

// Concurrent: each test runs its own processes (starting tsx dominates the time).
describe.concurrent('cli', () => {
	it('serves the API with its flags, logs without the token, and stops cleanly on SIGTERM', async ({ expect }) => {
		const token = 'cli-TOKEN-777';
		const cli = launch([
			'--port',
			'0',
			'--token',
			token,
			'--job-duration',
			'50',
			'--min-interval',
			'300',
			'--message-shape',
			'response',
			'--image-size',
			'8',
			'--fault',
			'POST /v2/imagine status=429 retry-after=2 times=1',
			'--fault',
			'fail-job=QUEUE_FULL',
		]);
		const base = await cli.baseUrl;
		expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
		expect(cli.out.stdout).toContain('/__emulator');
		expect(cli.out.stdout).toMatch(/one request per 300 ms/);

		const limited = await call(`${base}/imagine`, token, { msg: 'hello' });
		expect([limited.status, limited.headers['retry-after']]).toEqual([429, '2']); // the fault, before the limiter
		const first = await call(`${base}/imagine`, token, { msg: 'hello' });
		expect(first.status).toBe(200);
		const tooSoon = await call(`${base}/message/${first.json.messageId}?authToken=${token}`, token);
		expect(tooSoon.status).toBe(429); // --min-interval 300
		await new Promise((r) => setTimeout(r, Number(tooSoon.headers['retry-after-ms'])));
		const done = await call(`${base}/message/${first.json.messageId}`, token);
		expect(done.json).toEqual({ progress: 100, response: expect.objectContaining({ content: 'QUEUE_FULL' }) }); // --fault fail-job, response shape
		await new Promise((r) => setTimeout(r, 300));
		expect((await call(`${base}/info?authToken=${token}`, 'wrong')).status).toBe(200);

		const logged = /GET \/v2\/info\?authToken=%5Bredacted%5D -> 200/;
		for (let i = 0; i < 100 && !logged.test(cli.out.stdout); i++) await new Promise((r) => setTimeout(r, 20));
		expect(cli.out.stdout).toMatch(logged);
		expect(cli.out.stdout).toMatch(/POST \/v2\/imagine -> 429/);
		expect(cli.out.stdout + cli.out.stderr).not.toContain(token);

		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(0);
		expect(cli.out.stdout).toContain('SIGTERM: stopping');
	});

	it('stops on SIGINT too', async ({ expect }) => {
		const cli = launch(['--port', '0', '--quiet']);
		await cli.baseUrl;
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
	});

	it('--help prints the flags; bad flags exit 1', async ({ expect }) => {
		const [help, noKind, shape] = [['--help'], ['--fault', 'POST /v2/imagine'], ['--message-shape', 'flat']].map(launch);
		expect(await Promise.all([help, noKind, shape].map((c) => c.exited))).toEqual([0, 1, 1]);
		for (const flag of [
			'--port',
			'--token',
			'--job-duration',
			'--min-interval',
			'--message-shape',
			'--fault',
			'--quiet',
			'--public-url',
			'4030',
		])
			expect(help.out.stdout).toContain(flag);
		expect(noKind.out.stderr).toMatch(/names no kind/);
		expect(shape.out.stderr).toMatch(/messageShape must be one of top-level, response/);
	});
});
