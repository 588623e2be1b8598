import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkJobId, imageNoField, jobIdField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/**
 * POST /v1/enhance (legnext.md, "Enhance"): only for jobs made in draft mode. Whether the
 * source job was a draft is the API's to say (it knows the job; we may not).
 */
export const enhance = jobSpec('image', {
	value: 'enhance',
	name: 'Enhance',
	action: 'Enhance a draft image',
	description:
		'Re-render one image of a draft job (prompt with --v 7 --draft) at full quality (80 credits)',
	path: '/v1/enhance',
	fields: [
		{
			...jobIdField('The draft image generation job to enhance'),
			hint: 'The source job must have been created in draft mode: its prompt ended with --v 7 --draft',
		},
		imageNoField('Which image of the draft job to enhance'),
	],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
	},
});
