import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkImageUrl, imageUrlField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { UPLOAD_URL_MAX } from './uploadPaint';

/** POST /v1/remove-background (legnext.md, "Remove Background"): `imgUrl` at most 1024 characters. */
export const removeBackground = jobSpec('image', {
	value: 'removeBackground',
	name: 'Remove Background',
	action: 'Remove the background of an image',
	description: 'Cut the subject of an image out of its background into one image (80 credits)',
	path: '/v1/remove-background',
	fields: [imageUrlField('The image to process', { property: 'imgUrl', maxLength: UPLOAD_URL_MAX })],
	check(this: IExecuteSingleFunctions) {
		checkImageUrl(this, UPLOAD_URL_MAX);
	},
});
