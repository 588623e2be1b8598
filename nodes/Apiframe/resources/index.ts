import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../shared/operation/spec';
import { operationFields } from '../../shared/operation/spec';
import { waitProperties } from '../../shared/operation/waitProperties';
import { APIFRAME } from '../provider';
import { accountOperation, accountOperations } from './account';
import { imageOperation, imageOperations } from './image';
import { taskOperation, taskOperations } from './task';
import { videoOperation, videoOperations } from './video';

/** Every APIFRAME operation; the wait fields are shown by operation value. */
export const OPERATIONS: OperationSpec[] = [
	...imageOperations,
	...videoOperations,
	...taskOperations,
	...accountOperations,
];

const jobOperations = OPERATIONS.filter((spec) => spec.kind === 'job').map((spec) => spec.value);

/**
 * APIFRAME posts progress updates to webhook_url as well as the final result (apiframe-v1.md
 * §5), so a Wait node may resume on the first update, before the task finished.
 */
const progressNotice: INodeProperties = {
	displayName:
		'APIFRAME posts progress updates to the callback URL too, not only the final result. After a Wait node, read the task with Task > Get and "Wait Until Finished" on; a callback receiver should look for a result (no status, or status "finished").',
	name: 'apiframeProgressNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { operation: jobOperations, waitMode: ['resume', 'callback'] } },
};

export const apiframeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Image', value: 'image' },
			{ name: 'Task', value: 'task' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
	},
	imageOperation,
	videoOperation,
	taskOperation,
	accountOperation,
	...OPERATIONS.flatMap(operationFields),
	...waitProperties(
		APIFRAME,
		jobOperations,
		OPERATIONS.filter((spec) => spec.kind === 'read').map((spec) => spec.value),
	),
	progressNotice,
];
