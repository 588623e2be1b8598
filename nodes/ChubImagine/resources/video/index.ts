import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { animate } from './animate';
import { generateVideo } from './generate';

// Alphabetical by name, as the editor lists them.
export const videoOperations: OperationSpec[] = [animate, generateVideo];

export const videoOperation = operationProperty(CHUB, 'video', videoOperations, 'generateVideo');
