import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';
import { aspectRatio, negativePrompt, removeBackground, strength } from '../shared/options';

/**
 * POST /images/inpaint. The seed gives no body (chub-imagine.md §5 [?]): the fields are the Stages
 * SDK's InpaintRequest (image, mask as "data URL or URL", prompt, strength, plus the image
 * request's negative_prompt, aspect_ratio, remove_background). Its `search_prompt` is marked "not
 * implemented" and is left out; Extra Body Fields (JSON) sends anything else the API may want.
 */
export const inpaint = generation('image', {
	value: 'inpaint',
	name: 'Inpaint',
	action: 'Inpaint part of an image',
	description: 'Repaint the masked part of an image from a prompt (about 25 credits)',
	fields: [promptField('Prompt', 'prompt', 'prompt', 'What to paint into the masked area')],
	images: [
		{
			name: 'image',
			label: 'Image',
			property: 'image',
			required: true,
			description: 'The image to change',
		},
		{
			name: 'mask',
			label: 'Mask',
			property: 'mask',
			required: true,
			description:
				'Which part to repaint: an image of the same size, white where the image should change',
		},
	],
	options: [
		negativePrompt(),
		strength('How much the masked area may change (SDK field)'),
		aspectRatio(),
		removeBackground(),
	],
	extraBody: true,
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'prompt', 'Prompt');
	},
});
