import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { animate } from './animate';
import { generateVideo } from './generate';

export const videoOperations: OperationSpec[] = [generateVideo, animate];

export const videoOperation = operationProperty(CHUB, 'video', videoOperations, 'generateVideo');
