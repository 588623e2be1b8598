import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkParentTask, optionalPromptField, optionsField, parentTaskField } from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/**
 * POST /pan (apiframe-v1.md §3): parent_task_id (an Upscale 1x task), direction. `prompt`
 * appears only in the samples and the Python client: offered, optional.
 */
export const pan = jobSpec('image', {
	value: 'pan',
	name: 'Pan',
	action: 'Pan an image',
	description: 'Extend an Upscale 1x image in one direction into a new grid of four (4 credits)',
	path: '/pan',
	fields: [
		parentTaskField('The Upscale 1x task to extend'),
		optionsField('direction', {
			displayName: 'Direction',
			name: 'direction',
			options: [
				{ name: 'Down', value: 'down' },
				{ name: 'Left', value: 'left' },
				{ name: 'Right', value: 'right' },
				{ name: 'Up', value: 'up' },
			],
			default: 'right',
		}),
		optionalPromptField('What to put in the new area'),
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
		checkPromptParam(this, false);
	},
});
