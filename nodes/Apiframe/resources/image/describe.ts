import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkUrl, speedField, urlField } from '../shared/fields';

/** POST /describe (apiframe-v1.md §3): image_url (publicly reachable); process_mode from the SDKs (§7). */
export const describe = jobSpec('image', {
	value: 'describe',
	name: 'Describe',
	action: 'Describe an image',
	description: 'Write four prompts that describe an image; output as prompts (2 credits)',
	path: '/describe',
	fields: [urlField('imageUrl', 'Image URL', 'image_url', 'The image to describe, reachable from the internet'), speedField],
	check(this: IExecuteSingleFunctions) {
		checkUrl(this, 'imageUrl', 'Image URL');
	},
});
