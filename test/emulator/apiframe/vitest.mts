// Vitest glue for the apiframe-*.test.mts files: one emulator per test file, reset after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';

import { startApiframeEmulator } from './index.mts';
import type { ApiframeEmulator, ApiframeEmulatorOptions } from './types.mts';

/**
 * Starts an emulator before the file's tests and closes it after them; `reset()` runs after each
 * test. Returns a stand-in usable at once (its members forward to the running emulator).
 */
export function emulatorForFile(opts: ApiframeEmulatorOptions): ApiframeEmulator {
	let running: ApiframeEmulator | undefined;
	beforeAll(async () => {
		running = await startApiframeEmulator(opts);
	});
	afterEach(() => running?.reset());
	afterAll(() => running?.close());
	return new Proxy({} as ApiframeEmulator, {
		get(_, key) {
			if (!running) throw new Error('the emulator starts in beforeAll');
			const value = Reflect.get(running, key) as unknown;
			return typeof value === 'function' ? value.bind(running) : value;
		},
	});
}
