import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { checkHttpUrl, checkText, failField } from '../../../shared/operation/validate';

/**
 * An image the API takes (init_image, end_image, image, mask): a URL, or a file from an n8n
 * binary property of the incoming item. The seed's bodies are JSON with these as strings
 * (`"init_image": "https://example.com/some_image_url.png"`), and the Stages SDK sends its
 * inpaint image and mask as "data URL or URL" (chub-imagine.md §5): so a binary is sent as a
 * `data:<mime>;base64,...` URL in the same field, never as a multipart upload the docs do not show.
 */
export interface ImageInput {
	/** Prefix of the field names: `<name>Source`, `<name>Url`, `<name>Binary`. */
	name: string;
	/** As the user sees it, e.g. "Init Image". */
	label: string;
	/** Body property. */
	property: string;
	required: boolean;
	description: string;
}

const sourceName = (input: ImageInput) => `${input.name}Source`;
const urlName = (input: ImageInput) => `${input.name}Url`;
const binaryName = (input: ImageInput) => `${input.name}Binary`;

export function imageInputFields(input: ImageInput): INodeProperties[] {
	const show = (source: string) => ({ show: { [sourceName(input)]: [source] } });
	const source: INodeProperties = {
		displayName: `${input.label} Source`,
		name: sourceName(input),
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An image in a binary property of the incoming item, sent as a data URL',
			},
			...(input.required
				? []
				: [{ name: 'None', value: 'none', description: `Send no ${input.label.toLowerCase()}` }]),
			{
				name: 'URL',
				value: 'url',
				description: 'A public http(s) URL of the image (or a data: URL)',
			},
		],
		default: 'url',
		description: input.description,
	};
	// An optional image is not sent unless chosen.
	if (!input.required) source.default = 'none';
	return [
		source,
		{
			displayName: `${input.label} URL`,
			name: urlName(input),
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/picture.png',
			displayOptions: show('url'),
		},
		{
			displayName: `${input.label} Binary Property`,
			name: binaryName(input),
			type: 'string',
			default: 'data',
			required: true,
			description: 'Name of the binary property of the incoming item that holds the image',
			displayOptions: show('binary'),
		},
	];
}

function source(ctx: IExecuteSingleFunctions, input: ImageInput): 'url' | 'binary' | 'none' {
	return ctx.getNodeParameter(sourceName(input), input.required ? 'url' : 'none') as
		| 'url'
		| 'binary'
		| 'none';
}

/** Binary types that surely are not images (an unknown or generic type is let through). */
function notAnImage(mimeType: string | undefined): boolean {
	const type = (mimeType ?? '').toLowerCase();
	return !!type && !type.startsWith('image/') && type !== 'application/octet-stream';
}

/** Synchronous check (runs for every item in the validation gate, on that item's own context). */
export function checkImageInput(ctx: IExecuteSingleFunctions, input: ImageInput): void {
	const chosen = source(ctx, input);
	if (chosen === 'url') {
		const field = `${input.label} URL`;
		const value = ctx.getNodeParameter(urlName(input), '');
		const given = typeof value === 'string' ? value.trim() : '';
		if (/^data:/i.test(given)) {
			if (!/^data:[^,]*,./is.test(given)) failField(ctx, field, 'is not a valid data: URL');
		} else {
			checkHttpUrl(ctx, value, field);
		}
	} else if (chosen === 'binary') {
		const field = `${input.label} Binary Property`;
		const property = checkText(ctx, ctx.getNodeParameter(binaryName(input), ''), field).trim();
		// The item's own input (helpers.assertBinaryData would read the first item's).
		const binary = ctx.getInputData().binary?.[property];
		if (!binary) {
			const has = Object.keys(ctx.getInputData().binary ?? {});
			failField(
				ctx,
				field,
				`the incoming item has no binary property "${property}"${has.length ? ` (it has ${has.join(', ')})` : ''}`,
			);
		}
		if (notAnImage(binary.mimeType))
			failField(ctx, field, `"${property}" is ${binary.mimeType}, not an image`);
	} else if (chosen !== 'none' || input.required) {
		failField(
			ctx,
			`${input.label} Source`,
			`must be Binary File or URL${input.required ? '' : ' or None'}, got ${JSON.stringify(chosen)}`,
		);
	}
}

/** The type of an image sent without one, from its first bytes (PNG when unknown). */
function sniffImage(bytes: Buffer): string {
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
	if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
	if (
		bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
		bytes.subarray(8, 12).toString('latin1') === 'WEBP'
	)
		return 'image/webp';
	return 'image/png';
}

/** The preSend step that puts the image into the body. */
export function sendImageInput(input: ImageInput): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const chosen = source(this, input);
		let value: string | undefined;
		if (chosen === 'url') value = String(this.getNodeParameter(urlName(input), '')).trim();
		if (chosen === 'binary') {
			const property = String(this.getNodeParameter(binaryName(input), '')).trim();
			const meta = this.helpers.assertBinaryData(property);
			const bytes = await this.helpers.getBinaryDataBuffer(property);
			const mimeType =
				meta.mimeType && meta.mimeType !== 'application/octet-stream'
					? meta.mimeType
					: sniffImage(bytes);
			value = `data:${mimeType};base64,${bytes.toString('base64')}`;
		}
		if (value !== undefined)
			requestOptions.body = { ...(requestOptions.body as IDataObject), [input.property]: value };
		return requestOptions;
	};
}
