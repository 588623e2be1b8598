import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import { appendParameters, midjourneyParameters, PARAMETERS_FIELD, THENEXTLEG_RULES } from '../../../shared/prompt';
import { checkImagePrompt } from '../../../shared/prompt/routing';
import { checkImageUrl, imageUrlField, refField } from '../shared/fields';

/**
 * The `msg` TheNextLeg gets: the prompt with the Midjourney Parameters appended, and the img2img
 * image URL in front (docs img2img: `"msg": "<your-image-url> <your-prompt>"`). The prompt is
 * checked against TheNextLeg's rule table (shared/prompt/providers.ts): its docs rule on no
 * Midjourney flag, so only an empty prompt (and the node's own field conflicts) is refused.
 */
function message(ctx: IExecuteSingleFunctions): string {
	checkImagePrompt(ctx, 'prompt', 'Prompt', THENEXTLEG_RULES);
	const parameters = (ctx.getNodeParameter(PARAMETERS_FIELD, {}) as IDataObject) ?? {};
	const prompt = appendParameters(String(ctx.getNodeParameter('prompt', '')).trim(), parameters, THENEXTLEG_RULES);
	const imageUrl = String(ctx.getNodeParameter('imageUrl', '') ?? '').trim();
	return imageUrl ? `${checkImageUrl(ctx, 'imageUrl')} ${prompt}` : prompt;
}

/** POST /imagine (docs imagine, img2img): a 2x2 grid from a prompt, optionally from an image. */
export const imagine = jobSpec('image', {
	value: 'imagine',
	name: 'Imagine',
	action: 'Generate images from a prompt',
	description: 'Generate a 2x2 grid from a prompt, or from an image and a prompt (img2img)',
	path: '/imagine',
	fields: [
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'A lighthouse at dawn, watercolor --ar 3:2',
			description: 'What to generate; Midjourney flags such as --v 5 or --ar 16:9 go at the end',
		},
		midjourneyParameters(undefined, THENEXTLEG_RULES),
		imageUrlField(
			'imageUrl',
			'For img2img: a public http(s) image URL, sent in front of the prompt. Not a Midjourney CDN link (the docs warn against those).',
			false,
		),
		refField,
		{
			displayName: 'Ignore Prefilter',
			name: 'ignorePrefilter',
			type: 'boolean',
			default: false,
			description:
				"Whether to skip TheNextLeg's banned-word prefilter (it refuses a prompt with 400 \"Invalid phrase\"); Midjourney's own moderation still applies",
		},
	],
	check(this: IExecuteSingleFunctions) {
		message(this);
	},
	build: [
		bodyFrom('msg', function (this: IExecuteSingleFunctions) {
			return message(this);
		}),
		// The docs send the string ("ignorePrefilter": "false"), the Go client a boolean. "false"
		// would read as true to a server that tests truthiness, so only "true" is ever sent; off
		// is left out (the prefilter is the default either way).
		bodyFrom('ignorePrefilter', function (this: IExecuteSingleFunctions) {
			return this.getNodeParameter('ignorePrefilter', false) === true ? 'true' : undefined;
		}),
	],
});
