import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { optionsField } from '../../../shared/operation/jobSpec';
import { checkHttpUrl, checkText } from '../../../shared/operation/validate';
import { PROMPT_MAX_LENGTH } from '../../../shared/prompt';
import { checkFollowUpPrompt } from '../../../shared/prompt/routing';

/** legnext.md: every prompt-like text (text, prompt, remixPrompt) is 1-8192 characters. */
export const PROMPT_MAX = PROMPT_MAX_LENGTH;

export { numberField, optionsField } from '../../../shared/operation/jobSpec';

/**
 * The incoming item's job, so chained nodes need no expression: `jobId` is what the Legnext
 * node and the Legnext Trigger output, `job_id` a raw Legnext job, and `body.job_id` the
 * callback body a Wait node ("On Webhook Call") receives.
 */
export const JOB_ID_DEFAULT = '={{ $json.jobId || $json.job_id || $json.body?.job_id }}';

const JOB_ID_HINT = "Defaults to the incoming item's job (from a Legnext node, Legnext Trigger or Wait node)";

export function jobIdField(description: string): INodeProperties {
	return {
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		default: JOB_ID_DEFAULT,
		required: true,
		description: `${description}. ${JOB_ID_HINT}.`,
		routing: { send: { type: 'body', property: 'jobId' } },
	};
}

export function checkJobId(ctx: IExecuteSingleFunctions): string {
	return checkText(ctx, ctx.getNodeParameter('jobId', ''), 'Job ID');
}

/** "Image 1".."Image 4" (or Video) shown, the API's 0-3 index sent. */
function indexField(
	kind: 'Image' | 'Video',
	property: 'imageNo' | 'videoNo',
	description: string,
): INodeProperties {
	return optionsField(property, {
		displayName: kind,
		name: property,
		options: [1, 2, 3, 4].map((n) => ({ name: `${kind} ${n}`, value: n - 1 })),
		default: 0,
		description,
	});
}

export function imageNoField(description = 'Which image of the source job, counted from the top left'): INodeProperties {
	return indexField('Image', 'imageNo', description);
}

export function videoNoField(description = 'Which video of the source job'): INodeProperties {
	return indexField('Video', 'videoNo', description);
}

interface TextFieldOptions {
	/** Parameter name and request body property. */
	name: string;
	displayName: string;
	description: string;
	required?: boolean;
	placeholder?: string;
	/** False when a build step composes the body value instead. */
	send?: boolean;
}

/** A prompt-like text; optional ones left empty are not sent (see jobSpec's tidyBody). */
export function promptField(options: TextFieldOptions): INodeProperties {
	const { name, displayName, description, required = false, placeholder, send = true } = options;
	return {
		displayName,
		name,
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required,
		...(placeholder ? { placeholder } : {}),
		description: `${description} (1-${PROMPT_MAX} characters)`,
		...(send ? { routing: { send: { type: 'body', property: name } } } : {}),
	};
}

export function remixPromptField(description: string, required = false): INodeProperties {
	return promptField({ name: 'remixPrompt', displayName: 'Remix Prompt', description, required });
}

/** Checks a prompt-like parameter by its name: required or not, at most 8192 characters. */
export function checkPromptLength(
	ctx: IExecuteSingleFunctions,
	name: string,
	displayName: string,
	required: boolean,
): string {
	return checkText(ctx, ctx.getNodeParameter(name, ''), displayName, { max: PROMPT_MAX, required });
}

/** Length, then the Midjourney flag rules that hold whatever the source job's model. */
export function checkRemixPrompt(ctx: IExecuteSingleFunctions, required = false): string {
	const prompt = checkPromptLength(ctx, 'remixPrompt', 'Remix Prompt', required);
	checkFollowUpPrompt(ctx, 'remixPrompt', 'Remix Prompt');
	return prompt;
}

/**
 * The source image by URL. `property`: the body property it is sent as (none when a build
 * step uses it); `maxLength` where legnext.md states one.
 */
export function imageUrlField(
	description: string,
	{ property, maxLength }: { property?: string; maxLength?: number } = {},
): INodeProperties {
	return {
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/image.png',
		description: `${description}: a public http(s) URL${maxLength ? ` of at most ${maxLength} characters` : ''}`,
		...(property ? { routing: { send: { type: 'body', property } } } : {}),
	};
}

export function checkImageUrl(ctx: IExecuteSingleFunctions, maxLength?: number): string {
	return checkHttpUrl(ctx, ctx.getNodeParameter('imageUrl', ''), 'Image URL', { maxLength });
}
