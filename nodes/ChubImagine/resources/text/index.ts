import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { complete } from './complete';

export const textOperations: OperationSpec[] = [complete];

export const textOperation = operationProperty(CHUB, 'text', textOperations, 'complete');
