import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkParentTask, parentTaskField } from '../shared/fields';

const TASK_ID = 'Task ID';

/** POST /seed (apiframe-v1.md §3): task_id of the generation; the result's `seed` is output as seed. */
export const seed = jobSpec('image', {
	value: 'seed',
	name: 'Seed',
	action: 'Get the seed of a generation',
	description: 'Read the seed a Midjourney generation used; output as seed (2 credits)',
	path: '/seed',
	fields: [parentTaskField('The generation (a grid or an upscale) to read the seed of', { property: 'task_id', displayName: TASK_ID })],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this, TASK_ID);
	},
});
