import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyOption, checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';
import { promptedOptions, removeBackground, strength } from '../shared/options';

/** POST /images/img2img (imagine-api.txt): text2img's fields plus init_image, type and strength. */
export const imageToImage = generation('image', {
	value: 'imageToImage',
	name: 'Image to Image',
	action: 'Generate an image from an image and a prompt',
	description: 'Create a new image from a base image and a prompt (about 25 credits)',
	fields: [promptField('Prompt', 'prompt', 'prompt', 'What to make of the base image')],
	images: [
		{
			name: 'initImage',
			label: 'Init Image',
			property: 'init_image',
			required: true,
			description: 'The base image',
		},
	],
	options: [
		...promptedOptions(50),
		removeBackground(),
		strength('How far the result may depart from the base image (seed default 0.7)'),
		bodyOption('type', {
			displayName: 'Control Type',
			name: 'controlType',
			type: 'string',
			default: 'canny',
			description: 'How the base image guides the result (type; the seed\'s example is "canny")',
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'prompt', 'Prompt');
	},
});
