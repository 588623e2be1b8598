/**
 * One n8n and one emulator for a real-n8n test file (vitest hooks; the rest of the shared e2e
 * helpers are in provider-support.mts, which the benchmarks import outside vitest).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

import { ensureInstalled } from './install.mts';
import { startN8n, type N8nInstance } from './n8n-instance.mts';
import { PACKAGE_ROOT, type CredentialRef } from './provider-support.mts';

export interface RunningEmulator {
	baseUrl: string;
	close(): Promise<void>;
}

export interface N8nWithEmulator<E> {
	instance(): N8nInstance;
	emulator(): E;
	credential(): CredentialRef;
	/** Where Read/Write Files may write (N8N_RESTRICT_FILE_ACCESS_TO); '' without `filesDir`. */
	filesDir(): string;
}

/**
 * Before the file's tests: the n8n install (fresh: ~4 min; reused: milliseconds), the emulator,
 * n8n with the built package, the credential. After them: each stopped on its own (a failure in
 * one must not leave the others running).
 */
export function useN8nWithEmulator<E extends RunningEmulator>(opts: {
	/** 'legnext': log prefix `[legnext e2e]`, temp folder `e2e-legnext-files-*`. */
	name: string;
	startEmulator: () => Promise<E>;
	createCredential: (n8n: N8nInstance, emu: E) => Promise<CredentialRef>;
	/** A temp folder the workflows' Read/Write Files nodes may write to. */
	filesDir?: boolean;
}): N8nWithEmulator<E> {
	const tag = `[${opts.name} e2e]`;
	let n8n: N8nInstance | undefined;
	let emu: E | undefined;
	let credential: CredentialRef | undefined;
	let filesDir = '';

	beforeAll(async () => {
		const install = await ensureInstalled();
		console.log(`${tag} install ${install.reused ? 'reused' : 'fresh'} in ${(install.totalMs / 1000).toFixed(1)} s`);
		if (opts.filesDir) filesDir = mkdtempSync(join(tmpdir(), `e2e-${opts.name}-files-`));
		emu = await opts.startEmulator();
		n8n = await startN8n({
			nodePackages: [PACKAGE_ROOT],
			// n8n 2.x lets Read/Write Files touch only ~/.n8n-files unless told otherwise.
			...(filesDir ? { env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } } : {}),
		});
		console.log(`${tag} n8n ${n8n.version} started in ${(n8n.startupMs / 1000).toFixed(1)} s; emulator ${emu.baseUrl}`);
		credential = await opts.createCredential(n8n, emu);
	}, 25 * 60_000);

	afterAll(async () => {
		await n8n?.stop().catch((e: unknown) => console.error(`${tag} n8n stop failed`, e));
		await emu?.close().catch((e: unknown) => console.error(`${tag} emulator close failed`, e));
		if (filesDir) rmSync(filesDir, { recursive: true, force: true });
	}, 60_000);

	return {
		instance() {
			if (!n8n) throw new Error('n8n did not start (see beforeAll)');
			return n8n;
		},
		emulator() {
			if (!emu) throw new Error('emulator did not start (see beforeAll)');
			return emu;
		},
		credential() {
			if (!credential) throw new Error('the credential was not created (see beforeAll)');
			return credential;
		},
		filesDir: () => filesDir,
	};
}
