import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkJobId, jobIdField, videoNoField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/video-upscale (legnext.md, "Video Upscale"). */
export const upscaleVideo = jobSpec('video', {
	value: 'videoUpscale',
	name: 'Upscale',
	action: 'Upscale a video',
	description: 'Upscale one video of a finished video job to a higher resolution (480 credits)',
	path: '/v1/video-upscale',
	fields: [jobIdField('The video job to upscale from'), videoNoField('Which video of the job to upscale')],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
	},
});
