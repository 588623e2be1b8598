import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { checkText } from '../../../shared/operation/validate';
import { CHECK_REQUEST_TYPES } from '../../requestTypes';

const number = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * The incoming item's charge and queue position, sent back with the check (the seed's /check body
 * is the submit answer plus request_type), when that item is the same generation: from a Chub
 * Imagine node's output (`cost`, `queueLength`, `raw`) or a raw submit answer.
 */
async function echoSubmitAnswer(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) {
	const body = { ...(requestOptions.body as IDataObject) };
	const item = this.getInputData().json ?? {};
	const raw = (item.raw && typeof item.raw === 'object' ? item.raw : item) as IDataObject;
	const sameTask = [item.jobId, raw.generation_uuid].includes(body.generation_uuid);
	if (sameTask) {
		const cost = number(raw.cost) ?? number((item.usage as IDataObject | null)?.cost);
		const queueLength = number(raw.queue_length) ?? number(item.queueLength);
		if (cost !== undefined) body.cost = cost;
		if (queueLength !== undefined) body.queue_length = queueLength;
	}
	requestOptions.body = body;
	return requestOptions;
}

/**
 * POST /check, "Check on a running task" (imagine-api.txt). An id alone does not say which kind
 * of task it is, and /check wants the `request_type` too (chub-imagine.md §4), so both are fields,
 * taken from the incoming item by default (the output of a Chub Imagine node).
 */
export const getTask: OperationSpec = {
	resource: 'task',
	value: 'getTask',
	name: 'Get',
	action: 'Get a task',
	description: "Read a generation's state and result; optionally wait until it finishes (free)",
	method: 'POST',
	path: '/check',
	kind: 'read',
	fields: [
		{
			displayName: 'Generation UUID',
			name: 'generationUuid',
			type: 'string',
			default: '={{ $json.jobId || $json.generation_uuid }}',
			required: true,
			description:
				"The task to read (generation_uuid). Defaults to the incoming item's task (from a Chub Imagine node).",
			routing: {
				send: { type: 'body', property: 'generation_uuid', value: '={{ String($value).trim() }}' },
			},
		},
		{
			displayName: 'Request Type',
			name: 'requestType',
			type: 'options',
			options: CHECK_REQUEST_TYPES,
			default: '={{ $json.taskType || $json.request_type }}',
			required: true,
			description:
				"The kind of task (request_type): the operation that made it. Defaults to the incoming item's taskType. The values are not documented; these are Chub's price keys (text2img, tts, ...).",
			routing: {
				send: { type: 'body', property: 'request_type', value: '={{ String($value).trim() }}' },
			},
		},
	],
	check(this: IExecuteSingleFunctions) {
		checkText(this, this.getNodeParameter('generationUuid', ''), 'Generation UUID');
		checkText(this, this.getNodeParameter('requestType', ''), 'Request Type');
	},
	build: [echoSubmitAnswer],
};
