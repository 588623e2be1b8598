// Fault injection: an ordered list of rules, each used `times` times (default 1, Infinity allowed).
import type { FaultRule } from './types.mts';

type Kind = FaultRule['kind'];
const KINDS: Kind[] = ['status', 'delay', 'reset', 'malformed', 'accept-then-hang', 'fail-job'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

interface ActiveRule {
	rule: FaultRule;
	left: number;
}

/** Rule paths may be written with or without the '/api' prefix. */
const normalise = (path: string) => (path.startsWith('/api/') ? path.slice(4) : path);

export class FaultBook {
	private active: ActiveRule[] = [];

	add(rule: FaultRule): void {
		if (!rule || !KINDS.includes(rule.kind)) throw new Error(`Unknown fault kind; use one of ${KINDS.join(', ')}`);
		if (rule.kind === 'status' && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599))
			throw new Error('A status fault needs an HTTP status (100-599)');
		if (rule.kind === 'delay' && !(rule.ms >= 0)) throw new Error('A delay fault needs ms >= 0');
		const times = rule.times ?? 1;
		if (!(times > 0)) throw new Error('times must be > 0 (Infinity allowed)');
		this.active.push({ rule, left: times });
	}

	clear(): void {
		this.active = [];
	}

	list(): FaultRule[] {
		return this.active.map((a) => ({ ...a.rule, times: a.left }));
	}

	/** The first rule of one of `kinds` matching the request; uses up one of its `times`. */
	take(method: string, path: string, kinds: Kind[]): FaultRule | undefined {
		const bare = path.split('?')[0];
		const index = this.active.findIndex(({ rule }) => {
			if (!kinds.includes(rule.kind)) return false;
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
			if (!rule.path) return true;
			const p = normalise(rule.path);
			return p.endsWith('/') ? bare.startsWith(p) : bare === p;
		});
		if (index < 0) return undefined;
		const found = this.active[index];
		found.left -= 1;
		if (found.left <= 0) this.active.splice(index, 1);
		return found.rule;
	}
}

/**
 * Text form used by the CLI (`--fault`) and the control API:
 *   [METHOD] [PATH] KIND[=VALUE] [retry-after=S] [times=N|inf] [message="..."] [code=N] [body=JSON]
 * KIND: status=CODE | delay=MS | reset | malformed | accept-then-hang[=MS] | fail-job
 * e.g. 'POST /v1/diffusion status=429 retry-after=2 times=1'
 */
export function parseFaultSpec(spec: string): FaultRule {
	const tokens = spec.match(/[^\s=]+="[^"]*"|\S+/g) ?? [];
	const out: Record<string, unknown> = {};
	for (const token of tokens) {
		const eq = token.indexOf('=');
		const key = (eq < 0 ? token : token.slice(0, eq)).toLowerCase();
		const raw = eq < 0 ? undefined : token.slice(eq + 1).replace(/^"(.*)"$/, '$1');
		const n = () => {
			if (raw !== undefined && /^(inf|infinity)$/i.test(raw)) return Infinity;
			const v = Number(raw);
			if (raw === undefined || Number.isNaN(v)) throw new Error(`Fault spec: ${key} needs a number`);
			return v;
		};
		if (eq < 0 && METHODS.includes(token.toUpperCase()) && token === token.toUpperCase()) out.method = token;
		else if (token.startsWith('/')) out.path = token;
		else if (key === 'status') Object.assign(out, { kind: 'status', status: n() });
		else if (key === 'delay') Object.assign(out, { kind: 'delay', ms: n() });
		else if (key === 'reset' || key === 'malformed' || key === 'fail-job') out.kind = key;
		else if (key === 'accept-then-hang' || key === 'hang')
			Object.assign(out, { kind: 'accept-then-hang', ...(raw === undefined ? {} : { ms: n() }) });
		else if (key === 'retry-after') out.retryAfter = n();
		else if (key === 'times') out.times = n();
		else if (key === 'ms') out.ms = n();
		else if (key === 'code') out.code = n();
		else if (key === 'message') out.message = raw ?? '';
		else if (key === 'body') out.body = JSON.parse(raw ?? 'null');
		else throw new Error(`Fault spec: unknown token "${token}"`);
	}
	if (!out.kind) throw new Error(`Fault spec "${spec}" names no kind (${KINDS.join(', ')})`);
	return out as unknown as FaultRule;
}
