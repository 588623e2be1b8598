import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { aspectRatioField, checkAspectRatio, promptField, speedField } from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/** POST /imagine (apiframe-imagine.txt; apiframe-v1.md §3): prompt, aspect_ratio; process_mode from the SDKs (§7). */
export const imagine = jobSpec('image', {
	value: 'imagine',
	name: 'Imagine',
	action: 'Generate images from a prompt',
	description: 'Generate a 2x2 grid of four images from a text prompt (4 credits)',
	path: '/imagine',
	fields: [
		promptField('What to generate', 'A lighthouse at dawn, watercolor --ar 3:2'),
		aspectRatioField,
		speedField,
	],
	check(this: IExecuteSingleFunctions) {
		checkPromptParam(this, true);
		checkAspectRatio(this);
	},
});
