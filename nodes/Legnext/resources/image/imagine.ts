import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { midjourneyParameters } from '../../../shared/prompt';
import type { OperationSpec } from '../../../shared/operation/spec';
import { checkImagePrompt, sendPromptWithParameters } from '../../../shared/prompt/routing';

/** POST /v1/diffusion: text to a 2x2 grid of four images (legnext.md, "Text to Image"). */
export const imagine: OperationSpec = {
	resource: 'image',
	value: 'imagine',
	name: 'Imagine',
	action: 'Generate images from a prompt',
	description: 'Generate a grid of four images from a text prompt (80 credits)',
	method: 'POST',
	path: '/v1/diffusion',
	kind: 'job',
	fields: [
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'A lighthouse at dawn, watercolor',
			description:
				'What to generate (1-8192 characters). Image URLs may lead the prompt; flags typed at the end (e.g. --ar 16:9) are kept as typed.',
			routing: { send: { type: 'body', property: 'text' } },
		},
		midjourneyParameters(),
	],
	check(this: IExecuteSingleFunctions) {
		checkImagePrompt(this, 'prompt', 'Prompt');
	},
	build: [sendPromptWithParameters('prompt', 'text')],
};
