import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';
import { promptedOptions, removeBackground } from '../shared/options';

/** POST /images/text2img (imagine-api.txt): prompt plus the optional image fields. */
export const textToImage = generation('image', {
	value: 'textToImage',
	name: 'Text to Image',
	action: 'Generate an image from a prompt',
	description: 'Create an image from a text prompt (about 25 credits)',
	fields: [
		promptField('Prompt', 'prompt', 'prompt', 'What to generate', {
			placeholder: 'A lighthouse at dawn, watercolor',
		}),
	],
	options: [...promptedOptions(50), removeBackground()],
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'prompt', 'Prompt');
	},
});
