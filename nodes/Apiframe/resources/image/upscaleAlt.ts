import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkParentTask, optionsField, parentTaskField } from '../shared/fields';

/** POST /upscale-alt (apiframe-v1.md §3): parent_task_id (an Upscale 1x task), type subtle|creative. */
export const upscaleAlt = jobSpec('image', {
	value: 'upscaleAlt',
	name: 'Upscale Alt',
	action: 'Upscale an image subtly or creatively',
	description: "Midjourney's Upscale (Subtle) or (Creative) of an Upscale 1x image (4 credits)",
	path: '/upscale-alt',
	fields: [
		parentTaskField('The Upscale 1x task to upscale'),
		optionsField('type', {
			displayName: 'Type',
			name: 'upscaleType',
			options: [
				{ name: 'Creative', value: 'creative', description: 'Adds and changes details' },
				{ name: 'Subtle', value: 'subtle', description: 'Keeps the image as it is' },
			],
			default: 'subtle',
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
	},
});
