import type { IExecuteSingleFunctions } from 'n8n-workflow';

import {
	checkJobId,
	checkRemixPrompt,
	imageNoField,
	jobIdField,
	numberField,
	optionsField,
	remixPromptField,
} from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/pan (legnext.md, "Pan"): extend in one direction, scale 1.1-3.0. */
export const pan = jobSpec('image', {
	value: 'pan',
	name: 'Pan',
	action: 'Pan an image',
	description: 'Extend one image of a finished job in one direction into a new grid of four (80 credits)',
	path: '/v1/pan',
	fields: [
		jobIdField('The image generation job to pan'),
		imageNoField('Which image of the job to extend'),
		optionsField('direction', {
			displayName: 'Direction',
			name: 'panDirection',
			options: [
				{ name: 'Down', value: 0 },
				{ name: 'Left', value: 3 },
				{ name: 'Right', value: 1 },
				{ name: 'Up', value: 2 },
			],
			default: 1,
		}),
		numberField('scale', {
			displayName: 'Scale',
			name: 'panScale',
			typeOptions: { minValue: 1.1, maxValue: 3, numberPrecision: 2 },
			default: 1.5,
			description:
				'New size over the old in the pan direction, 1.1-3.0: 1.5 makes the image 50% larger that way',
		}),
		remixPromptField('What to put in the extended area'),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		checkRemixPrompt(this);
	},
});
