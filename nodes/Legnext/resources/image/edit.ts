import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { canvasFields } from '../shared/canvas';
import { checkJobId, checkRemixPrompt, imageNoField, jobIdField, remixPromptField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { maskFields, maskFrom, sendMask } from '../shared/mask';

/** POST /v1/edit (legnext.md, "Edit"): place the image on a canvas, optionally mask, repaint. */
export const edit = jobSpec('image', {
	value: 'edit',
	name: 'Edit',
	action: 'Edit an image on a canvas',
	description:
		'Place one image of a finished job on a canvas and repaint it with a prompt (120 credits)',
	path: '/v1/edit',
	fields: [
		jobIdField('The image generation job to edit'),
		imageNoField('Which image of the job to edit'),
		remixPromptField('What the edited image should show', true),
		...canvasFields,
		...maskFields(false),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		checkRemixPrompt(this, true);
		maskFrom(this);
	},
	build: [sendMask],
});
