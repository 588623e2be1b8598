// Errors and request-field checks. The docs show one error body, the prefilter's
// `400 {"success": false, "msg": "Invalid phrase: '...'"}`; every error here uses that shape (our choice),
// with `msg` naming the field.
import { ApiError, parseMaybeJson } from '../legnext/http.mts';

/** Legnext's ApiError (status, message, headers), answered with TNL's body. */
export class TnlError extends ApiError {
	json() {
		return { success: false, msg: this.message };
	}
}

export const badRequest = (msg: string) => new TnlError(400, msg);

/** A request's fields: the JSON body (POST) or the query (GET variants). */
export type Fields = Record<string, unknown>;

const absent = (v: unknown) => v === undefined || v === null;

export function requiredString(f: Fields, name: string): string {
	const v = f[name];
	if (absent(v) || v === '') throw badRequest(`Missing required field: ${name}`);
	if (typeof v !== 'string') throw badRequest(`Field ${name} must be a string`);
	if (v.trim() === '') throw badRequest(`Missing required field: ${name}`);
	return v;
}

export function optionalString(f: Fields, name: string): string | undefined {
	const v = f[name];
	if (absent(v)) return undefined;
	if (typeof v !== 'string') throw badRequest(`Field ${name} must be a string`);
	return v;
}

export function isHttpUrl(v: string): boolean {
	try {
		return ['http:', 'https:'].includes(new URL(v).protocol);
	} catch {
		return false;
	}
}

export function httpUrl(name: string, v: string): string {
	if (!isHttpUrl(v)) throw badRequest(`Field ${name} must be an http(s) URL`);
	return v;
}

/** `ref`: free text echoed back; '' when absent (the docs' examples send ""). */
export const ref = (f: Fields) => optionalString(f, 'ref') ?? '';

/** `webhookOverride`: '' (the docs' examples) or absent = none; otherwise an http(s) URL. */
export function webhookOverride(f: Fields): string {
	const v = optionalString(f, 'webhookOverride');
	return v ? httpUrl('webhookOverride', v.trim()) : '';
}

/** A number given as a JSON number or, on GET variants, as a numeric string. */
export function optionalNumber(f: Fields, name: string): number | undefined {
	const v = f[name];
	if (absent(v) || v === '') return undefined;
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	if (!Number.isFinite(n)) throw badRequest(`Field ${name} must be a number`);
	return n;
}

export function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
	if (!(allowed as readonly string[]).includes(v)) throw badRequest(`Field ${name} must be one of: ${allowed.join(', ')}`);
	return v as T;
}

/** A JSON body: '' counts as {}; anything but an object is a 400. */
export function parseBody(raw: string): Fields {
	const parsed: unknown = /^\s*$/.test(raw) ? {} : parseMaybeJson(raw.trim());
	// parseMaybeJson hands back the text itself when it is not JSON.
	if (typeof parsed === 'string' && parsed === raw.trim()) throw badRequest('Invalid JSON body');
	const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
	if (!isObject) throw badRequest('The request body must be a JSON object');
	return parsed as Fields;
}
