import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { canvasFields } from '../shared/canvas';
import { checkImageUrl, checkRemixPrompt, imageUrlField, remixPromptField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { maskFields, maskFrom, sendMask } from '../shared/mask';

/** legnext.md, "Upload paint": `imgUrl` has a max length of 1024 characters. */
export const UPLOAD_URL_MAX = 1024;

/** POST /v1/upload-paint (legnext.md, "Upload paint"): Edit for an image of your own. */
export const uploadPaint = jobSpec('image', {
	value: 'uploadPaint',
	name: 'Upload Paint',
	action: 'Paint on an uploaded image',
	description: 'Place your own image on a canvas and repaint masked areas with a prompt (120 credits)',
	path: '/v1/upload-paint',
	fields: [
		imageUrlField('The image to paint on', { property: 'imgUrl', maxLength: UPLOAD_URL_MAX }),
		remixPromptField('What to paint', true),
		...canvasFields,
		...maskFields(true),
	],
	check(this: IExecuteSingleFunctions) {
		checkImageUrl(this, UPLOAD_URL_MAX);
		checkRemixPrompt(this, true);
		maskFrom(this);
	},
	build: [sendMask],
});
