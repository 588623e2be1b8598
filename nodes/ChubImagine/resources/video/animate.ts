import { promptField } from '../shared/fields';
import { generation } from '../shared/generation';
import { motionOptions, promptedOptions } from '../shared/options';

/**
 * POST /images/animate, "Create a new animation from a base image" (imagine-api.txt): the image is
 * the input, the prompt optional.
 */
export const animate = generation('video', {
	value: 'animate',
	name: 'Animate Image',
	action: 'Animate an image',
	description:
		'Turn a still image into a short video (price not published; budgets use the video price)',
	fields: [
		promptField('Prompt', 'prompt', 'prompt', 'How the image should move (optional)', {
			required: false,
		}),
	],
	images: [
		{
			name: 'initImage',
			label: 'Image',
			property: 'init_image',
			required: true,
			description: 'The image to animate (init_image)',
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
});
