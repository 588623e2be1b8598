import { randomBytes } from 'crypto';
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkText, failField } from '../../../shared/operation/validate';

/**
 * Audio uploads: /stt and /voice_clone take `multipart/form-data` with the audio file in `sample`
 * (imagine-api.txt: "Recognized formats: 'mp3', 'flv', 'ogg', 'wav', 'raw', 'm4a', 'mp4', 'wave'").
 * The file comes from an n8n binary property of the incoming item and keeps its file name and
 * MIME type. The form is built here as bytes: a Buffer body passes through n8n's request helper
 * unchanged and can be sent again on a retry (a stream or FormData could not).
 */

export const SAMPLE_FIELD = 'sample';

export function audioBinaryField(options: {
	required: boolean;
	description: string;
}): INodeProperties {
	return {
		displayName: 'Audio Binary Property',
		name: 'audioBinary',
		type: 'string',
		default: 'data',
		required: options.required,
		placeholder: 'data',
		description: options.description,
	};
}

/** The binary property named by Audio Binary Property ('' when optional and left empty). */
export function checkAudioBinary(ctx: IExecuteSingleFunctions, required: boolean): string {
	const field = 'Audio Binary Property';
	const value = ctx.getNodeParameter('audioBinary', '');
	const property = (required ? checkText(ctx, value, field) : String(value ?? '')).trim();
	if (!property) return '';
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
	const type = (binary.mimeType ?? '').toLowerCase();
	if (type.startsWith('image/') || type.startsWith('text/'))
		failField(ctx, field, `"${property}" is ${binary.mimeType}, not audio`);
	return property;
}

interface FilePart {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

/** Quotes and line breaks in a part header are escaped as browsers do (HTML form encoding). */
const headerValue = (value: string) =>
	value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export function multipartBody(
	fields: Record<string, string>,
	files: FilePart[],
): { body: Buffer; contentType: string } {
	const boundary = `----n8nChubImagine${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${headerValue(name)}"\r\n\r\n${value}\r\n`,
			),
		);
	}
	for (const file of files) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${headerValue(file.field)}"; filename="${headerValue(file.fileName)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
			),
			file.data,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The audio file of the item as a form part, its name and type kept. */
export async function audioPart(ctx: IExecuteSingleFunctions, property: string): Promise<FilePart> {
	const meta = ctx.helpers.assertBinaryData(property);
	const data = await ctx.helpers.getBinaryDataBuffer(property);
	const extension = meta.fileExtension ? `.${meta.fileExtension}` : '';
	return {
		field: SAMPLE_FIELD,
		fileName: meta.fileName || `${SAMPLE_FIELD}${extension}`,
		mimeType: meta.mimeType || 'application/octet-stream',
		data,
	};
}

/**
 * Replaces the JSON body with the form: the body's string values become text fields (empty ones
 * are left out), the audio file goes in `sample`.
 */
export async function sendAsForm(
	ctx: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
	audioProperty: string,
): Promise<IHttpRequestOptions> {
	const fields: Record<string, string> = {};
	for (const [key, value] of Object.entries(
		(requestOptions.body as IDataObject | undefined) ?? {},
	)) {
		if (value === undefined || value === null) continue;
		const textValue = typeof value === 'string' ? value.trim() : String(value);
		if (textValue) fields[key] = textValue;
	}
	const files = audioProperty ? [await audioPart(ctx, audioProperty)] : [];
	const { body, contentType } = multipartBody(fields, files);
	requestOptions.body = body;
	requestOptions.headers = { ...(requestOptions.headers ?? {}), 'Content-Type': contentType };
	return requestOptions;
}
