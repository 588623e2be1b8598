import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkText } from '../../../shared/operation/validate';
import type { OperationSpec } from '../../../shared/operation/spec';
import { JOB_ID_DEFAULT } from '../shared/fields';

/** GET /v1/job/{job_id} (legnext.md, "Get Task"). */
export const getJob: OperationSpec = {
	resource: 'job',
	value: 'get',
	name: 'Get',
	action: 'Get a job',
	description: 'Read a job: status, progress and results; optionally wait until it finishes',
	method: 'GET',
	path: '=/v1/job/{{ encodeURIComponent(String($parameter["jobId"]).trim()) }}',
	kind: 'read',
	fields: [
		{
			displayName: 'Job ID',
			name: 'jobId',
			type: 'string',
			default: JOB_ID_DEFAULT,
			required: true,
			description:
				"The job to read. Defaults to the incoming item's job (from a Legnext node, Legnext Trigger or Wait node).",
		},
	],
	check(this: IExecuteSingleFunctions) {
		checkText(this, this.getNodeParameter('jobId', ''), 'Job ID');
	},
};
