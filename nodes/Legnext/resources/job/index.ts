import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../routing/jobOperation';
import { operationOption } from '../../routing/jobOperation';
import { getJob } from './get';

export const jobOperations: OperationSpec[] = [getJob];

export const jobOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['job'] } },
	options: jobOperations.map(operationOption),
	default: 'get',
};
