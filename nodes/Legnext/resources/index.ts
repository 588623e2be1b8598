import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../shared/operation/spec';
import { operationFields } from '../../shared/operation/spec';
import { LEGNEXT } from '../provider';
import { waitProperties } from '../../shared/operation/waitProperties';
import { accountOperation, accountOperations } from './account';
import { imageOperation, imageOperations } from './image';
import { jobOperation, jobOperations } from './job';
import { videoOperation, videoOperations } from './video';

/** Every Legnext operation; the wait fields are shown by operation value. */
export const OPERATIONS: OperationSpec[] = [
	...imageOperations,
	...videoOperations,
	...jobOperations,
	...accountOperations,
];

export const legnextProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Image', value: 'image' },
			{ name: 'Job', value: 'job' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
	},
	imageOperation,
	videoOperation,
	jobOperation,
	accountOperation,
	...OPERATIONS.flatMap(operationFields),
	...waitProperties(
		LEGNEXT,
		OPERATIONS.filter((spec) => spec.kind === 'job').map((spec) => spec.value),
		OPERATIONS.filter((spec) => spec.kind === 'read').map((spec) => spec.value),
	),
];
