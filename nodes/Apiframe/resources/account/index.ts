import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { APIFRAME } from '../../provider';
import { getAccount } from './get';

export const accountOperations: OperationSpec[] = [getAccount];

export const accountOperation = operationProperty(APIFRAME, 'account', accountOperations, 'getAccount');
