import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkUrl, motionField, promptField, urlField } from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/** POST /imagine-video (apiframe-v1.md §3): prompt, image_url (the start frame), motion low|high. */
export const imagineVideo = jobSpec('video', {
	value: 'imagineVideo',
	name: 'Imagine Video',
	action: 'Generate videos from an image',
	description: 'Animate a start image with a prompt into videos (cost not documented)',
	path: '/imagine-video',
	fields: [
		promptField('What happens in the video', 'The waves roll in slowly'),
		urlField('imageUrl', 'Start Frame URL', 'image_url', 'The first frame of the video'),
		motionField,
	],
	check(this: IExecuteSingleFunctions) {
		checkPromptParam(this, true, { video: true });
		checkUrl(this, 'imageUrl', 'Start Frame URL');
	},
});
