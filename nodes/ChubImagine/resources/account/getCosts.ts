import type { IDataObject } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';

/** GET /images/costs (imagine-api.txt): `{costs: {<operation>: credits}}`; the prices are the item. */
export const getCosts: OperationSpec = {
	resource: 'account',
	value: 'getCosts',
	name: 'Get Costs',
	action: 'Get the current costs',
	description: 'Read the current price of each operation, in credits (free)',
	method: 'GET',
	path: '/images/costs',
	kind: 'account',
	pick: (body) =>
		body.costs && typeof body.costs === 'object' ? (body.costs as IDataObject) : body,
};
