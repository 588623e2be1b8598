import type { IExecuteSingleFunctions } from 'n8n-workflow';

import {
	checkJobId,
	checkRemixPrompt,
	imageNoField,
	jobIdField,
	numberField,
	remixPromptField,
} from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/outpaint (legnext.md, "Outpaint"): zoom out in all directions, scale 1.1-2.0. */
export const outpaint = jobSpec('image', {
	value: 'outpaint',
	name: 'Outpaint',
	action: 'Outpaint an image',
	description:
		'Zoom out: extend one image of a finished job in all directions into a new grid of four (80 credits)',
	path: '/v1/outpaint',
	fields: [
		jobIdField('The image generation job to extend'),
		imageNoField('Which image of the job to extend'),
		numberField('scale', {
			displayName: 'Scale',
			name: 'outpaintScale',
			typeOptions: { minValue: 1.1, maxValue: 2, numberPrecision: 2 },
			default: 1.5,
			description:
				'New size over the old, 1.1-2.0: at 2.0 the original fills half of the new image',
		}),
		remixPromptField('What to put in the extended areas'),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		checkRemixPrompt(this);
	},
});
