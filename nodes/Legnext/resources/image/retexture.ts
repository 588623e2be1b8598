import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkImageUrl, checkRemixPrompt, imageUrlField, remixPromptField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { UPLOAD_URL_MAX } from './uploadPaint';

/** POST /v1/retexture (legnext.md, "Retexture"): `imgUrl` at most 1024 characters. */
export const retexture = jobSpec('image', {
	value: 'retexture',
	name: 'Retexture',
	action: 'Retexture an image',
	description: 'Change the materials and textures of your own image with a prompt (120 credits)',
	path: '/v1/retexture',
	fields: [
		imageUrlField('The image to retexture (JPG, PNG or WebP, up to 10 MB)', { property: 'imgUrl', maxLength: UPLOAD_URL_MAX }),
		remixPromptField('The texture or material to apply', true),
	],
	check(this: IExecuteSingleFunctions) {
		checkImageUrl(this, UPLOAD_URL_MAX);
		checkRemixPrompt(this, true);
	},
});
