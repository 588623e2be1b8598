import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkNumber, checkText, failField } from '../../../shared/operation/validate';

/**
 * Fields shared by Chub's operations. Optional body fields live in one "Additional Fields"
 * collection per operation, each sent under its API name; the generic context fields every
 * generation body has (imagine-api.txt; chub-imagine.md §5: they tie a result to a chat, stage or
 * character) are added to it here.
 */

export const ADDITIONAL_FIELDS = 'additionalFields';

/** A body field of a collection, sent under `property`. */
export function bodyOption(
	property: string,
	field: Omit<INodeProperties, 'routing'>,
): INodeProperties {
	const numeric = field.type === 'number';
	return {
		...field,
		routing: {
			send: { type: 'body', property, ...(numeric ? { value: '={{ Number($value) }}' } : {}) },
		},
	};
}

const integer = (
	displayName: string,
	name: string,
	property: string,
	description: string,
	defaultValue: number,
) =>
	bodyOption(property, {
		displayName,
		name,
		type: 'number',
		typeOptions: { numberPrecision: 0 },
		default: defaultValue,
		description,
	});

const text = (displayName: string, name: string, property: string, description: string) =>
	bodyOption(property, { displayName, name, type: 'string', default: '', description });

/** The context fields of every generation body (imagine-api.txt), all optional. */
export const CONTEXT_OPTIONS: INodeProperties[] = [
	text('Chat ID', 'chatId', 'chat_id', 'The chat the result belongs to'),
	text(
		'Extension Source',
		'extensionSource',
		'extension_source',
		'The extension or stage that asks (extension_source)',
	),
	text('Item ID', 'itemId', 'item_id', 'Your own ID for the item the result is for (item_id)'),
	text('Mode', 'mode', 'mode', 'Passed through as mode (undocumented)'),
	text(
		'Parent Image',
		'parentImage',
		'parent_image',
		'The image this generation derives from (parent_image)',
	),
	integer('Seed', 'seed', 'seed', 'Seed for reproducible results', 0),
	text('Sub Mode', 'subMode', 'sub_mode', 'Passed through as sub_mode (undocumented)'),
	text('UUID', 'uuid', 'uuid', 'Your own UUID for this request (uuid)'),
];

/** "Additional Fields": the operation's own optional fields plus the context fields, by name. */
export function additionalFields(own: INodeProperties[], { context = true } = {}): INodeProperties {
	const options = [...own, ...(context ? CONTEXT_OPTIONS : [])].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return {
		displayName: 'Additional Fields',
		name: ADDITIONAL_FIELDS,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
}

/**
 * Numbers in a collection, re-checked because an expression bypasses the editor: each must be a
 * number (a whole number where the API's type is an integer) within its declared range.
 */
export function checkCollection(ctx: IExecuteSingleFunctions, collection: INodeProperties): void {
	const values = (ctx.getNodeParameter(collection.name, {}) as IDataObject) ?? {};
	for (const option of (collection.options ?? []) as INodeProperties[]) {
		if (!(option.name in values) || option.type !== 'number') continue;
		const { minValue, maxValue, numberPrecision } = option.typeOptions ?? {};
		checkNumber(ctx, values[option.name], option.displayName, {
			min: minValue,
			max: maxValue,
			integer: numberPrecision === 0,
		});
	}
}

/**
 * "Extra Body Fields (JSON)": for the endpoints whose body the seed does not give (inpaint, music;
 * chub-imagine.md §5 [?]), any further fields are merged into the body as given.
 */
export const EXTRA_BODY_OPTION: INodeProperties = {
	displayName: 'Extra Body Fields (JSON)',
	name: 'extraBody',
	type: 'json',
	default: '{}',
	description:
		'Further body fields as a JSON object, merged into the request as given (they win over the fields above)',
};

export function extraBody(ctx: IExecuteSingleFunctions): IDataObject | undefined {
	const values = ctx.getNodeParameter(ADDITIONAL_FIELDS, {}) as IDataObject;
	const raw = values.extraBody;
	if (raw === undefined || raw === null || raw === '') return undefined;
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			failField(ctx, EXTRA_BODY_OPTION.displayName, 'is not valid JSON');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		failField(ctx, EXTRA_BODY_OPTION.displayName, 'must be a JSON object');
	}
	return parsed as IDataObject;
}

/** Merges Extra Body Fields into the body (the option itself has no routing of its own). */
export async function sendExtraBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) {
	const body = { ...(requestOptions.body as IDataObject), ...(extraBody(this) ?? {}) };
	requestOptions.body = body;
	return requestOptions;
}

/** A required prompt-like text (the endpoints take no empty input: chub-imagine.md §5). */
export function promptField(
	displayName: string,
	name: string,
	property: string,
	description: string,
	{ required = true, placeholder = '' } = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required,
		placeholder,
		description,
		routing: { send: { type: 'body', property } },
	};
}

export function checkPrompt(ctx: IExecuteSingleFunctions, name: string, displayName: string): void {
	checkText(ctx, ctx.getNodeParameter(name, ''), displayName);
}
