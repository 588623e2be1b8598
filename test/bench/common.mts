// Shared pieces of the benchmarks: an emulator in its own process (so its memory and CPU do
// not count against the node under test), and a small table printer.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH_API_KEY = 'bench-api-key';

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export interface ExternalEmulator {
	baseUrl: string;
	url: string;
	stop(): Promise<void>;
}

/** Starts an emulator's CLI (`test/emulator/<name>/cli.mts`) in a child process and waits until it listens. */
export async function spawnEmulatorCli(name: string, args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
	const port = await freePort();
	const child: ChildProcess = spawn(
		process.execPath,
		[
			path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
			path.join(ROOT, 'test', 'emulator', name, 'cli.mts'),
			...['--port', String(port), '--quiet'],
			...args,
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	await new Promise<void>((resolve, reject) => {
		let seen = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			if (seen.includes('listening on')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
	});
	return {
		url: `http://127.0.0.1:${port}`,
		stop: async () => {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
		},
	};
}

/** The Legnext emulator in its own process. */
export async function startExternalEmulator(flags: string[]): Promise<ExternalEmulator> {
	const emu = await spawnEmulatorCli('legnext', ['--api-key', BENCH_API_KEY, ...flags]);
	return { ...emu, baseUrl: `${emu.url}/api` };
}

export function credentials(baseUrl: string) {
	return { legnextApi: { apiKey: BENCH_API_KEY, webhookSecret: 'bench-webhook-secret', baseUrl } };
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}

export function mb(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Prints "label ........ value   (target)" lines under a heading. */
export function report(title: string, rows: Array<[string, string, string?]>): void {
	console.log(`\n## ${title}`);
	const width = Math.max(...rows.map(([label]) => label.length));
	for (const [label, value, note] of rows) {
		console.log(`  ${label.padEnd(width)}  ${value.padStart(12)}${note ? `   ${note}` : ''}`);
	}
}
