import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkText } from '../../../shared/validate';
import type { OperationSpec } from '../../routing/jobOperation';

export const PROMPT_MAX = 8192;

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
			placeholder: 'A lighthouse at dawn, watercolor --ar 16:9',
			description:
				'What to generate (1-8192 characters). Midjourney flags such as --ar or --v may be typed at the end.',
			routing: { send: { type: 'body', property: 'text' } },
		},
	],
	check(this: IExecuteSingleFunctions) {
		checkText(this, this.getNodeParameter('prompt', ''), 'Prompt', { max: PROMPT_MAX });
	},
};
