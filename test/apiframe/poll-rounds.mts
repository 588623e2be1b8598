// Status reads per poll round, from the requests the APIFRAME emulator recorded. The watcher
// reads every task that is due in one round (its requests go out together) and starts the next
// round only after the answers came; with the emulator answering reads after a delay (a `delay`
// fault on /fetch and /fetch-many), requests that arrive within `gapMs` of the round's first
// are one round, and rounds are at least that delay apart.
// Shared by the batch-waiting test and the benchmark (test/bench/apiframe.mts).
import type { FaultRule, RecordedRequest } from '../emulator/apiframe/types.mts';

/** Answer delay of status reads that makes rounds tell apart (and is a plausible API latency). */
export const READ_DELAY_MS = 250;
const ROUND_GAP_MS = 120;

/** Fault rules that delay every status read by READ_DELAY_MS. */
export const READ_DELAYS: FaultRule[] = ['/fetch', '/fetch-many'].map((path) => ({
	kind: 'delay',
	method: 'POST',
	path,
	ms: READ_DELAY_MS,
	times: Infinity,
}));

export interface PollRounds {
	/** Read requests (/fetch and /fetch-many) in each round, first round first. */
	callsPerRound: number[];
	/** Tasks read in each round. */
	tasksPerRound: number[];
	fetch: number;
	fetchMany: number;
	/** The largest number of ids one /fetch-many request carried. */
	largestFetchMany: number;
}

export function pollRounds(requests: RecordedRequest[], gapMs = ROUND_GAP_MS): PollRounds {
	const reads = requests.filter((r) => r.apiPath === '/fetch' || r.apiPath === '/fetch-many').sort((a, b) => a.at - b.at);
	const callsPerRound: number[] = [];
	const tasksPerRound: number[] = [];
	let roundStart = -Infinity;
	for (const read of reads) {
		if (read.at - roundStart > gapMs) {
			roundStart = read.at;
			callsPerRound.push(0);
			tasksPerRound.push(0);
		}
		callsPerRound[callsPerRound.length - 1]++;
		tasksPerRound[tasksPerRound.length - 1] += new Set(read.readTaskIds ?? []).size;
	}
	const many = reads.filter((r) => r.apiPath === '/fetch-many');
	return {
		callsPerRound,
		tasksPerRound,
		fetch: reads.length - many.length,
		fetchMany: many.length,
		largestFetchMany: Math.max(0, ...many.map((r) => ((r.body as { task_ids?: unknown[] }).task_ids ?? []).length)),
	};
}
