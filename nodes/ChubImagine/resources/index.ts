import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../shared/operation/spec';
import { operationFields } from '../../shared/operation/spec';
import { waitProperties } from '../../shared/operation/waitProperties';
import { CHUB } from '../provider';
import { accountOperation, accountOperations } from './account';
import { audioOperation, audioOperations } from './audio';
import { imageOperation, imageOperations } from './image';
import { projectOperation, projectOperations } from './project';
import { taskOperation, taskOperations } from './task';
import { textOperation, textOperations } from './text';
import { videoOperation, videoOperations } from './video';
import { voiceOperation, voiceOperations } from './voice';

/** Every operation: the 19 endpoints of imagine-api.txt, one each. Wait fields go by operation value. */
export const OPERATIONS: OperationSpec[] = [
	...imageOperations,
	...videoOperations,
	...audioOperations,
	...voiceOperations,
	...textOperations,
	...taskOperations,
	...accountOperations,
	...projectOperations,
];

export const chubProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Audio', value: 'audio' },
			{ name: 'Image', value: 'image' },
			{ name: 'Project', value: 'project' },
			{ name: 'Task', value: 'task' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
			{ name: 'Voice', value: 'voice' },
		],
		default: 'image',
	},
	imageOperation,
	videoOperation,
	audioOperation,
	voiceOperation,
	textOperation,
	taskOperation,
	accountOperation,
	projectOperation,
	...OPERATIONS.flatMap(operationFields),
	...waitProperties(
		CHUB,
		OPERATIONS.filter((spec) => spec.kind === 'job').map((spec) => spec.value),
		OPERATIONS.filter((spec) => spec.kind === 'read').map((spec) => spec.value),
	),
];
