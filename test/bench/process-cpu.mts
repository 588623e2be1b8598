// CPU time of a process group (n8n and its children), read from /proc: user + system seconds.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function statOf(pid: string): { pgid: number; cpuTicks: number } | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name may hold spaces: fields start after the closing parenthesis.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { pgid: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
	} catch {
		return undefined;
	}
}

/** Seconds of CPU used so far by every live process in the group led by `pgid`. */
export function groupCpuSeconds(pgid: number): number {
	let ticks = 0;
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		const stat = statOf(pid);
		if (stat?.pgid === pgid) ticks += stat.cpuTicks;
	}
	return ticks / TICKS_PER_SECOND;
}
