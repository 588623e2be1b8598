import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkHttpUrl, checkText } from '../../../shared/operation/validate';
import { checkVideoPromptText } from '../../../shared/prompt/routing';
import {
	checkJobId,
	imageNoField,
	imageUrlField,
	jobIdField,
	optionsField,
	PROMPT_MAX,
	promptField,
} from '../shared/fields';
import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';

/**
 * POST /v1/video-diffusion (legnext.md, "Video Diffusion" and the SDKs' video_diffusion):
 * from a text prompt, from an image URL (sent as "<url> <prompt>"), or by animating an image
 * of a finished job. Motion, loop, end frame and batch size are prompt flags (--motion …).
 */
type VideoInput = 'text' | 'imageUrl' | 'job';

const PROMPT = 'Prompt';

/** The `prompt` to send: validated, with the image URL in front when animating a URL. */
function videoPrompt(ctx: IExecuteSingleFunctions): string | undefined {
	const input = ctx.getNodeParameter('videoInput', 'job') as VideoInput;
	const text = String(ctx.getNodeParameter('prompt', '') ?? '').trim();
	if (input !== 'imageUrl') {
		checkText(ctx, text, PROMPT, { max: PROMPT_MAX, required: input === 'text' });
		checkVideoPromptText(ctx, text, PROMPT);
		return text || undefined;
	}
	const url = checkHttpUrl(ctx, ctx.getNodeParameter('imageUrl', ''), 'Image URL');
	const prompt = text ? `${url} ${text}` : url;
	checkText(ctx, prompt, `${PROMPT} (with the image URL in front)`, { max: PROMPT_MAX });
	checkVideoPromptText(ctx, prompt, PROMPT);
	return prompt;
}

export const generateVideo = jobSpec('video', {
	value: 'videoDiffusion',
	name: 'Generate',
	action: 'Generate a video',
	description:
		'Video diffusion from a prompt, an image URL or a job image; 4 videos by default (480 credits; --bs 1 or 2 makes fewer)',
	path: '/v1/video-diffusion',
	fields: [
		{
			displayName: 'Input',
			name: 'videoInput',
			type: 'options',
			options: [
				{
					name: 'Animate a Job Image',
					value: 'job',
					description: 'Animate one image of a finished Legnext job',
				},
				{
					name: 'Image URL and Prompt',
					value: 'imageUrl',
					description: 'Animate any public image; the URL is put in front of the prompt',
				},
				{ name: 'Text Prompt', value: 'text', description: 'Generate from the prompt alone' },
			],
			default: 'job',
		},
		{ ...jobIdField('The image generation job to animate'), displayOptions: { show: { videoInput: ['job'] } } },
		{
			...imageNoField('Which image of the job to animate'),
			displayOptions: { show: { videoInput: ['job'] } },
		},
		{
			...imageUrlField('The first frame of the video'),
			displayOptions: { show: { videoInput: ['imageUrl'] } },
		},
		promptField({
			name: 'prompt',
			displayName: PROMPT,
			description:
				'What happens in the video, required for Text Prompt. Flags such as --motion high, --loop, --end <image URL> or --bs 1 may follow',
			placeholder: 'The waves roll in slowly --motion low',
			send: false,
		}),
		optionsField('videoType', {
			displayName: 'Resolution',
			name: 'videoType',
			options: [
				{ name: '480p', value: 0, description: 'Standard definition' },
				{ name: '720p', value: 1, description: 'High definition' },
			],
			default: 0,
		}),
	],
	check(this: IExecuteSingleFunctions) {
		if (this.getNodeParameter('videoInput', 'job') === 'job') checkJobId(this);
		videoPrompt(this);
	},
	build: [
		bodyFrom('prompt', function (this: IExecuteSingleFunctions) {
			return videoPrompt(this);
		}),
	],
});
