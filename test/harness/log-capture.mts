// One logger for everything n8n prints: it is installed both as n8n-workflow's LoggerProxy
// and as the DI `Logger` that node contexts (`this.logger`) and n8n-core services use.
// Lines go to every active capture so a run can scan its own logs for leaked secrets.
// Quiet unless HARNESS_DEBUG=1.
import type { LogMetadata, Logger as WorkflowLogger } from 'n8n-workflow';

type Level = 'error' | 'warn' | 'info' | 'debug';

const captures = new Set<string[]>();
const MAX_LINE = 200_000;

/** JSON that survives errors (non-enumerable message/stack), cycles and bigints. */
export function stringifyForLog(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, v: unknown) => {
			if (typeof v === 'bigint') return v.toString();
			if (typeof v === 'function') return undefined;
			if (v !== null && typeof v === 'object') {
				if (seen.has(v)) return '[Circular]';
				seen.add(v);
				if (v instanceof Error) {
					return { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause };
				}
				if (Buffer.isBuffer(v)) return `[Buffer ${v.length} bytes]`;
			}
			return v;
		});
	} catch (error) {
		return `[unserializable: ${(error as Error).message}]`;
	}
}

function write(level: Level, message: string, metadata?: LogMetadata): void {
	let line = `${level}: ${message}`;
	if (metadata && Object.keys(metadata).length > 0) line += ` ${stringifyForLog(metadata)}`;
	if (line.length > MAX_LINE) line = `${line.slice(0, MAX_LINE)}…[truncated]`;
	for (const lines of captures) lines.push(line);
	if (process.env.HARNESS_DEBUG === '1') process.stderr.write(`[n8n] ${line}\n`);
}

/** Satisfies both n8n-workflow's Logger and @n8n/backend-common's Logger as n8n-core uses it. */
export const harnessLogger = {
	error: (message: string, metadata?: LogMetadata) => write('error', message, metadata),
	warn: (message: string, metadata?: LogMetadata) => write('warn', message, metadata),
	info: (message: string, metadata?: LogMetadata) => write('info', message, metadata),
	debug: (message: string, metadata?: LogMetadata) => write('debug', message, metadata),
	scoped() {
		return harnessLogger;
	},
	getInternalLogger() {
		return harnessLogger;
	},
} satisfies WorkflowLogger & Record<string, unknown>;

/** Start collecting lines; concurrent captures each get every line printed while they are open. */
export function startLogCapture(): { lines: string[]; stop: () => void } {
	const lines: string[] = [];
	captures.add(lines);
	return { lines, stop: () => captures.delete(lines) };
}
