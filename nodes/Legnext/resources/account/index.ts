import type { OperationSpec } from '../../../shared/operation/spec';
import { LEGNEXT } from '../../provider';
import { operationProperty } from '../../../shared/operation/spec';
import { getBalance } from './getBalance';

export const accountOperations: OperationSpec[] = [getBalance];

export const accountOperation = operationProperty(LEGNEXT, 'account', accountOperations, 'getBalance');
