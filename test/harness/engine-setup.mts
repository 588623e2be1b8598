// Puts into n8n's DI Container what n8n-core looks up while a workflow runs, once per process:
// the Logger, InstanceSettings (in a temp folder, never ~/.n8n) and BinaryDataService.
// Everything lives under one temp dir that is removed when the process exits. Test workers are
// often killed rather than exited, so dirs left by dead processes are swept on the next start.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { harnessLogger } from './log-capture.mts';
import { backendCommon, core, di, nw } from './n8n-runtime.mts';

export type BinaryMode = 'default' | 'filesystem';

type BinaryDataServiceT = InstanceType<typeof core.BinaryDataService>;

interface Engine {
	tempRoot: string;
	binaryServices: Record<BinaryMode, BinaryDataServiceT>;
	binaryConfigs: Record<BinaryMode, object>;
}

let enginePromise: Promise<Engine> | undefined;
const TEMP_PREFIX = 'n8n-harness-';

function sweepStaleTempDirs(): void {
	for (const name of readdirSync(tmpdir())) {
		const pid = Number(new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1]);
		if (!pid || isAlive(pid)) continue;
		rmSync(join(tmpdir(), name), { recursive: true, force: true });
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Idempotent; every harness entry point awaits it. */
export async function ensureEngine(): Promise<Engine> {
	enginePromise ??= setUpEngine();
	return await enginePromise;
}

async function setUpEngine(): Promise<Engine> {
	const { Container } = di;
	sweepStaleTempDirs();
	const tempRoot = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
	process.once('exit', () => rmSync(tempRoot, { recursive: true, force: true }));

	nw.LoggerProxy.init(harnessLogger);
	Container.set(backendCommon.Logger, harnessLogger as unknown as InstanceType<typeof backendCommon.Logger>);

	// Built by hand rather than from env: InstanceSettingsConfig reads N8N_USER_FOLDER and would
	// otherwise create (or read) ~/.n8n/config on the developer's machine.
	const instanceConfig = {
		n8nFolder: join(tempRoot, '.n8n'),
		userHome: tempRoot,
		encryptionKey: 'n8n-harness-encryption-key',
		enforceSettingsFilePermissions: false,
	};
	const instanceSettings = new core.InstanceSettings(
		instanceConfig as unknown as ConstructorParameters<typeof core.InstanceSettings>[0],
		harnessLogger as unknown as ConstructorParameters<typeof core.InstanceSettings>[1],
	);
	Container.set(core.InstanceSettings, instanceSettings);

	// One BinaryDataService per mode. n8n 2.41's init() always registers the filesystem manager,
	// so either service can read back ids written by the other; only `mode` decides where new
	// binaries go ('default' keeps them base64 in the item).
	const errorReporter = Container.get(core.ErrorReporter);
	const storagePath = join(tempRoot, 'storage');
	const binaryConfigs = {} as Record<BinaryMode, object>;
	const binaryServices = {} as Record<BinaryMode, BinaryDataServiceT>;
	for (const mode of ['default', 'filesystem'] as const) {
		const config = {
			mode,
			availableModes: ['default', 'filesystem'],
			localStoragePath: storagePath,
			signingSecret: 'n8n-harness-signing-secret',
			dbMaxFileSize: 512,
		};
		const service = new core.BinaryDataService(
			config as unknown as ConstructorParameters<typeof core.BinaryDataService>[0],
			errorReporter,
			harnessLogger as unknown as ConstructorParameters<typeof core.BinaryDataService>[2],
		);
		await service.init();
		binaryConfigs[mode] = config;
		binaryServices[mode] = service;
	}

	const engine = { tempRoot, binaryServices, binaryConfigs };
	activateBinaryMode(engine, 'default');
	return engine;
}

function activateBinaryMode(engine: Engine, mode: BinaryMode): void {
	const { Container } = di;
	Container.set(core.BinaryDataService, engine.binaryServices[mode]);
	Container.set(
		core.BinaryDataConfig,
		engine.binaryConfigs[mode] as InstanceType<typeof core.BinaryDataConfig>,
	);
}

// The binary mode is process-global (n8n-core reads it from the Container), so runs that want
// a different mode wait until the runs using the current one are done. Same-mode runs overlap freely.
let activeRuns = 0;
let activeMode: BinaryMode = 'default';
let waiting: Array<() => void> = [];

export async function acquireBinaryMode(mode: BinaryMode): Promise<() => void> {
	const engine = await ensureEngine();
	while (activeRuns > 0 && activeMode !== mode) {
		await new Promise<void>((resolve) => waiting.push(resolve));
	}
	activeRuns++;
	activeMode = mode;
	activateBinaryMode(engine, mode);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		activeRuns--;
		if (activeRuns === 0) {
			const wake = waiting;
			waiting = [];
			for (const resolve of wake) resolve();
		}
	};
}

/** Bytes of a binary entry, read through n8n's BinaryDataService (inline base64 or stored file). */
export async function readBinary(binaryData: import('n8n-workflow').IBinaryData): Promise<Buffer> {
	const engine = await ensureEngine();
	// Either service reads both forms; use the filesystem one so it works outside a run too.
	return await engine.binaryServices.filesystem.getAsBuffer(binaryData);
}
