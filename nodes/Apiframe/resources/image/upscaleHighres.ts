import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import { checkParentTask, checkUrl, optionsField, parentTaskField, urlField } from '../shared/fields';

type Source = 'task' | 'url';

const source = (ctx: IExecuteSingleFunctions) => ctx.getNodeParameter('highresSource', 'task') as Source;

/**
 * POST /upscale-highres (apiframe-v1.md §3): `parent_task_id` or `image_url` (one of them),
 * `type` 2x|4x, and `index` only when the parent is a 4-image task. Not a Midjourney upscale;
 * input up to 2048x2048. Which parents have 4 images is APIFRAME's to check (we cannot know
 * without a read): "Whole Image" sends no index.
 */
export const upscaleHighres = jobSpec('image', {
	value: 'upscaleHighres',
	name: 'Upscale High-Res',
	action: 'Upscale an image 2x or 4x',
	description: 'Enlarge a task image or any image URL 2x (1 credit) or 4x (2 credits); input up to 2048x2048',
	path: '/upscale-highres',
	fields: [
		{
			displayName: 'Source',
			name: 'highresSource',
			type: 'options',
			options: [
				{ name: 'Image URL', value: 'url', description: 'Any public image' },
				{ name: 'Task', value: 'task', description: 'An image of an APIFRAME task' },
			],
			default: 'task',
		},
		{ ...parentTaskField('The task whose image to enlarge'), displayOptions: { show: { highresSource: ['task'] } } },
		{
			displayName: 'Image',
			name: 'highresIndex',
			type: 'options',
			options: [
				...[1, 2, 3, 4].map((n) => ({ name: `Image ${n}`, value: n })),
				{ name: 'Whole Image (Single-Image Task)', value: 0, description: 'For Upscale 1x, Upscale Alt, Face Swap and other single-image tasks' },
			],
			default: 0,
			description: 'Which image of a 4-image task (Imagine, Variations...); a single-image task takes no index',
			displayOptions: { show: { highresSource: ['task'] } },
		},
		{
			...urlField('imageUrl', 'Image URL', 'image_url', 'The image to enlarge (at most 2048x2048)'),
			displayOptions: { show: { highresSource: ['url'] } },
		},
		optionsField('type', {
			displayName: 'Scale',
			name: 'highresType',
			options: [
				{ name: '2x', value: '2x' },
				{ name: '4x', value: '4x' },
			],
			default: '2x',
		}),
	],
	check(this: IExecuteSingleFunctions) {
		if (source(this) === 'task') checkParentTask(this);
		else checkUrl(this, 'imageUrl', 'Image URL');
	},
	build: [
		bodyFrom('index', function (this: IExecuteSingleFunctions) {
			if (source(this) !== 'task') return undefined;
			const index = Number(this.getNodeParameter('highresIndex', 0));
			return index ? String(index) : undefined;
		}),
	],
});
