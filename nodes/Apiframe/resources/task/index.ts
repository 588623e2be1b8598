import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { APIFRAME } from '../../provider';
import { getTask } from './get';
import { getManyTasks } from './getMany';

export const taskOperations: OperationSpec[] = [getTask, getManyTasks];

export const taskOperation = operationProperty(APIFRAME, 'task', taskOperations, 'getTask');
