import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { OperationSpec } from './spec';
import { checkNumber, checkOption } from './validate';

/**
 * The editor enforces options lists and number ranges, but an expression can bypass both, so
 * the values of the operation's top-level options and number fields are checked against their
 * own declaration: the description is the one source of each range and list.
 */
function checkDeclared(ctx: IExecuteSingleFunctions, fields: INodeProperties[]): void {
	const node = ctx.getNode();
	for (const field of fields) {
		// Fields hidden by the operation's own choices (e.g. an input source) are not sent.
		if (!NodeHelpers.displayParameter(node.parameters, field, node, null)) continue;
		const value = ctx.getNodeParameter(field.name, field.default);
		if (field.type === 'options' && Array.isArray(field.options)) {
			const options = field.options as INodePropertyOptions[];
			// A number option may arrive as a numeric string from a sheet ("0"): sent as the number.
			const numeric = typeof value === 'string' && value.trim() !== '' && options.some((o) => o.value === Number(value));
			checkOption(ctx, numeric ? Number(value) : value, field.displayName, options as Array<{ name: string; value: string | number }>);
		}
		if (field.type === 'number') {
			const { minValue, maxValue, numberPrecision } = field.typeOptions ?? {};
			checkNumber(ctx, value, field.displayName, {
				min: minValue,
				max: maxValue,
				integer: numberPrecision === 0,
			});
		}
	}
}

/**
 * Optional texts left empty mean "not given" (the API rejects empty strings), and stray
 * whitespace around IDs and URLs from expressions would be rejected too.
 */
async function tidyBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = (requestOptions.body ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(body)) {
		if (typeof value !== 'string') continue;
		if (value.trim()) body[key] = value.trim();
		else delete body[key];
	}
	requestOptions.body = body;
	return requestOptions;
}

/** A preSend step that puts a value read (and already validated) from the parameters into the body. */
export function bodyFrom(
	property: string,
	read: (this: IExecuteSingleFunctions) => unknown,
): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const value = read.call(this);
		if (value !== undefined) {
			requestOptions.body = { ...(requestOptions.body as IDataObject), [property]: value };
		}
		return requestOptions;
	};
}

type JobSpecInput = Omit<OperationSpec, 'resource' | 'kind' | 'method'>;

/** A job-creating POST operation of `resource`, with the checks and body tidying every one shares. */
export function jobSpec(resource: string, spec: JobSpecInput): OperationSpec {
	const fields = spec.fields ?? [];
	const ownCheck = spec.check;
	return {
		...spec,
		resource,
		kind: 'job',
		method: 'POST',
		check(this: IExecuteSingleFunctions) {
			ownCheck?.call(this);
			checkDeclared(this, fields);
		},
		build: [tidyBody, ...(spec.build ?? [])],
	};
}

/** A choice sent as body `property` (jobSpec checks expression values against `options`). */
export function optionsField(property: string, field: Omit<INodeProperties, 'type' | 'routing'>): INodeProperties {
	const numeric = (field.options as INodePropertyOptions[] | undefined)?.every((option) => typeof option.value === 'number');
	// Number choices may arrive as numeric strings from an expression; the API wants numbers.
	const value = numeric ? '={{ typeof $value === "string" && $value.trim() !== "" && !isNaN(Number($value)) ? Number($value) : $value }}' : undefined;
	return { ...field, type: 'options', routing: { send: { type: 'body', property, ...(value ? { value } : {}) } } };
}

/** A number sent as a number even when an expression yields a numeric string. */
export function numberField(property: string, field: Omit<INodeProperties, 'type' | 'routing'>): INodeProperties {
	return {
		...field,
		type: 'number',
		routing: { send: { type: 'body', property, value: '={{ Number($value) }}' } },
	};
}
