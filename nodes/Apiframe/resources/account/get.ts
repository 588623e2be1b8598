import type { OperationSpec } from '../../../shared/operation/spec';

/** GET /account (apiframe-v1.md §3, from the SDK): email, credits, total_images, plan. */
export const getAccount: OperationSpec = {
	resource: 'account',
	value: 'getAccount',
	name: 'Get',
	action: 'Get the account',
	description: 'Read the account: email, remaining credits, images made, plan',
	method: 'GET',
	path: '/account',
	kind: 'account',
};
