import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { fieldError } from './apiErrors';

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

export function checkOneOf<T extends string | number>(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	field: string,
	allowed: readonly T[],
): T {
	if (!allowed.includes(value as T)) {
		fail(ctx, field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
	}
	return value as T;
}

export { fail as failField };
