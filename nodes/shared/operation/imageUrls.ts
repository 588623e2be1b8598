import type { IExecuteSingleFunctions, INodeProperties, PreSendAction } from 'n8n-workflow';

import { bodyFrom } from './jobSpec';
import { checkUrlList } from './validate';

/**
 * A list of image URLs (Blend's 2-5 images on every Midjourney provider): one field, one check,
 * one preSend that sends the checked list as the provider's body property.
 */
export interface UrlCount {
	min: number;
	max: number;
}

const NAME = 'imageUrls';
const LABEL = 'Image URLs';

export function imageUrlsField({ min, max }: UrlCount): INodeProperties {
	return {
		displayName: LABEL,
		name: NAME,
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
		default: [],
		required: true,
		placeholder: 'https://example.com/image.png',
		description: `${min}-${max} public http(s) image URLs. One entry may also hold a list (an array, or URLs separated by spaces or new lines).`,
	};
}

export function checkImageUrls(ctx: IExecuteSingleFunctions, count: UrlCount): string[] {
	return checkUrlList(ctx, ctx.getNodeParameter(NAME, []), LABEL, count);
}

export function sendImageUrls(property: string, count: UrlCount): PreSendAction {
	return bodyFrom(property, function (this: IExecuteSingleFunctions) {
		return checkImageUrls(this, count);
	});
}
