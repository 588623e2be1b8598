import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkVideoPromptText } from '../../../shared/prompt/routing';
import { checkJobId, checkPromptLength, jobIdField, promptField, videoNoField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/extend-video (legnext.md, "Extend Video"): +4 s per extension, at most 4 extensions. */
export const extendVideo = jobSpec('video', {
	value: 'extendVideo',
	name: 'Extend',
	action: 'Extend a video',
	description:
		'Add 4 seconds to one video of a finished video job, up to 4 times (480 credits)',
	path: '/v1/extend-video',
	fields: [
		jobIdField('The video job to extend'),
		videoNoField('Which video of the job to extend'),
		promptField({ name: 'prompt', displayName: 'Prompt', description: 'How the video should continue' }),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		checkVideoPromptText(this, checkPromptLength(this, 'prompt', 'Prompt', false), 'Prompt');
	},
});
