import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkImageUrls, imageUrlsField, sendImageUrls } from '../../../shared/operation/imageUrls';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { refField } from '../shared/fields';

/**
 * `urls`: the docs say "up to 5"; a blend of one image is no blend (Midjourney's /blend takes
 * 2-5), so 2-5 are required (our reading, thenextleg-v2.md §2).
 */
const BLEND_IMAGES = { min: 2, max: 5 };

/** POST /blend (docs /v2/blend): the result looks like an imagine result (a grid with buttons). */
export const blend = jobSpec('image', {
	value: 'blend',
	name: 'Blend',
	action: 'Blend images',
	description: 'Combine 2-5 images into a new grid of four',
	path: '/blend',
	fields: [
		imageUrlsField(BLEND_IMAGES),
		refField,
	],
	check(this: IExecuteSingleFunctions) {
		checkImageUrls(this, BLEND_IMAGES);
	},
	build: [sendImageUrls('urls', BLEND_IMAGES)],
});
