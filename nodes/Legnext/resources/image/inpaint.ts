import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkJobId, checkRemixPrompt, imageNoField, jobIdField, remixPromptField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';
import { maskFields, maskFrom, sendMask } from '../shared/mask';

/**
 * POST /v1/inpaint (legnext.md, "Inpaint"). The deprecated single-polygon `area` is not
 * offered: `mask` covers it.
 */
export const inpaint = jobSpec('image', {
	value: 'inpaint',
	name: 'Inpaint',
	action: 'Inpaint part of an image',
	description: 'Repaint masked regions of one image of a finished job (120 credits)',
	path: '/v1/inpaint',
	fields: [
		jobIdField('The image generation job to edit'),
		imageNoField('Which image of the job to edit'),
		...maskFields(true),
		remixPromptField('What to paint in the masked regions'),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
		maskFrom(this);
		checkRemixPrompt(this);
	},
	build: [sendMask],
});
