import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { getTask } from './get';

export const taskOperations: OperationSpec[] = [getTask];

export const taskOperation = operationProperty(CHUB, 'task', taskOperations, 'getTask');
