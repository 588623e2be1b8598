import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkImageUrls, imageUrlsField, sendImageUrls } from '../../../shared/operation/imageUrls';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { optionsField, speedField } from '../shared/fields';

/** apiframe-v1.md §3: `image_urls` holds 2-5 images. */
const BLEND_IMAGES = { min: 2, max: 5 };

/** POST /blend (apiframe-v1.md §3): image_urls (2-5), dimension; process_mode from the SDKs (§7). */
export const blend = jobSpec('image', {
	value: 'blend',
	name: 'Blend',
	action: 'Blend images',
	description: 'Combine 2-5 images into a new grid of four (4 credits)',
	path: '/blend',
	fields: [
		imageUrlsField(BLEND_IMAGES),
		optionsField('dimension', {
			displayName: 'Dimension',
			name: 'dimension',
			options: [
				{ name: 'Landscape', value: 'landscape' },
				{ name: 'Portrait', value: 'portrait' },
				{ name: 'Square', value: 'square' },
			],
			default: 'square',
		}),
		speedField,
	],
	check(this: IExecuteSingleFunctions) {
		checkImageUrls(this, BLEND_IMAGES);
	},
	build: [sendImageUrls('image_urls', BLEND_IMAGES)],
});
