import type { OperationSpec } from '../../routing/jobOperation';
import { operationProperty } from '../../routing/jobOperation';
import { extendVideo } from './extend';
import { generateVideo } from './generate';
import { upscaleVideo } from './upscale';

/** In the order the editor lists them (by name). */
export const videoOperations: OperationSpec[] = [extendVideo, generateVideo, upscaleVideo];

export const videoOperation = operationProperty('video', videoOperations, 'videoDiffusion');
