import type { INodeProperties } from 'n8n-workflow';

import { binaryOptionFields } from '../routing/waitProperties';

/** Task types as Legnext names them in `task_type` (legnext.md, each endpoint's response). */
export const TASK_TYPES = [
	{ name: 'Blend', value: 'blend' },
	{ name: 'Describe', value: 'describe' },
	{ name: 'Edit', value: 'edit' },
	{ name: 'Enhance', value: 'enhance' },
	{ name: 'Extend Video', value: 'extend_video' },
	{ name: 'Imagine (Diffusion)', value: 'diffusion' },
	{ name: 'Inpaint', value: 'inpaint' },
	{ name: 'Outpaint', value: 'outpaint' },
	{ name: 'Pan', value: 'pan' },
	{ name: 'Remix', value: 'remix' },
	{ name: 'Remove Background', value: 'remove_background' },
	{ name: 'Reroll', value: 'reroll' },
	{ name: 'Retexture', value: 'retexture' },
	{ name: 'Shorten', value: 'shorten' },
	{ name: 'Topaz Upscale', value: 'enhance_upscale' },
	{ name: 'Upload Paint', value: 'upload_paint' },
	{ name: 'Upscale', value: 'upscale' },
	{ name: 'Variation', value: 'variation' },
	{ name: 'Video (Diffusion)', value: 'video_diffusion' },
	{ name: 'Video Upscale', value: 'video_upscale' },
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Send jobs here from a Legnext node with Wait Mode "Send Result to Legnext Trigger" and this node\'s Production URL: it adds the token this trigger checks. Both nodes must use the same credential.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Job Completed', value: 'completed' },
			{ name: 'Job Failed', value: 'failed' },
			{
				name: 'Job In Progress',
				value: 'progress',
				description: 'Only when the provider sends progress callbacks',
			},
		],
		default: ['completed', 'failed'],
		description: 'Which callbacks start the workflow',
	},
	{
		displayName: 'Task Types',
		name: 'taskTypes',
		type: 'multiOptions',
		options: TASK_TYPES,
		default: [],
		description: 'Only start for these kinds of job. Leave empty for all.',
	},
	{
		displayName: 'Verify with API',
		name: 'verifyWithApi',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the job from the Legnext API by its ID and emit that authoritative job instead of the callback body, so a forged body cannot inject results',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: binaryOptionFields,
	},
];
