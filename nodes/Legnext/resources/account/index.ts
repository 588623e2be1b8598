import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../routing/jobOperation';
import { operationOption } from '../../routing/jobOperation';
import { getBalance } from './getBalance';

export const accountOperations: OperationSpec[] = [getBalance];

export const accountOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: accountOperations.map(operationOption),
	default: 'getBalance',
};
