// Fault injection: Legnext's FaultBook and text parser, with TNL's paths and TNL's kind of failed job
// (a message that finishes with a content code instead of images).
import { FaultBook, parseFaultSpec } from '../legnext/faults.mts';
import type { FaultRule as LegnextFaultRule } from '../legnext/types.mts';
import { isContentCode, type ContentCode } from './content-codes.mts';
import type { FaultRule } from './types.mts';

/** Routes that live at the root, not under /v2 (v2 notes §1, §6), and the image files. */
const atRoot = (path: string) => path === '/getImage' || path === '/upscale-img-url' || path.startsWith('/cdn/');

/** Rule paths may leave out '/v2': '/imagine' means '/v2/imagine'. */
function normalisePath(path: string): string {
	if (path === '/v2' || path.startsWith('/v2/') || atRoot(path)) return path;
	return `/v2${path.startsWith('/') ? '' : '/'}${path}`;
}

export const DEFAULT_FAIL_CONTENT: ContentCode = 'FAILED_TO_PROCESS_YOUR_COMMAND';

export class Faults {
	private readonly book = new FaultBook();

	add(rule: FaultRule): void {
		if (rule?.kind === 'fail-job' && rule.content !== undefined && !isContentCode(rule.content))
			throw new Error(`Unknown content code "${String(rule.content)}"`);
		const stored = rule?.path ? { ...rule, path: normalisePath(rule.path) } : rule;
		this.book.add(stored as LegnextFaultRule);
	}

	clear(): void {
		this.book.clear();
	}

	list(): FaultRule[] {
		return this.book.list() as FaultRule[];
	}

	take(method: string, path: string, kinds: FaultRule['kind'][]): FaultRule | undefined {
		return this.book.take(method, path, kinds) as FaultRule | undefined;
	}
}

/**
 * Text form (`--fault`, `POST /__emulator/faults` with a string body): Legnext's syntax,
 *   [METHOD] [PATH] KIND[=VALUE] [retry-after=S] [times=N|inf] [body=JSON]
 * where a failed message is written `fail-job[=CODE]` or `fail-job content=CODE`.
 * e.g. 'POST /v2/imagine status=429 retry-after=2', '/v2/message/ delay=300 times=inf', 'fail-job=BANNED_PROMPT'.
 */
export function parseTnlFaultSpec(spec: string): FaultRule {
	let content: string | undefined;
	const rest = spec.replace(/(^|\s)(fail-job|content)=([A-Za-z_]+)(?=\s|$)/g, (_m, lead: string, key: string, code: string) => {
		content = code;
		return key === 'fail-job' ? `${lead}fail-job` : lead;
	});
	if (content !== undefined && !isContentCode(content)) throw new Error(`Fault spec: unknown content code "${content}"`);
	const rule = parseFaultSpec(rest) as unknown as FaultRule;
	if (content !== undefined) {
		if (rule.kind !== 'fail-job') throw new Error('Fault spec: content=CODE goes with fail-job');
		rule.content = content as ContentCode;
	}
	return rule;
}
