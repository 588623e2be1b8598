import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { optionsField } from '../shared/fields';
import { checkImageUrls, imageUrlsField, sendImageUrls } from '../../../shared/operation/imageUrls';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** legnext.md, "Blend": `imgUrls` holds 2-5 images. */
const BLEND_IMAGES = { min: 2, max: 5 };

/** POST /v1/blend (legnext.md, "Blend"). */
export const blend = jobSpec('image', {
	value: 'blend',
	name: 'Blend',
	action: 'Blend images',
	description: 'Combine 2-5 images into a new grid of four (80 credits)',
	path: '/v1/blend',
	fields: [
		imageUrlsField(BLEND_IMAGES),
		optionsField('aspect_ratio', {
			displayName: 'Aspect Ratio',
			name: 'aspectRatio',
			options: [
				{ name: '1:1 (Square)', value: '1:1' },
				{ name: '2:3 (Portrait)', value: '2:3' },
				{ name: '3:2 (Landscape)', value: '3:2' },
			],
			default: '1:1',
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkImageUrls(this, BLEND_IMAGES);
	},
	build: [sendImageUrls('imgUrls', BLEND_IMAGES)],
});
