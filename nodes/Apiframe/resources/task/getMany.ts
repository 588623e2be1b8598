import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parseAnswer } from '../../../shared/http/answer';
import { secretsOf } from '../../../shared/http/secrets';
import { redactResult, resultItems } from '../../../shared/job/jobResult';
import { waitForJob } from '../../../shared/job/waitForJob';
import { bodyFrom } from '../../../shared/operation/jobSpec';
import { jobOptions, waitsForResult } from '../../../shared/operation/options';
import { afterAnswer } from '../../../shared/operation/postReceive';
import type { OperationSpec } from '../../../shared/operation/spec';
import { failField } from '../../../shared/operation/validate';
import type { ApiframeTask } from '../../provider';
import { APIFRAME } from '../../provider';

const FIELD = 'Task IDs';
/** apiframe-v1.md §3: `task_ids` holds 2-20 ids. */
const MIN = 2;
const MAX = 20;

/** The ids as a list: an array, or a text with ids separated by commas, spaces or new lines. */
function taskIds(ctx: IExecuteSingleFunctions): string[] {
	const value = ctx.getNodeParameter('taskIds', '') as unknown;
	const flat = (entry: unknown): string[] =>
		Array.isArray(entry)
			? entry.flatMap(flat)
			: entry === null || entry === undefined
				? []
				: String(entry).split(/[\s,;]+/);
	const ids = flat(value).filter(Boolean);
	if (ids.length < MIN || ids.length > MAX) {
		failField(
			ctx,
			FIELD,
			`needs ${MIN}-${MAX} task IDs, got ${ids.length}`,
			ids.length < MIN ? 'Use Task > Get for a single task. Nothing was sent.' : 'Split the IDs over several items. Nothing was sent.',
		);
	}
	return ids;
}

/**
 * One item per task, in the order asked, in the one output shape; failed tasks are output as
 * data (their `error` filled), not thrown. With Wait Until Finished, the run's watcher waits
 * for all of them together (fetch-many again, not one read per task).
 */
async function tasksAsItems(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = await parseAnswer.call(this, APIFRAME, response, false);
	const tasks = APIFRAME.readMany!.parse(body);
	if (!tasks) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'answer is not a list of tasks' },
			{ message: 'APIFRAME answered fetch-many without a list of tasks', itemIndex: this.getItemIndex() },
		);
	}
	const options = jobOptions(this);
	let finished = tasks;
	if (waitsForResult(this, false)) {
		// One wait per distinct task (an id asked twice is read once), then in the order asked.
		const distinct = new Map(tasks.map((task) => [task.task_id, task]));
		const done = new Map<string, ApiframeTask>();
		await Promise.all(
			[...distinct.values()].map(async (task) => {
				done.set(task.task_id, await waitForJob(this, APIFRAME, task, options.timeoutSeconds, false));
			}),
		);
		finished = tasks.map((task) => done.get(task.task_id) ?? task);
	}
	const secrets = await secretsOf(this, APIFRAME);
	const out: INodeExecutionData[] = [];
	for (const task of finished) {
		const result = redactResult(APIFRAME.toResult(task), secrets);
		const files = APIFRAME.snapshot(task).state === 'completed' ? APIFRAME.files(task) : { results: [] };
		out.push(...(await resultItems.call(this, result, files, options)));
	}
	return out;
}

/** POST /fetch-many {task_ids} (apiframe-v1.md §3): 2-20 tasks in one read. */
export const getManyTasks: OperationSpec = {
	resource: 'task',
	value: 'getManyTasks',
	name: 'Get Many',
	action: 'Get many tasks',
	description: 'Read 2-20 tasks in one request, one item each; optionally wait until all finish',
	method: 'POST',
	path: '/fetch-many',
	kind: 'read',
	fields: [
		{
			displayName: FIELD,
			name: 'taskIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ID-1, ID-2, ID-3',
			description: '2-20 task IDs, separated by commas, spaces or new lines (or an array from an expression)',
		},
	],
	check(this: IExecuteSingleFunctions) {
		taskIds(this);
	},
	build: [
		bodyFrom('task_ids', function (this: IExecuteSingleFunctions) {
			return taskIds(this);
		}),
	],
	postReceive: afterAnswer(tasksAsItems),
};
