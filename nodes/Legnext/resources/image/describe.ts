import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkImageUrl, imageUrlField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/describe (legnext.md, "Describe"): the result is text, output as `prompts` and `description`. */
export const describe = jobSpec('image', {
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image',
	description: 'Write prompts that describe an image; output as prompts and description (20 credits)',
	path: '/v1/describe',
	fields: [imageUrlField('The image to describe', { property: 'imgUrl' })],
	check(this: IExecuteSingleFunctions) {
		checkImageUrl(this);
	},
});
