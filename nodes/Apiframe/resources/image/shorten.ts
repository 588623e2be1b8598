import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { promptField } from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/** POST /shorten (apiframe-v1.md §3): prompt; the suggestions (`content`) are output as `prompts`. */
export const shorten = jobSpec('image', {
	value: 'shorten',
	name: 'Shorten',
	action: 'Shorten a prompt',
	description: 'Suggest shorter versions of a prompt; output as prompts, the analysis as description (2 credits)',
	path: '/shorten',
	fields: [promptField('The prompt to analyse and shorten', 'A very detailed painting of an old lighthouse…')],
	check(this: IExecuteSingleFunctions) {
		checkPromptParam(this, true);
	},
});
