import type { IDataObject } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';

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
	// The documented `data` object is the useful part.
	pick: (body) => (body.data as IDataObject | undefined) ?? body,
};
