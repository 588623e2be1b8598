import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkHttpUrl } from '../../../shared/operation/validate';
import { checkParentTask, indexField, motionField, parentTaskField, promptField, urlField } from '../shared/fields';
import { checkPromptParam } from '../shared/prompt';

/**
 * POST /imagine-video-extend (apiframe-v1.md §3): parent_task_id (a video task), index 1-4,
 * prompt, image_url (optional), motion.
 */
export const extendVideo = jobSpec('video', {
	value: 'extendVideo',
	name: 'Extend Video',
	action: 'Extend a video',
	description: 'Continue one video of an Imagine Video (or Extend Video) task (cost not documented)',
	path: '/imagine-video-extend',
	fields: [
		parentTaskField('The video task to extend'),
		indexField('Video', 'Which video of the task to extend'),
		promptField('What happens next', 'The tide goes out'),
		urlField('imageUrl', 'Image URL', 'image_url', 'Optional image to guide the extension', false),
		motionField,
	],
	check(this: IExecuteSingleFunctions) {
		checkParentTask(this);
		checkPromptParam(this, true, { video: true });
		const url = String(this.getNodeParameter('imageUrl', '') ?? '').trim();
		if (url) checkHttpUrl(this, url, 'Image URL');
	},
});
