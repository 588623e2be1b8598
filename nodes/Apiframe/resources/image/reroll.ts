import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { aspectRatioField, checkAspectRatio, checkParentTask, optionalPromptField, parentTaskField } from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/**
 * POST /reroll (apiframe-v1.md §3): parent_task_id, prompt (defaults to the parent's).
 * `aspect_ratio` appears only in the docs' code samples and the Python client: offered, optional.
 */
export const reroll = jobSpec('image', {
	value: 'reroll',
	name: 'Reroll',
	action: 'Reroll a grid',
	description: 'Run a grid task again for a new grid of four (4 credits)',
	path: '/reroll',
	fields: [
		parentTaskField('The grid task to run again (Imagine, Reroll, Variations, Blend...)'),
		optionalPromptField('A new prompt for the rerun'),
		aspectRatioField,
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
		checkPromptParam(this, false);
		checkAspectRatio(this);
	},
});
