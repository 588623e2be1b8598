import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { getCosts } from './getCosts';
import { getGenerations } from './getGenerations';

export const accountOperations: OperationSpec[] = [getCosts, getGenerations];

export const accountOperation = operationProperty(CHUB, 'account', accountOperations, 'getCosts');
