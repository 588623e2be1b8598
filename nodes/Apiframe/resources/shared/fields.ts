import type { IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { optionsField } from '../../../shared/operation/jobSpec';
import { checkHttpUrl, checkText, failField } from '../../../shared/operation/validate';

export { numberField, optionsField } from '../../../shared/operation/jobSpec';

/**
 * The incoming item's task, so chained nodes need no expression: `jobId` is what the APIFRAME
 * node and the APIFRAME Trigger output, `task_id` a raw APIFRAME task, and `body.task_id` the
 * webhook body a Wait node ("On Webhook Call") receives.
 */
export const TASK_ID_DEFAULT = '={{ $json.jobId || $json.task_id || $json.body?.task_id }}';

const TASK_ID_HINT = "Defaults to the incoming item's task (from an APIFRAME node, APIFRAME Trigger or Wait node)";

/** The task a follow-up acts on; sent as `parent_task_id` (or `task_id` for Seed). */
export function parentTaskField(
	description: string,
	{ property = 'parent_task_id', displayName = 'Parent Task ID' }: { property?: string; displayName?: string } = {},
): INodeProperties {
	return {
		displayName,
		name: 'parentTaskId',
		type: 'string',
		default: TASK_ID_DEFAULT,
		required: true,
		description: `${description}. ${TASK_ID_HINT}.`,
		routing: { send: { type: 'body', property } },
	};
}

/** §3: the parent task must be given (APIFRAME checks its kind and that it finished). */
export function checkParentTask(ctx: IExecuteSingleFunctions, displayName = 'Parent Task ID'): string {
	return checkText(ctx, ctx.getNodeParameter('parentTaskId', ''), displayName).trim();
}

/**
 * §2: `index` is "1".."4", typed as a string (the SDK turns numbers into strings). Shown as
 * "Image 1".."Image 4" (or Video); an expression may give 1-4 as a number or a numeric text.
 */
export function indexField(
	kind: 'Image' | 'Video',
	description: string,
	extra: INodePropertyOptions[] = [],
): INodeProperties {
	return {
		displayName: kind,
		name: 'index',
		type: 'options',
		options: [...[1, 2, 3, 4].map((n) => ({ name: `${kind} ${n}`, value: n })), ...extra],
		default: 1,
		description,
		routing: { send: { type: 'body', property: 'index', value: '={{ String($value).trim() }}' } },
	};
}

/** An optional prompt that guides a follow-up (reroll, variations, inpaint, outpaint, pan). */
export function optionalPromptField(description: string): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: `${description}. Leave empty to keep the parent task's prompt.`,
		routing: { send: { type: 'body', property: 'prompt' } },
	};
}

/** A required prompt (Imagine, Shorten, the video operations). */
export function promptField(description: string, placeholder: string): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder,
		description: `${description}. Midjourney flags such as --ar 16:9 or --sref go at the end of the prompt.`,
		routing: { send: { type: 'body', property: 'prompt' } },
	};
}

/**
 * `aspect_ratio` (Imagine, Reroll, Variations, Outpaint). Empty = not sent, so APIFRAME's default
 * (1:1) or an --ar flag in the prompt applies.
 */
export const aspectRatioField: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	type: 'string',
	default: '',
	placeholder: '16:9',
	description: 'Width:height, e.g. 3:2 or 9:16. Leave empty for APIFRAME\'s default (1:1).',
	routing: { send: { type: 'body', property: 'aspect_ratio' } },
};

/** The docs' default "1:1" and every sample are whole-number width:height pairs. */
export function checkAspectRatio(ctx: IExecuteSingleFunctions): void {
	const value = String(ctx.getNodeParameter('aspectRatio', '') ?? '').trim();
	if (value && !/^[1-9]\d*:[1-9]\d*$/.test(value)) {
		failField(ctx, 'Aspect Ratio', `must be width:height in whole numbers (e.g. 16:9), got "${value.slice(0, 40)}"`);
	}
}

/**
 * §7: `process_mode` fast|turbo, which APIFRAME's own clients send on Imagine, Describe and Blend
 * (current docs do not list it; no source mentions relax). Not sent unless chosen.
 */
export const speedField = optionsField('process_mode', {
	displayName: 'Speed',
	name: 'processMode',
	options: [
		{ name: 'Default', value: '', description: 'Not sent: APIFRAME uses fast mode' },
		{ name: 'Fast', value: 'fast' },
		{ name: 'Turbo', value: 'turbo', description: 'Faster, costs more credits' },
	],
	default: '',
	description: 'Generation speed, sent as process_mode',
});

/** A public image URL sent as `property`. */
export function urlField(
	name: string,
	displayName: string,
	property: string | undefined,
	description: string,
	required = true,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required,
		placeholder: 'https://example.com/image.png',
		description: `${description}: a public http(s) URL`,
		...(property ? { routing: { send: { type: 'body', property } } } : {}),
	};
}

export function checkUrl(ctx: IExecuteSingleFunctions, name: string, displayName: string): string {
	return checkHttpUrl(ctx, ctx.getNodeParameter(name, ''), displayName);
}

/** §3 imagine-video / extend: `motion` low|high (default low). */
export const motionField = optionsField('motion', {
	displayName: 'Motion',
	name: 'motion',
	options: [
		{ name: 'High', value: 'high', description: 'More camera and subject movement' },
		{ name: 'Low', value: 'low', description: 'Calmer scenes' },
	],
	default: 'low',
});
