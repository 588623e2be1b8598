// FastAPI request validation (pydantic v2, lax mode), close enough for clients to be tested against:
// 422 `{"detail":[{"type","loc","msg","input"[,"ctx"]}]}` (the seed shows loc/msg/type; FastAPI ≥0.100
// also sends input and ctx). Extra body fields are ignored, as pydantic models do by default.
//
// Types follow the seed's examples: a field shown with `null` or the placeholder "string"/0 is
// nullable; a field shown with a concrete default (width 1024, loop false, ...) is not, so sending
// `null` there is a 422 (a pydantic `int = 1024` field rejects None).

export type Loc = (string | number)[];

export interface Issue {
	type: string;
	loc: Loc;
	msg: string;
	input: unknown;
	ctx?: Record<string, unknown>;
}

export class ValidationError extends Error {
	constructor(readonly issues: Issue[]) {
		super(issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
	}

	body() {
		return { detail: this.issues };
	}
}

export type Type =
	| { kind: 'str'; minLength?: number }
	| { kind: 'int'; ge?: number }
	| { kind: 'float' }
	| { kind: 'bool' }
	| { kind: 'literal'; values: readonly string[] }
	| { kind: 'list'; items: Type }
	| { kind: 'dict' }
	| { kind: 'model'; fields: Schema }
	| { kind: 'union'; members: { name: string; type: Type }[] }
	| { kind: 'any' };

export interface Field {
	type: Type;
	required?: boolean;
	nullable?: boolean;
}

export type Schema = Record<string, Field>;

// Shorthands for schema tables.
export const T = {
	str: { kind: 'str' } as Type,
	text: { kind: 'str', minLength: 1 } as Type,
	int: { kind: 'int' } as Type,
	float: { kind: 'float' } as Type,
	bool: { kind: 'bool' } as Type,
	dict: { kind: 'dict' } as Type,
	any: { kind: 'any' } as Type,
	literal: (...values: string[]): Type => ({ kind: 'literal', values }),
	list: (items: Type): Type => ({ kind: 'list', items }),
	model: (fields: Schema): Type => ({ kind: 'model', fields }),
	union: (members: Record<string, Type>): Type => ({
		kind: 'union',
		members: Object.entries(members).map(([name, type]) => ({ name, type })),
	}),
};
/** Required, not nullable. */
export const req = (type: Type): Field => ({ type, required: true });
/** Optional with a non-null default: absent is fine, null is a 422. */
export const opt = (type: Type): Field => ({ type });
/** Optional and nullable (`X | None = None`). */
export const maybe = (type: Type): Field => ({ type, nullable: true });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** pydantic's "'a', 'b' or 'c'". */
function expectedList(values: readonly string[]): string {
	const quoted = values.map((v) => `'${v}'`);
	return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

const TRUE_WORDS = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE_WORDS = ['false', '0', 'no', 'off', 'f', 'n'];

class Checker {
	readonly issues: Issue[] = [];

	private fail(type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): undefined {
		this.issues.push(ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input });
		return undefined;
	}

	value(type: Type, v: unknown, loc: Loc): unknown {
		switch (type.kind) {
			case 'any':
				return v;
			case 'str':
				if (typeof v !== 'string') return this.fail('string_type', loc, 'Input should be a valid string', v);
				if (type.minLength && v.trim().length < type.minLength)
					return this.fail('string_too_short', loc, `String should have at least ${type.minLength} character${type.minLength > 1 ? 's' : ''}`, v, {
						min_length: type.minLength,
					});
				return v;
			case 'int':
				return this.int(type.ge, v, loc);
			case 'float': {
				if (typeof v === 'boolean') return Number(v);
				if (typeof v === 'number') return v;
				if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
				if (typeof v === 'string') return this.fail('float_parsing', loc, 'Input should be a valid number, unable to parse string as a number', v);
				return this.fail('float_type', loc, 'Input should be a valid number', v);
			}
			case 'bool': {
				if (typeof v === 'boolean') return v;
				if (v === 0 || v === 1) return v === 1;
				if (typeof v === 'string') {
					const w = v.trim().toLowerCase();
					if (TRUE_WORDS.includes(w)) return true;
					if (FALSE_WORDS.includes(w)) return false;
				}
				if (typeof v === 'string' || typeof v === 'number')
					return this.fail('bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', v);
				return this.fail('bool_type', loc, 'Input should be a valid boolean', v);
			}
			case 'literal': {
				if (typeof v === 'string' && type.values.includes(v)) return v;
				const expected = expectedList(type.values);
				return this.fail('literal_error', loc, `Input should be ${expected}`, v, { expected });
			}
			case 'list':
				if (!Array.isArray(v)) return this.fail('list_type', loc, 'Input should be a valid list', v);
				return v.map((item, i) => this.value(type.items, item, [...loc, i]));
			case 'dict':
				if (!isObject(v)) return this.fail('dict_type', loc, 'Input should be a valid dictionary', v);
				return v;
			case 'model':
				return this.model(type.fields, v, loc);
			case 'union': {
				// Smart union: the first member that accepts the value wins; otherwise every member's errors,
				// each under its member name (pydantic's loc for `str | int` is [..., 'str'] and [..., 'int']).
				const attempts = type.members.map((m) => {
					const sub = new Checker();
					const out = sub.value(m.type, v, [...loc, m.name]);
					return { out, issues: sub.issues };
				});
				const ok = attempts.find((a) => a.issues.length === 0);
				if (ok) return ok.out;
				for (const a of attempts) this.issues.push(...a.issues);
				return undefined;
			}
		}
	}

	private int(ge: number | undefined, v: unknown, loc: Loc): unknown {
		let n: number | undefined;
		if (typeof v === 'boolean') n = Number(v);
		else if (typeof v === 'number') {
			if (!Number.isInteger(v))
				return this.fail('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', v);
			n = v;
		} else if (typeof v === 'string') {
			if (!/^\s*[-+]?\d+\s*$/.test(v))
				return this.fail('int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', v);
			n = Number(v);
		} else return this.fail('int_type', loc, 'Input should be a valid integer', v);
		if (ge !== undefined && n < ge)
			return this.fail('greater_than_equal', loc, `Input should be greater than or equal to ${ge}`, v, { ge });
		return n;
	}

	model(schema: Schema, input: unknown, loc: Loc): Record<string, unknown> {
		if (!isObject(input)) {
			this.fail('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', input);
			return {};
		}
		const out: Record<string, unknown> = { ...input };
		for (const [name, field] of Object.entries(schema)) {
			const v = input[name];
			const at = [...loc, name];
			if (v === undefined) {
				if (field.required) this.fail('missing', at, 'Field required', input);
				continue;
			}
			if (v === null && field.nullable) continue;
			out[name] = this.value(field.type, v, at);
		}
		return out;
	}
}

/** Validates a body against a schema; throws ValidationError (422) with every issue found. */
export function validate(schema: Schema, input: unknown, loc: Loc = ['body']): Record<string, unknown> {
	const checker = new Checker();
	const out = checker.model(schema, input, loc);
	if (checker.issues.length) throw new ValidationError(checker.issues);
	return out;
}

/** A required body that is absent (FastAPI: loc ['body'], "Field required"). */
export const missingBody = () => new ValidationError([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);

/** Unparseable JSON (FastAPI: type json_invalid, loc ['body', <char position>]). */
export function jsonInvalid(err: Error): ValidationError {
	const pos = Number(/position (\d+)/.exec(err.message)?.[1] ?? 0);
	return new ValidationError([{ type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error: err.message } }]);
}

/** Query parameters: FastAPI reports them under loc ['query', name]. */
export function validateQuery(schema: Schema, query: Record<string, string | string[]>): Record<string, unknown> {
	const single: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(query)) single[k] = Array.isArray(v) ? v.at(-1) : v;
	return validate(schema, single, ['query']);
}
