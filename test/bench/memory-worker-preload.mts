// Loaded into an n8n queue-mode worker by memory-queue.mts, through the worker's environment:
//   NODE_OPTIONS="--expose-gc --import <this file>"  MEMORY_BENCH_DIR=<folder>
//   [MEMORY_BENCH_GC_TICKS=<n>: a forced-GC sample every n x 5 ms; default 5]
// (n8n's Node 24 strips the types itself). Inert in any other process (the worker's task runner
// inherits the environment). Driven through files in MEMORY_BENCH_DIR, checked every 100 ms:
//   start            -> baseline taken (memory-sampler.mts), sampling begins; writes `started`
//   stop (JSON: the file sizes) -> sampling ends; writes `figures.json` (MemoryFigures)
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Sampler } from './memory-sampler.mts';

const dir = process.env.MEMORY_BENCH_DIR;
const isWorker = process.argv.slice(1).includes('worker');

if (dir && isWorker) {
	let sampler: Sampler | undefined;
	let busy = false;
	const control = setInterval(() => {
		if (busy) return;
		busy = true;
		void (async () => {
			try {
				if (!sampler && existsSync(join(dir, 'start'))) {
					rmSync(join(dir, 'start'));
					sampler = new Sampler(Number(process.env.MEMORY_BENCH_GC_TICKS) || 5);
					await sampler.start();
					writeFileSync(join(dir, 'started'), String(Date.now()));
				} else if (sampler && existsSync(join(dir, 'stop'))) {
					const sizes = JSON.parse(readFileSync(join(dir, 'stop'), 'utf8')) as number[];
					rmSync(join(dir, 'stop'));
					const figures = sampler.stop(sizes);
					sampler = undefined;
					writeFileSync(
						join(dir, 'figures.tmp'),
						JSON.stringify({ pid: process.pid, node: process.version, ...figures }),
					);
					renameSync(join(dir, 'figures.tmp'), join(dir, 'figures.json'));
				}
			} catch (error) {
				writeFileSync(join(dir, 'error'), String((error as Error).stack ?? error));
			} finally {
				busy = false;
			}
		})();
	}, 100);
	control.unref();
}
