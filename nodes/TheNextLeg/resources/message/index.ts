import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { THENEXTLEG } from '../../provider';
import { getMessage } from './get';

export const messageOperations: OperationSpec[] = [getMessage];

export const messageOperation = operationProperty(THENEXTLEG, 'message', messageOperations, 'get');
