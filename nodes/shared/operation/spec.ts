import type {
	IDataObject,
	IDisplayOptions,
	IExecuteSingleFunctions,
	INodeProperties,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';

import { sendWithRetries } from '../http/sendWithRetries';
import type { Provider } from '../provider';
import type { PostReceive } from './postReceive';
import { finishJob, returnAnswer } from './postReceive';
import { prepareRequest, waitChecks } from './preSend';
import type { ItemCheck } from './validationGate';
import { validateBeforeSending } from './validationGate';

/**
 * One operation, described once. Every operation of every provider gets the same machinery
 * from here: validation of the whole batch before anything is sent, the paced and retrying
 * request loop, and the matching answer handling. Adding an endpoint means writing a spec, not
 * copying plumbing.
 */
export interface OperationSpec {
	resource: string;
	/** Unique across the node: wait-mode fields are shown by operation value. */
	value: string;
	name: string;
	action: string;
	description: string;
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Path below the base URL; may be an n8n expression. */
	path: string;
	/** `job` creates a job, `read` reads one, `account` is a plain read or action. */
	kind: 'job' | 'read' | 'account';
	/** The operation's own fields; display options are added here. */
	fields?: INodeProperties[];
	/** Synchronous checks of this operation's fields (throw a field error). */
	check?: ItemCheck;
	/** Extra preSend steps that build the body, run after validation. */
	build?: PreSendAction[];
	/** For `account` operations: the useful part of the answer (default: all of it). */
	pick?: (body: IDataObject) => IDataObject;
	/** Replaces the standard answer handling (e.g. an operation that answers with a file). */
	postReceive?: PostReceive;
}

function showFor(spec: OperationSpec): IDisplayOptions {
	return { show: { resource: [spec.resource], operation: [spec.value] } };
}

function withDisplay(property: INodeProperties, spec: OperationSpec): INodeProperties {
	const show = { ...(property.displayOptions?.show ?? {}), ...showFor(spec).show };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

export function operationOption(provider: Provider, spec: OperationSpec): INodePropertyOptions {
	const ownCheck = spec.check;
	const check: ItemCheck =
		spec.kind === 'account'
			? function (this: IExecuteSingleFunctions) {
					ownCheck?.call(this);
				}
			: function (this: IExecuteSingleFunctions) {
					ownCheck?.call(this);
					waitChecks.call(this, provider, spec.kind === 'job');
				};
	const answer =
		spec.postReceive ?? (spec.kind === 'account' ? returnAnswer(provider, spec.pick) : finishJob(provider, spec.kind === 'job'));
	return {
		name: spec.name,
		value: spec.value,
		action: spec.action,
		description: spec.description,
		routing: {
			request: { method: spec.method, url: spec.path },
			send: {
				preSend: [validateBeforeSending(check, provider), ...(spec.build ?? []), prepareRequest(provider, spec.kind === 'job')],
				paginate: true,
			},
			operations: { pagination: sendWithRetries(provider) },
			output: { postReceive: [answer] },
		},
	};
}

/** The Operation field of one resource, listing its specs. */
export function operationProperty(
	provider: Provider,
	resource: string,
	specs: OperationSpec[],
	defaultValue: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: specs.map((spec) => operationOption(provider, spec)),
		default: defaultValue,
	};
}

export function operationFields(spec: OperationSpec): INodeProperties[] {
	return (spec.fields ?? []).map((property) => withDisplay(property, spec));
}
