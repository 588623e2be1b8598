// APIFRAME's error bodies and the request-field checks. §6: a bad request is
// 400 {"errors":[{"msg":"..."}]} (the express-validator shape); our messages always name the field.
export type Body = Record<string, unknown>;

/** An answer other than 200: status, JSON body, extra headers. */
export class ApiframeError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(
			typeof body === 'object' && body && 'errors' in body
				? JSON.stringify(body)
				: `HTTP ${status}`,
		);
	}
}

export const errorsBody = (msg: string) => ({ errors: [{ msg }] });

/** 400 naming the field (or the problem). */
export const invalid = (msg: string, status = 400) => new ApiframeError(status, errorsBody(msg));

const absent = (v: unknown) => v === undefined || v === null;

export function asBody(parsed: unknown): Body {
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw invalid('Invalid request: the body must be a JSON object');
	return parsed as Body;
}

/** A string field; required ones must not be blank. */
export function asString(body: Body, name: string, required: true): string;
export function asString(body: Body, name: string, required: false): string | undefined;
export function asString(body: Body, name: string, required: boolean): string | undefined {
	const value = body[name];
	if (value === undefined || value === null) {
		if (!required) return undefined;
		throw invalid(`${name} is required`);
	}
	if (typeof value !== 'string') throw invalid(`${name} must be a string`);
	if (required && value.trim() === '') throw invalid(`${name} must not be empty`);
	return value;
}

export function oneOf<T extends string>(
	b: Body,
	name: string,
	allowed: readonly T[],
	required: boolean,
): T | undefined {
	const v = required ? asString(b, name, true) : asString(b, name, false);
	if (v === undefined) return undefined;
	if (!(allowed as readonly string[]).includes(v))
		throw invalid(`${name} must be one of: ${allowed.join(', ')}`);
	return v as T;
}

export function isHttpUrl(v: string): boolean {
	try {
		const u = new URL(v);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
	} catch {
		return false;
	}
}

export function url(b: Body, name: string, required: true): string;
export function url(b: Body, name: string, required: false): string | undefined;
export function url(b: Body, name: string, required: boolean): string | undefined {
	const v = required ? asString(b, name, true) : asString(b, name, false);
	if (v !== undefined && !isHttpUrl(v)) throw invalid(`${name} must be a valid http(s) URL`);
	return v;
}

/** §2: `index` is typed as a string "1".."4"; the v1 SDK turns numbers into strings, so both pass. */
export function index(b: Body, name = 'index', extra: readonly string[] = []): number | string {
	const v = b[name];
	if (absent(v)) throw invalid(`${name} is required`);
	if (typeof v === 'string' && extra.includes(v)) return v;
	const ok =
		(typeof v === 'number' && [1, 2, 3, 4].includes(v)) ||
		(typeof v === 'string' && /^[1-4]$/.test(v));
	if (!ok)
		throw invalid(
			`${name} must be one of "1", "2", "3", "4"${extra.map((e) => `, "${e}"`).join('')}`,
		);
	return Number(v);
}

/** `W:H` with positive integers, e.g. "3:2". */
export function aspectRatio(b: Body, name = 'aspect_ratio'): string | undefined {
	const v = asString(b, name, false);
	if (v !== undefined && !/^[1-9]\d{0,3}:[1-9]\d{0,3}$/.test(v))
		throw invalid(`${name} must look like "16:9"`);
	return v;
}

/**
 * §3 outpaint: number or numeric string (the samples send "2"); 1 = make square, otherwise in (1, 2].
 * Returns the canonical text used in the task type ("2", "1.5", "1.25", "1").
 */
export function zoomRatio(b: Body): string {
	const v = b.zoom_ratio;
	if (absent(v)) throw invalid('zoom_ratio is required');
	const n =
		typeof v === 'number'
			? v
			: typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())
				? Number(v)
				: NaN;
	if (!Number.isFinite(n) || n < 1 || n > 2)
		throw invalid('zoom_ratio must be 1 (make square) or a number in (1, 2], e.g. "1.5" or "2"');
	return String(n);
}

/**
 * §3 note on the inpaint mask: APIFRAME's mask tool sends `data:image/png;base64,…`; we also take an
 * http(s) URL. A PNG data URL must decode to a PNG.
 */
export function mask(b: Body): void {
	const v = asString(b, 'mask', true);
	if (isHttpUrl(v)) return;
	const m = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})$/.exec(v);
	if (!m) throw invalid('mask must be a data URL (data:image/png;base64,...) or an http(s) URL');
	const bytes = Buffer.from(m[2], 'base64');
	const png = bytes
		.subarray(0, 8)
		.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	if (m[1] === 'png' && !png) throw invalid('mask: the data URL does not hold a PNG image');
}

/** An array of strings of `min`..`max` items. */
export function stringList(b: Body, name: string, min: number, max: number): string[] {
	const v = b[name];
	if (absent(v)) throw invalid(`${name} is required`);
	if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s !== ''))
		throw invalid(`${name} must be an array of non-empty strings`);
	if (v.length < min || v.length > max)
		throw invalid(`${name} must hold ${min} to ${max} items (got ${v.length})`);
	return v as string[];
}

/** §7: optional `process_mode`, fast|turbo; "relax" and anything else is rejected. */
export function processMode(b: Body): 'fast' | 'turbo' | undefined {
	return oneOf(b, 'process_mode', ['fast', 'turbo'] as const, false);
}

/** §2: optional `webhook_url` (http(s)) and `webhook_secret`. An empty webhook_url means none. */
export function webhook(b: Body): { url: string; secret?: string } {
	const secret = asString(b, 'webhook_secret', false);
	if (b.webhook_url === '') return { url: '', secret };
	return { url: url(b, 'webhook_url', false) ?? '', secret };
}
