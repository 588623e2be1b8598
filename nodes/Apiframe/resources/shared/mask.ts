import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { checkText, failField } from '../../../shared/operation/validate';

/**
 * Inpaint's `mask` (apiframe-v1.md §3 note): APIFRAME's mask tool draws the image's size in
 * black, the area to repaint in white, and sends a PNG data URL (`data:image/png;base64,…`).
 * The mask comes from an n8n binary property or a base64 text (bare, or already a data URL).
 */
type MaskSource = 'binary' | 'base64';

const BINARY = 'Mask Binary Property';
const BASE64 = 'Mask (Base64)';

export const maskFields: INodeProperties[] = [
	{
		displayName: 'Mask Source',
		name: 'maskSource',
		type: 'options',
		options: [
			{ name: 'Base64 or Data URL', value: 'base64', description: 'A PNG as base64 text, or a data:image/png;base64,… URL' },
			{ name: 'Binary File', value: 'binary', description: 'An image in a binary property of the incoming item' },
		],
		default: 'binary',
		description: 'The mask: the image\'s size, black everywhere except white where to repaint',
	},
	{
		displayName: BINARY,
		name: 'maskBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property holding the mask image (PNG)',
		displayOptions: { show: { maskSource: ['binary'] } },
	},
	{
		displayName: BASE64,
		name: 'maskBase64',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'data:image/png;base64,iVBORw0KGgo…',
		description: 'The mask image as base64 text or a data URL',
		displayOptions: { show: { maskSource: ['base64'] } },
	},
];

/** Image formats told apart by their first bytes. */
const SIGNATURES: Array<[string, (bytes: Buffer) => boolean]> = [
	['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
	['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
	['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
];

function imageType(bytes: Buffer): string | undefined {
	return SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
}

const BASE64_TEXT = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/** The mask as a data URL from a base64 text: bare base64 or `data:image/…;base64,…`. */
function fromBase64(ctx: IExecuteSingleFunctions): string {
	const text = checkText(ctx, ctx.getNodeParameter('maskBase64', ''), BASE64).trim();
	const dataUrl = /^data:([\w/+.-]+);base64,(.*)$/s.exec(text);
	const payload = (dataUrl ? dataUrl[2] : text).replace(/\s+/g, '');
	if (!BASE64_TEXT.test(payload)) failField(ctx, BASE64, 'is not base64 text or a data:image/…;base64 URL');
	const bytes = Buffer.from(payload, 'base64');
	const type = imageType(bytes);
	if (!type) failField(ctx, BASE64, 'does not hold a PNG, JPEG, WebP or GIF image');
	if (dataUrl && dataUrl[1] !== type) {
		failField(ctx, BASE64, `says ${dataUrl[1]} but holds ${type}`);
	}
	return `data:${type};base64,${payload}`;
}

/** The binary's metadata (and its first bytes when they are held in memory), checked before anything is sent. */
function checkBinary(ctx: IExecuteSingleFunctions): { property: string; mimeType: string } {
	const property = checkText(ctx, ctx.getNodeParameter('maskBinaryProperty', 'data'), BINARY).trim();
	const binary = ctx.getInputData().binary?.[property];
	if (!binary) {
		const present = Object.keys(ctx.getInputData().binary ?? {});
		failField(
			ctx,
			BINARY,
			`the incoming item has no binary property "${property}"`,
			present.length ? `It has: ${present.join(', ')}. Nothing was sent.` : 'The incoming item has no binary data. Nothing was sent.',
		);
	}
	let mimeType = String(binary.mimeType ?? '');
	// In n8n's default binary mode the bytes sit in `data` (base64): read the format from them.
	if (!binary.id && typeof binary.data === 'string' && binary.data) {
		mimeType = imageType(Buffer.from(binary.data.slice(0, 32), 'base64')) ?? '';
		if (!mimeType) failField(ctx, BINARY, `"${property}" is not a PNG, JPEG, WebP or GIF image`);
	} else if (!mimeType.startsWith('image/')) {
		failField(ctx, BINARY, `"${property}" is ${mimeType || 'not an image'}, not an image`);
	}
	return { property, mimeType };
}

export function checkMask(ctx: IExecuteSingleFunctions): void {
	if ((ctx.getNodeParameter('maskSource', 'binary') as MaskSource) === 'binary') checkBinary(ctx);
	else fromBase64(ctx);
}

/** preSend: the mask as a data URL (the binary's bytes are read only now, after validation). */
export async function sendMask(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const source = this.getNodeParameter('maskSource', 'binary') as MaskSource;
	let mask: string;
	if (source === 'binary') {
		const { property, mimeType } = checkBinary(this);
		const bytes = await this.helpers.getBinaryDataBuffer(property);
		const type = imageType(bytes);
		if (!type) failField(this, BINARY, `"${property}" is not a PNG, JPEG, WebP or GIF image`);
		mask = `data:${type ?? mimeType};base64,${bytes.toString('base64')}`;
	} else {
		mask = fromBase64(this);
	}
	requestOptions.body = { ...(requestOptions.body as IDataObject), mask };
	return requestOptions;
}
