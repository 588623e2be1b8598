import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';
import { motionOptions, promptedOptions } from '../shared/options';

/**
 * POST /video, "Create a new video from a prompt" (imagine-api.txt; the same schema as animate):
 * the prompt is the input, a start and an end image are optional.
 */
export const generateVideo = generation('video', {
	value: 'generateVideo',
	name: 'Generate',
	action: 'Generate a video from a prompt',
	description:
		'Create a video from a text prompt, optionally from a start and an end image (about 100 credits)',
	fields: [
		promptField('Prompt', 'prompt', 'prompt', 'What the video shows', {
			placeholder: 'Waves rolling onto a beach at sunset',
		}),
	],
	images: [
		{
			name: 'initImage',
			label: 'Start Image',
			property: 'init_image',
			required: false,
			description: 'An image to start from (init_image)',
		},
		{
			name: 'endImage',
			label: 'End Image',
			property: 'end_image',
			required: false,
			description: 'An image to end on (end_image)',
		},
	],
	options: [...promptedOptions(50), ...motionOptions()],
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'prompt', 'Prompt');
	},
});
