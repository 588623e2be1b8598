import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../routing/jobOperation';
import { operationOption } from '../../routing/jobOperation';
import { imagine } from './imagine';

export const imageOperations: OperationSpec[] = [imagine];

export const imageOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['image'] } },
	options: imageOperations.map(operationOption),
	default: 'imagine',
};
