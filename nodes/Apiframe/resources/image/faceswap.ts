import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkUrl, urlField } from '../shared/fields';

/** POST /faceswap (apiframe-v1.md §3): target_image_url, swap_image_url (one face in each). */
export const faceSwap = jobSpec('image', {
	value: 'faceSwap',
	name: 'Face Swap',
	action: 'Swap a face into an image',
	description: 'Put the face of one image into another; one face in each (2 credits)',
	path: '/faceswap',
	fields: [
		urlField('targetImageUrl', 'Target Image URL', 'target_image_url', 'The image whose face is replaced'),
		urlField('swapImageUrl', 'Face Image URL', 'swap_image_url', 'The image with the face to put in'),
	],
	check(this: IExecuteSingleFunctions) {
		checkUrl(this, 'targetImageUrl', 'Target Image URL');
		checkUrl(this, 'swapImageUrl', 'Face Image URL');
	},
});
