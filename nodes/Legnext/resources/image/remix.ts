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

/** POST /v1/remix (legnext.md, "Remix"): mode 0 Strong (default) or 1 Subtle. */
export const remix = jobSpec('image', {
	value: 'remix',
	name: 'Remix',
	action: 'Remix an image',
	description: 'Transform one image of a finished job with a new prompt into a new grid of four (120 credits)',
	path: '/v1/remix',
	fields: [
		jobIdField('The image generation job to remix'),
		imageNoField('Which image of the job to remix'),
		remixPromptField('The new prompt', true),
		optionsField('mode', {
			displayName: 'Mode',
			name: 'remixMode',
			options: [
				{ name: 'Strong', value: 0, description: 'Dramatic transformation' },
				{ name: 'Subtle', value: 1, description: 'Minor adjustments that keep most of the original' },
			],
			default: 0,
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		checkRemixPrompt(this, true);
	},
});
