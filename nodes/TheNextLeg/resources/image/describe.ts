import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import { checkImageUrl, imageUrlField, refField } from '../shared/fields';

/** POST /describe (docs /v2/describe): the finished message's `content` is a list of prompts, output as `prompts`. */
export const describe = jobSpec('image', {
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image',
	description: 'Write four prompts that describe an image; output as prompts',
	path: '/describe',
	fields: [imageUrlField('describeUrl', 'The image to describe: a public http(s) URL', true), refField],
	check(this: IExecuteSingleFunctions) {
		checkImageUrl(this, 'describeUrl');
	},
	build: [
		bodyFrom('url', function (this: IExecuteSingleFunctions) {
			return checkImageUrl(this, 'describeUrl');
		}),
	],
});
