import { bodyOption } from '../shared/fields';
import { generation } from '../shared/generation';
import { negativePrompt, steps } from '../shared/options';

/** POST /images/upscale (imagine-api.txt): image, with an optional prompt and its knobs. */
export const upscale = generation('image', {
	value: 'upscale',
	name: 'Upscale',
	action: 'Upscale an image',
	description: 'Make an image larger and sharper (about 25 credits)',
	images: [
		{
			name: 'image',
			label: 'Image',
			property: 'image',
			required: true,
			description: 'The image to upscale',
		},
	],
	options: [
		bodyOption('prompt', {
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			default: '',
			description: 'What the image shows, to guide the upscaler',
		}),
		negativePrompt(),
		bodyOption('preserve_transparency', {
			displayName: 'Preserve Transparency',
			name: 'preserveTransparency',
			type: 'boolean',
			default: true,
			description: 'Whether to keep the alpha channel (seed default true)',
		}),
		steps(30),
	],
});
