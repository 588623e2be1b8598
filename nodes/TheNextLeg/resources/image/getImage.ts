import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { fileType } from '../../../shared/files/download';
import { parseAnswer } from '../../../shared/http/answer';
import { bodyFrom } from '../../../shared/operation/jobSpec';
import type { PostReceive } from '../../../shared/operation/postReceive';
import { afterAnswer } from '../../../shared/operation/postReceive';
import type { OperationSpec } from '../../../shared/operation/spec';
import { apiRoot, CREDENTIAL_TYPE, GET_IMAGE_PATH, THENEXTLEG } from '../../provider';
import { checkImageUrl } from '../shared/fields';

/** `<parent>_<file>` from the URL's path (`<messageId>_0_1.png` on a TheNextLeg CDN URL), so a batch's files do not collide. */
export function fileNameOf(url: string): string {
	const segments = new URL(url).pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s).replace(/[^\w.-]+/g, '_'));
	const base = segments.slice(-2).join('_') || 'image';
	return base.replace(/\.[a-z0-9]{2,5}$/i, '');
}

/**
 * `/getImage` sits at the API's root, not under /v2 (Go client; thenextleg-v2.md §6), and
 * answers the image's bytes, not JSON.
 */
async function atRootForBytes(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	requestOptions.baseURL = apiRoot(await this.getCredentials(CREDENTIAL_TYPE));
	requestOptions.encoding = 'arraybuffer';
	requestOptions.json = false;
	requestOptions.headers = { ...requestOptions.headers, Accept: 'image/*, application/json;q=0.5' };
	return requestOptions;
}

const asImage: PostReceive = afterAnswer(async function (this: IExecuteSingleFunctions, _items, response) {
	// Errors come as JSON (`{success: false, msg}`): the core turns them into the usual API error.
	if (response.statusCode >= 400) await parseAnswer.call(this, THENEXTLEG, response, false);
	const raw = response.body as unknown;
	const bytes = Buffer.isBuffer(raw)
		? raw
		: raw instanceof ArrayBuffer
			? Buffer.from(raw)
			: Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw ?? ''));
	const imageUrl = checkImageUrl(this, 'imgUrl');
	const { mimeType, extension } = fileType(imageUrl, response.headers['content-type']);
	const property = String(this.getNodeParameter('binaryProperty', 'data') || 'data');
	const fileName = `${fileNameOf(imageUrl)}.${extension}`;
	const binary = await this.helpers.prepareBinaryData(bytes, fileName, mimeType);
	const json: IDataObject = { imageUrl, fileName, mimeType, fileSize: bytes.length };
	return [{ json, binary: { [property]: binary }, pairedItem: { item: this.getItemIndex() } }];
});

/**
 * POST /getImage {imgUrl} ("get image safely", docs imagine; Go client): the image bytes through
 * the API, for servers whose image URLs answer 403 to programs.
 */
export const getImage: OperationSpec = {
	resource: 'image',
	value: 'getImage',
	name: 'Get Image',
	action: 'Download an image through the API',
	description: 'Download a result image through the API ("get image safely"), as binary data',
	method: 'POST',
	path: GET_IMAGE_PATH,
	kind: 'account',
	fields: [
		{
			displayName: 'Image URL',
			name: 'imgUrl',
			type: 'string',
			default: '={{ $json.imageUrl }}',
			required: true,
			description:
				"A result image URL of a TheNextLeg message (`imageUrl` or one of `imageUrls`). Defaults to the incoming item's `imageUrl`.",
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryProperty',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the file in',
		},
	],
	check(this: IExecuteSingleFunctions) {
		checkImageUrl(this, 'imgUrl');
	},
	build: [
		bodyFrom('imgUrl', function (this: IExecuteSingleFunctions) {
			return checkImageUrl(this, 'imgUrl');
		}),
		atRootForBytes,
	],
	postReceive: asImage,
};
