import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import { checkNumber } from '../../../shared/operation/validate';
import {
	aspectRatioField,
	checkAspectRatio,
	checkParentTask,
	optionalPromptField,
	parentTaskField,
} from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/**
 * `zoom_ratio` (apiframe-v1.md §3): 1.5, 2, any value in (1, 2] for a custom zoom, 1 to make the
 * image square. The docs call it a number in one place and a string in another; every code
 * sample sends a string ("2"), so it is sent as a string.
 */
function zoomRatio(ctx: IExecuteSingleFunctions): string {
	const choice = ctx.getNodeParameter('zoom', 2) as number | string;
	if (choice !== 'custom') return String(choice);
	const custom = checkNumber(ctx, ctx.getNodeParameter('customZoom', 1.25), 'Custom Zoom', {
		min: 1,
		exclusiveMin: true,
		max: 2,
	});
	return String(custom);
}

/** POST /outpaint (apiframe-v1.md §3): parent_task_id (an Upscale 1x task), zoom_ratio, aspect_ratio, prompt. */
export const outpaint = jobSpec('image', {
	value: 'outpaint',
	name: 'Outpaint',
	action: 'Zoom out of an image',
	description: 'Zoom out of an Upscale 1x image into a new grid of four (4 credits)',
	path: '/outpaint',
	fields: [
		parentTaskField('The Upscale 1x task to zoom out of'),
		{
			displayName: 'Zoom',
			name: 'zoom',
			type: 'options',
			options: [
				{ name: 'Custom', value: 'custom', description: 'Any zoom above 1 and up to 2' },
				{ name: 'Make Square', value: 1, description: 'Extend the shorter sides to a square' },
				{ name: 'Zoom Out 1.5x', value: 1.5 },
				{ name: 'Zoom Out 2x', value: 2 },
			],
			default: 2,
		},
		{
			displayName: 'Custom Zoom',
			name: 'customZoom',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 2, numberPrecision: 2 },
			default: 1.25,
			description: 'Above 1 and at most 2',
			displayOptions: { show: { zoom: ['custom'] } },
		},
		aspectRatioField,
		optionalPromptField('What to put in the new areas'),
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
		zoomRatio(this);
		checkAspectRatio(this);
		checkPromptParam(this, false);
	},
	build: [
		bodyFrom('zoom_ratio', function (this: IExecuteSingleFunctions) {
			return zoomRatio(this);
		}),
	],
});
