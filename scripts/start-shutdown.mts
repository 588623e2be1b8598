/**
 * Clean stop for `npm start`: Ctrl-C (SIGINT), SIGTERM, SIGHUP and the death of the parent
 * (npm) run every registered cleanup (n8n first, then the emulator) and exit. A start still under way is awaited first, so an n8n that
 * was being spawned when the signal came is stopped too (n8n runs in its own process group and
 * would otherwise outlive us).
 */
type Cleanup = { name: string; run: () => Promise<void> };

const cleanups: Cleanup[] = [];
const pending = new Set<Promise<unknown>>();
let stopping: Promise<never> | undefined;

/** Run `fn` at shutdown; the last registered runs first. */
export function onShutdown(name: string, run: () => Promise<void>): void {
	cleanups.push({ name, run });
}

/**
 * A start in progress: once it succeeds, `stop(result)` is registered as the cleanup `name`;
 * a shutdown that comes meanwhile waits for it to settle first. (The cleanup is registered in a
 * reaction attached here, before any shutdown's, so it is in place when the shutdown runs.)
 */
export function startTracked<T>(
	name: string,
	promise: Promise<T>,
	stop: (result: T) => Promise<void>,
): Promise<T> {
	pending.add(promise);
	promise.then(
		(result) => {
			onShutdown(name, () => stop(result));
			pending.delete(promise);
		},
		() => pending.delete(promise),
	);
	return promise;
}

export function isStopping(): boolean {
	return stopping !== undefined;
}

export function shutdown(reason: string, exitCode = 0): Promise<never> {
	if (stopping) return stopping;
	const what = cleanups.map((c) => c.name).reverse();
	if (pending.size) what.push('what is starting');
	console.log(`\n${reason}: stopping${what.length ? ` ${what.join(', ')}` : ''}...`);
	stopping = (async () => {
		await Promise.allSettled([...pending]);
		for (const { name, run } of cleanups.reverse()) {
			try {
				await run();
				console.log(`  stopped ${name}`);
			} catch (error) {
				console.error(`  could not stop ${name}: ${(error as Error).message}`);
			}
		}
		process.exit(exitCode);
	})();
	return stopping;
}

export function installSignalHandlers(): void {
	// SIGHUP: the terminal was closed.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (stopping) {
				console.log(
					`${signal} again: still stopping (n8n gets SIGKILL 10 s after SIGTERM at the latest)`,
				);
				return;
			}
			void shutdown(signal, 0);
		});
	}
	// `kill <npm pid>`: npm passes SIGTERM to the `sh -c` it runs us with, and dash dies of it
	// without passing it on, so we would never hear of it and n8n (own process group) would
	// linger. Being re-parented is the sign: stop then too.
	const parent = process.ppid;
	setInterval(() => {
		if (!stopping && process.ppid !== parent) void shutdown(`parent process ${parent} exited`, 0);
	}, 500).unref();
}
