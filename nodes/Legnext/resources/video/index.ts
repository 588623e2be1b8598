import type { OperationSpec } from '../../../shared/operation/spec';
import { LEGNEXT } from '../../provider';
import { operationProperty } from '../../../shared/operation/spec';
import { extendVideo } from './extend';
import { generateVideo } from './generate';
import { upscaleVideo } from './upscale';

/** In the order the editor lists them (by name). */
export const videoOperations: OperationSpec[] = [extendVideo, generateVideo, upscaleVideo];

export const videoOperation = operationProperty(LEGNEXT, 'video', videoOperations, 'videoDiffusion');
