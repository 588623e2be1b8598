import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import { checkUrlList } from '../../../shared/operation/validate';
import { refField } from '../shared/fields';

/**
 * `urls`: the docs say "up to 5"; a blend of one image is no blend (Midjourney's /blend takes
 * 2-5), so 2-5 are required (our reading, thenextleg-v2.md §2).
 */
function imageUrls(ctx: IExecuteSingleFunctions): string[] {
	return checkUrlList(ctx, ctx.getNodeParameter('imageUrls', []), 'Image URLs', { min: 2, max: 5 });
}

/** POST /blend (docs /v2/blend): the result looks like an imagine result (a grid with buttons). */
export const blend = jobSpec('image', {
	value: 'blend',
	name: 'Blend',
	action: 'Blend images',
	description: 'Combine 2-5 images into a new grid of four',
	path: '/blend',
	fields: [
		{
			displayName: 'Image URLs',
			name: 'imageUrls',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
			default: [],
			required: true,
			placeholder: 'https://example.com/image.png',
			description:
				'2-5 public http(s) image URLs. One entry may also hold a list (an array, or URLs separated by spaces or new lines).',
		},
		refField,
	],
	check(this: IExecuteSingleFunctions) {
		imageUrls(this);
	},
	build: [
		bodyFrom('urls', function (this: IExecuteSingleFunctions) {
			return imageUrls(this);
		}),
	],
});
