import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import {
	aspectRatioField,
	checkAspectRatio,
	checkParentTask,
	indexField,
	optionalPromptField,
	parentTaskField,
} from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/**
 * POST /variations (apiframe-v1.md §3): parent_task_id, index "1".."4" or "strong"/"subtle";
 * older docs and the Python client add `prompt` and `aspect_ratio` (offered, optional). Which
 * parent strong/subtle need is not documented: APIFRAME decides.
 */
export const variations = jobSpec('image', {
	value: 'variations',
	name: 'Variations',
	action: 'Create variations of an image',
	description: 'Vary one image of a grid, or an upscaled image strongly or subtly, into a new grid of four (4 credits)',
	path: '/variations',
	fields: [
		parentTaskField('The task to vary: a grid for Image 1-4, an Upscale 1x task for Strong or Subtle'),
		indexField('Image', 'Which image to vary (of a grid), or Strong / Subtle (of an upscaled image)', [
			{ name: 'Strong (Upscaled Image)', value: 'strong' },
			{ name: 'Subtle (Upscaled Image)', value: 'subtle' },
		]),
		optionalPromptField('A prompt for the variation (remix)'),
		aspectRatioField,
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
		checkPromptParam(this, false);
		checkAspectRatio(this);
	},
});
