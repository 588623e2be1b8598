import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { checkNoCallbackMode } from './getOnly';

/**
 * GET /info (docs /v2/info): the account's Midjourney /info, as an object under `info` ("Fast
 * Time Remaining", "Job Mode", ...). The docs ask not to call it on a cron or timer.
 */
export const info: OperationSpec = {
	resource: 'account',
	value: 'info',
	name: 'Get Info',
	action: 'Get account info',
	description: 'Read the Midjourney account info: fast time remaining, job mode, queued jobs (do not run it on a timer)',
	method: 'GET',
	path: '/info',
	kind: 'job',
	check(this: IExecuteSingleFunctions) {
		checkNoCallbackMode(this, 'Get Info');
	},
};
