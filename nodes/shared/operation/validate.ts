import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { fieldError } from '../http/apiErrors';

/**
 * Field checks that run before any request. Each failure names the field as the user sees it
 * in the editor and the rule it broke.
 */

function fail(ctx: IExecuteSingleFunctions, field: string, rule: string, hint?: string): never {
	throw fieldError(ctx.getNode(), field, rule, ctx.getItemIndex(), hint);
}

export function checkText(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	{ max, required = true }: { max?: number; required?: boolean } = {},
): string {
	const text = typeof value === 'string' ? value : value == null ? '' : String(value);
	if (required && !text.trim()) fail(ctx, field, 'must not be empty');
	if (max !== undefined && text.length > max) {
		fail(ctx, field, `is ${text.length} characters long; the limit is ${max}`);
	}
	return text;
}

export function checkHttpUrl(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	{ maxLength }: { maxLength?: number } = {},
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) fail(ctx, field, 'must not be empty');
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		fail(ctx, field, `"${text.slice(0, 80)}" is not an http(s) URL`);
	}
	if (maxLength !== undefined && text.length > maxLength) {
		fail(ctx, field, `is ${text.length} characters long; the limit is ${maxLength}`);
	}
	return text;
}

export function checkNumber(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	{ min, max, integer = false, exclusiveMin = false }: {
		min?: number;
		max?: number;
		integer?: boolean;
		exclusiveMin?: boolean;
	},
): number {
	const number = typeof value === 'number' ? value : Number(value);
	if (value === '' || value === null || value === undefined || !Number.isFinite(number)) {
		fail(ctx, field, 'must be a number');
	}
	if (integer && !Number.isInteger(number)) fail(ctx, field, `must be a whole number, got ${number}`);
	if (min !== undefined && (exclusiveMin ? number <= min : number < min)) {
		fail(ctx, field, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}, got ${number}`);
	}
	if (max !== undefined && number > max) fail(ctx, field, `must be at most ${max}, got ${number}`);
	return number;
}

/** An options field whose value may come from an expression: `Name (value)` in the message. */
export function checkOption<T extends string | number>(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	options: ReadonlyArray<{ name: string; value: T }>,
): T {
	if (!options.some((option) => option.value === value)) {
		const shown = options.map(({ name, value: v }) => (name === String(v) ? name : `${name} (${v})`));
		fail(ctx, field, `must be one of ${shown.join(', ')}, got ${JSON.stringify(value)}`);
	}
	return value as T;
}

/**
 * A list of http(s) URLs: an array (of URLs or of lists) or a text with one URL per line or
 * separated by spaces or commas. A comma splits only before another URL, since URLs may hold commas.
 */
export function checkUrlList(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	{ min, max, maxLength }: { min: number; max: number; maxLength?: number },
): string[] {
	const flat = (entry: unknown): string[] =>
		Array.isArray(entry)
			? entry.flatMap(flat)
			: typeof entry === 'string'
				? entry.split(/\s+|,(?=\s*https?:)/i)
				: entry == null
					? []
					: [String(entry)];
	const urls = flat(value).filter((url) => url.trim());
	if (urls.length < min || urls.length > max) {
		fail(ctx, field, `needs ${min}-${max} image URLs, got ${urls.length}`);
	}
	return urls.map((url, index) => checkHttpUrl(ctx, url, `${field} (URL ${index + 1})`, { maxLength }));
}

/** Whole numbers given as an array or as a text separated by commas or spaces. */
export function checkIntegerList(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	{ min }: { min?: number } = {},
): number[] {
	const parts = Array.isArray(value)
		? value
		: String(value ?? '')
				.split(/[\s,;]+/)
				.filter(Boolean);
	return parts.map((part, index) => {
		const number = typeof part === 'number' ? part : Number(String(part).trim());
		if (!Number.isInteger(number)) {
			fail(ctx, field, `entry ${index + 1} ("${String(part).slice(0, 20)}") is not a whole number`);
		}
		if (min !== undefined && number < min) {
			fail(ctx, field, `entry ${index + 1} must be at least ${min}, got ${number}`);
		}
		return number;
	});
}

export { fail as failField };
