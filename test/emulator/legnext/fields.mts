// Request-body field checks. Our mapping of the documented codes (the docs give the codes, not the
// mapping): missing field or wrong JSON type -> 400; value outside a documented range or enum,
// malformed URL -> 422.
import { ApiError } from './http.mts';

export type Body = Record<string, unknown>;

const bad = (message: string) => new ApiError(400, message);
const invalid = (message: string) => new ApiError(422, message);

export function asBody(parsed: unknown): Body {
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw bad('Invalid request body: expected a JSON object');
	return parsed as Body;
}

const absent = (v: unknown) => v === undefined || v === null;

export function str(b: Body, name: string, required: true): string;
export function str(b: Body, name: string, required: false): string | undefined;
export function str(b: Body, name: string, required: boolean): string | undefined {
	const v = b[name];
	if (absent(v)) {
		if (required) throw bad(`Missing required field: ${name}`);
		return undefined;
	}
	if (typeof v !== 'string') throw bad(`Field ${name} must be a string`);
	return v;
}

/** A prompt-like text of 1-8192 characters. */
export function text(b: Body, name: string, required: true): string;
export function text(b: Body, name: string, required: false): string | undefined;
export function text(b: Body, name: string, required: boolean): string | undefined {
	const v = required ? str(b, name, true) : str(b, name, false);
	if (v !== undefined && (v.trim().length < 1 || [...v].length > 8192))
		throw invalid(`Field ${name} must be 1-8192 characters`);
	return v;
}

export function int(b: Body, name: string, required: true): number;
export function int(b: Body, name: string, required: false): number | undefined;
export function int(b: Body, name: string, required: boolean): number | undefined {
	const v = b[name];
	if (absent(v)) {
		if (required) throw bad(`Missing required field: ${name}`);
		return undefined;
	}
	if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(`Field ${name} must be an integer`);
	return v;
}

export function number(b: Body, name: string): number {
	const v = b[name];
	if (absent(v)) throw bad(`Missing required field: ${name}`);
	if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`Field ${name} must be a number`);
	return v;
}

export function inRange(name: string, v: number, lo: number, hi: number): number {
	if (v < lo || v > hi) throw invalid(`Field ${name} must be between ${lo} and ${hi}`);
	return v;
}

export function inList<T>(name: string, v: T, allowed: readonly T[]): T {
	if (!allowed.includes(v)) throw invalid(`Field ${name} must be one of ${allowed.join(', ')}`);
	return v;
}

export function httpUrl(name: string, v: string, maxLength?: number): string {
	if (maxLength !== undefined && v.length > maxLength)
		throw invalid(`Field ${name} must be at most ${maxLength} characters`);
	let ok = false;
	try {
		ok = ['http:', 'https:'].includes(new URL(v).protocol);
	} catch {
		ok = false;
	}
	if (!ok) throw invalid(`Field ${name} must be an http(s) URL`);
	return v;
}

/** `callback` is optional; '' means none (the docs' pending examples show endpoint ""). */
export function callback(b: Body): string {
	const v = str(b, 'callback', false);
	return v ? httpUrl('callback', v) : '';
}

function object(b: Body, name: string, required: boolean): Body | undefined {
	const v = b[name];
	if (absent(v)) {
		if (required) throw bad(`Missing required field: ${name}`);
		return undefined;
	}
	if (typeof v !== 'object' || Array.isArray(v)) throw bad(`Field ${name} must be an object`);
	return v as Body;
}

/** Polygon: width/height 500-4096, points = XYXY integers (at least 3 points) inside width x height. */
function polygon(p: unknown, name: string): void {
	if (p === null || typeof p !== 'object' || Array.isArray(p)) throw bad(`Field ${name} must be an object`);
	const poly = p as Body;
	const w = inRange(`${name}.width`, int(poly, 'width', true), 500, 4096);
	const h = inRange(`${name}.height`, int(poly, 'height', true), 500, 4096);
	const points = poly.points;
	if (!Array.isArray(points) || !points.every((n) => typeof n === 'number' && Number.isInteger(n)))
		throw bad(`Field ${name}.points must be an array of integers`);
	if (points.length < 6 || points.length % 2 !== 0)
		throw invalid(`Field ${name}.points must hold at least 3 x,y pairs`);
	for (let i = 0; i < points.length; i += 2) {
		if (points[i] < 0 || points[i] > w || points[i + 1] < 0 || points[i + 1] > h)
			throw invalid(`Field ${name}.points must lie inside ${w}x${h}`);
	}
}

/** Mask: `areas` (polygons) and/or `url` (black and white mask image). */
export function mask(b: Body, name: string, required: boolean): void {
	const m = object(b, name, required);
	if (!m) return;
	const hasAreas = !absent(m.areas);
	const hasUrl = !absent(m.url);
	if (!hasAreas && !hasUrl) throw bad(`Field ${name} needs areas or url`);
	if (hasAreas) {
		if (!Array.isArray(m.areas)) throw bad(`Field ${name}.areas must be an array`);
		if (m.areas.length === 0) throw invalid(`Field ${name}.areas must not be empty`);
		m.areas.forEach((a, i) => polygon(a, `${name}.areas[${i}]`));
	}
	if (hasUrl) httpUrl(`${name}.url`, str(m, 'url', true));
}

/** The deprecated inpaint `area` (one polygon). */
export function area(b: Body): boolean {
	if (absent(b.area)) return false;
	polygon(b.area, 'area');
	return true;
}

/** Canvas {width,height} or CanvasImg {width,height,x,y}: integers, sizes positive. */
export function box(b: Body, name: string, withOffset: boolean): void {
	const o = object(b, name, true) as Body;
	inRange(`${name}.width`, int(o, 'width', true), 1, 16384);
	inRange(`${name}.height`, int(o, 'height', true), 1, 16384);
	if (withOffset) {
		int(o, 'x', true);
		int(o, 'y', true);
	}
}

export function stringArray(b: Body, name: string): string[] {
	const v = b[name];
	if (absent(v)) throw bad(`Missing required field: ${name}`);
	if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
		throw bad(`Field ${name} must be an array of strings`);
	return v as string[];
}
