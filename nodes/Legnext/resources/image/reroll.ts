import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkJobId, jobIdField } from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/** POST /v1/reroll (legnext.md, "Reroll"): the same job run again. */
export const reroll = jobSpec('image', {
	value: 'reroll',
	name: 'Reroll',
	action: 'Reroll a job',
	description: 'Run a job again with the same prompt and parameters for a new grid (80 credits)',
	path: '/v1/reroll',
	fields: [jobIdField('The job to run again')],
	check(this: IExecuteSingleFunctions) {
		checkJobId(this);
	},
});
