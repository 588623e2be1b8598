import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../shared/operation/spec';
import { operationFields } from '../../shared/operation/spec';
import { waitProperties } from '../../shared/operation/waitProperties';
import { THENEXTLEG } from '../provider';
import { accountOperation, accountOperations } from './account';
import { imageOperation, imageOperations } from './image';
import { messageOperation, messageOperations } from './message';

/** Every TheNextLeg operation; the wait fields are shown by operation value. */
export const OPERATIONS: OperationSpec[] = [...imageOperations, ...messageOperations, ...accountOperations];

const values = (specs: OperationSpec[]) => specs.map((spec) => spec.value);
const jobs = OPERATIONS.filter((spec) => spec.kind === 'job');
// GET submits (Info, Get Settings) cannot carry a callback URL in their body: see account/getOnly.ts.
const postJobs = jobs.filter((spec) => spec.method === 'POST');
const getJobs = jobs.filter((spec) => spec.method === 'GET');

export const theNextLegProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Image', value: 'image' },
			{ name: 'Message', value: 'message' },
		],
		default: 'image',
	},
	imageOperation,
	messageOperation,
	accountOperation,
	...OPERATIONS.flatMap(operationFields),
	...waitProperties(THENEXTLEG, values(postJobs), values(OPERATIONS.filter((spec) => spec.kind === 'read'))),
	...waitProperties({ ...THENEXTLEG, callback: undefined }, values(getJobs), []).filter(
		(property) => property.name !== 'waitForFinish',
	),
];
