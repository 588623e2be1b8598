// Fault injection: an ordered list of rules, each used `times` times (default 1, Infinity allowed).
import type { FaultRule } from './types.mts';

type Kind = FaultRule['kind'];
const KINDS: Kind[] = ['status', 'delay', 'reset', 'malformed', 'accept-then-hang', 'fail-job'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

interface ActiveRule {
	rule: FaultRule;
	left: number;
	/** Matching requests seen (for `every`). */
	seen: number;
	/** Draws for `probability`. */
	random: () => number;
}

/** mulberry32: a small seeded generator, so a seeded rule fires on the same requests every run. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
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
		if (rule.probability !== undefined && !(rule.probability > 0 && rule.probability <= 1))
			throw new Error('probability must be in (0, 1]');
		if (rule.every !== undefined && !(Number.isInteger(rule.every) && rule.every >= 1))
			throw new Error('every must be an integer >= 1');
		const random = rule.seed === undefined ? Math.random : seeded(rule.seed);
		this.active.push({ rule, left: times, seen: 0, random });
	}

	clear(): void {
		this.active = [];
	}

	list(): FaultRule[] {
		return this.active.map((a) => ({ ...a.rule, times: a.left }));
	}

	/**
	 * The first rule of one of `kinds` matching the request that fires (`every` and `probability`
	 * may let a matching request pass on to the next rule); uses up one of its `times`.
	 */
	take(method: string, path: string, kinds: Kind[]): FaultRule | undefined {
		const bare = path.split('?')[0];
		const matches = ({ rule }: ActiveRule) => {
			if (!kinds.includes(rule.kind)) return false;
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
			if (!rule.path) return true;
			const p = normalise(rule.path);
			return p.endsWith('/') ? bare.startsWith(p) : bare === p;
		};
		const fires = (active: ActiveRule) => {
			active.seen += 1;
			if (active.rule.every !== undefined && active.seen % active.rule.every !== 0) return false;
			return active.rule.probability === undefined || active.random() < active.rule.probability;
		};
		const index = this.active.findIndex((active) => matches(active) && fires(active));
		if (index < 0) return undefined;
		const found = this.active[index];
		found.left -= 1;
		if (found.left <= 0) this.active.splice(index, 1);
		found.rule.onFire?.({ method, path: bare, kind: found.rule.kind });
		return found.rule;
	}
}

/**
 * Text form used by the CLI (`--fault`) and the control API:
 *   [METHOD] [PATH] KIND[=VALUE] [retry-after=S] [times=N|inf] [probability=P] [every=N] [seed=N]
 *   [message="..."] [code=N] [body=JSON]
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
		else if (key === 'probability') out.probability = n();
		else if (key === 'every') out.every = n();
		else if (key === 'seed') out.seed = n();
		else if (key === 'ms') out.ms = n();
		else if (key === 'code') out.code = n();
		else if (key === 'message') out.message = raw ?? '';
		else if (key === 'body') out.body = JSON.parse(raw ?? 'null');
		else throw new Error(`Fault spec: unknown token "${token}"`);
	}
	if (!out.kind) throw new Error(`Fault spec "${spec}" names no kind (${KINDS.join(', ')})`);
	return out as unknown as FaultRule;
}
