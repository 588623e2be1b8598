import type { OperationSpec } from '../../routing/jobOperation';
import { operationProperty } from '../../routing/jobOperation';
import { getBalance } from './getBalance';

export const accountOperations: OperationSpec[] = [getBalance];

export const accountOperation = operationProperty('account', accountOperations, 'getBalance');
