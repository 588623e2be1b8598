import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { checkNumber, checkOption } from '../../../shared/validate';
import type { OperationSpec } from '../../routing/jobOperation';

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
			checkOption(ctx, value, field.displayName, options as Array<{ name: string; value: string | number }>);
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
