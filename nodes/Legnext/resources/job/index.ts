import type { OperationSpec } from '../../routing/jobOperation';
import { operationProperty } from '../../routing/jobOperation';
import { getJob } from './get';

export const jobOperations: OperationSpec[] = [getJob];

export const jobOperation = operationProperty('job', jobOperations, 'get');
