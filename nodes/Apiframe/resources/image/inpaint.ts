import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkParentTask, optionalPromptField, parentTaskField } from '../shared/fields';
import { checkMask, maskFields, sendMask } from '../shared/mask';
import { checkPromptParam } from '../shared/prompt';

/**
 * POST /inpaint (apiframe-v1.md §3, "Vary (Region)"): parent_task_id (an Upscale 1x task), mask,
 * prompt. The docs' table makes `prompt` optional, the SDK's type requires it: optional here,
 * and APIFRAME decides.
 */
export const inpaint = jobSpec('image', {
	value: 'inpaint',
	name: 'Inpaint',
	action: 'Repaint part of an image',
	description: 'Vary (Region): repaint the white areas of a mask on an Upscale 1x image, into a new grid of four (4 credits)',
	path: '/inpaint',
	fields: [
		parentTaskField('The Upscale 1x task to repaint'),
		...maskFields,
		optionalPromptField('What to paint in the masked areas'),
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
		checkMask(this);
		checkPromptParam(this, false);
	},
	build: [sendMask],
});
