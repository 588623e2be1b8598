import type { OperationSpec } from '../../../shared/operation/spec';
import { LEGNEXT } from '../../provider';
import { operationProperty } from '../../../shared/operation/spec';
import { getJob } from './get';

export const jobOperations: OperationSpec[] = [getJob];

export const jobOperation = operationProperty(LEGNEXT, 'job', jobOperations, 'get');
