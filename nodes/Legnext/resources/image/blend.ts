import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkUrlList } from '../../../shared/operation/validate';
import { optionsField } from '../shared/fields';
import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';

/** legnext.md, "Blend": `imgUrls` holds 2-5 images. */
function imageUrls(ctx: IExecuteSingleFunctions): string[] {
	return checkUrlList(ctx, ctx.getNodeParameter('imageUrls', []), 'Image URLs', { min: 2, max: 5 });
}

/** POST /v1/blend (legnext.md, "Blend"). */
export const blend = jobSpec('image', {
	value: 'blend',
	name: 'Blend',
	action: 'Blend images',
	description: 'Combine 2-5 images into a new grid of four (80 credits)',
	path: '/v1/blend',
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
		imageUrls(this);
	},
	build: [
		bodyFrom('imgUrls', function (this: IExecuteSingleFunctions) {
			return imageUrls(this);
		}),
	],
});
