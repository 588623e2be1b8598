import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { updateProject } from './update';

export const projectOperations: OperationSpec[] = [updateProject];

export const projectOperation = operationProperty(
	CHUB,
	'project',
	projectOperations,
	'updateProject',
);
