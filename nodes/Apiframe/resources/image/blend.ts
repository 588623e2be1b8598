import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import { checkUrlList } from '../../../shared/operation/validate';
import { optionsField, speedField } from '../shared/fields';

/** apiframe-v1.md §3: `image_urls` holds 2-5 images. */
function imageUrls(ctx: IExecuteSingleFunctions): string[] {
	return checkUrlList(ctx, ctx.getNodeParameter('imageUrls', []), 'Image URLs', { min: 2, max: 5 });
}

/** POST /blend (apiframe-v1.md §3): image_urls (2-5), dimension; process_mode from the SDKs (§7). */
export const blend = jobSpec('image', {
	value: 'blend',
	name: 'Blend',
	action: 'Blend images',
	description: 'Combine 2-5 images into a new grid of four (4 credits)',
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
		imageUrls(this);
	},
	build: [
		bodyFrom('image_urls', function (this: IExecuteSingleFunctions) {
			return imageUrls(this);
		}),
	],
});
