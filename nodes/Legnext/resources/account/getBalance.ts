import type { OperationSpec } from '../../routing/jobOperation';

/** GET /account/balance (legnext.md, "Get Account Balance"). */
export const getBalance: OperationSpec = {
	resource: 'account',
	value: 'getBalance',
	name: 'Get Balance',
	action: 'Get the account balance',
	description: 'Read the balance in USD, available credits and points',
	method: 'GET',
	path: '/account/balance',
	kind: 'account',
};
