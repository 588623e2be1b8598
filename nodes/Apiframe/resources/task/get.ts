import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom } from '../../../shared/operation/jobSpec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { checkText } from '../../../shared/operation/validate';
import { TASK_ID_DEFAULT } from '../shared/fields';

function taskId(ctx: IExecuteSingleFunctions): string {
	return checkText(ctx, ctx.getNodeParameter('taskId', ''), 'Task ID').trim();
}

/** POST /fetch {task_id} (apiframe-v1.md §3, §4): the task as it is now, or once it finishes. */
export const getTask: OperationSpec = {
	resource: 'task',
	value: 'getTask',
	name: 'Get',
	action: 'Get a task',
	description: 'Read a task: status, progress and results; optionally wait until it finishes',
	method: 'POST',
	path: '/fetch',
	kind: 'read',
	fields: [
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			default: TASK_ID_DEFAULT,
			required: true,
			description:
				"The task to read. Defaults to the incoming item's task (from an APIFRAME node, APIFRAME Trigger or Wait node).",
		},
	],
	check(this: IExecuteSingleFunctions) {
		taskId(this);
	},
	build: [
		bodyFrom('task_id', function (this: IExecuteSingleFunctions) {
			return taskId(this);
		}),
	],
};
