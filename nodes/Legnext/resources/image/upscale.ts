import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkJobId, imageNoField, jobIdField, optionsField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/**
 * POST /v1/upscale (legnext.md, "Upscale"). Types 2 (2x) and 3 (4x) are deprecated and only
 * work for v5/niji5 jobs, which the API no longer makes, so only 0 and 1 are offered.
 */
export const upscale = jobSpec('image', {
	value: 'upscale',
	name: 'Upscale',
	action: 'Upscale an image',
	description: 'Upscale one image of a finished job to a single larger image (120 credits)',
	path: '/v1/upscale',
	fields: [
		jobIdField('The image generation job to upscale from'),
		imageNoField('Which image of the job to upscale'),
		optionsField('type', {
			displayName: 'Upscale Type',
			name: 'upscaleType',
			options: [
				{
					name: 'Creative',
					value: 1,
					description: 'More aggressive enhancement with artistic interpretation',
				},
				{ name: 'Subtle', value: 0, description: 'Conservative enhancement that keeps the details' },
			],
			default: 0,
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
	},
});
