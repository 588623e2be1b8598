import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkParentTask, indexField, parentTaskField } from '../shared/fields';

/** POST /upscale-1x (apiframe-v1.md §3): parent_task_id (a grid task), index "1".."4". */
export const upscale1x = jobSpec('image', {
	value: 'upscale1x',
	name: 'Upscale 1x',
	action: 'Upscale one image of a grid',
	description: 'Separate one image of a grid task at its own size; needed before Upscale Alt, Inpaint, Outpaint and Pan (2 credits)',
	path: '/upscale-1x',
	fields: [
		parentTaskField('The grid task (Imagine, Reroll, Variations, Blend...) to take the image from'),
		indexField('Image', 'Which image of the grid, counted from the top left'),
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
	},
});
