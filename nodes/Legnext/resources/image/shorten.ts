import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkPromptLength, promptField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/shorten (legnext.md, "Shorten"): the suggestions are output as `prompts`. */
export const shorten = jobSpec('image', {
	value: 'shorten',
	name: 'Shorten',
	action: 'Shorten a prompt',
	description: 'Suggest shorter versions of a prompt; output as prompts (20 credits)',
	path: '/v1/shorten',
	fields: [
		promptField({
			name: 'prompt',
			displayName: 'Prompt',
			description: 'The prompt to analyse and shorten',
			required: true,
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkPromptLength(this, 'prompt', 'Prompt', true);
	},
});
