import type { IExecuteSingleFunctions } from 'n8n-workflow';

import {
	checkJobId,
	checkRemixPrompt,
	imageNoField,
	jobIdField,
	optionsField,
	remixPromptField,
} from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/variation (legnext.md, "Variation"): a new grid of four from one image. */
export const variation = jobSpec('image', {
	value: 'variation',
	name: 'Variation',
	action: 'Create variations of an image',
	description: 'Vary one image of a finished job into a new grid of four (120 credits)',
	path: '/v1/variation',
	fields: [
		jobIdField('The image generation job to vary'),
		imageNoField('Which image of the job to vary'),
		optionsField('type', {
			displayName: 'Variation Type',
			name: 'variationType',
			options: [
				{ name: 'Strong', value: 1, description: 'More dramatic changes' },
				{ name: 'Subtle', value: 0, description: 'Minor changes that keep most of the original' },
			],
			default: 0,
		}),
		remixPromptField('Extra guidance for the variation'),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		checkRemixPrompt(this);
	},
});
