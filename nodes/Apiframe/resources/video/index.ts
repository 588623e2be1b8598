import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { APIFRAME } from '../../provider';
import { extendVideo } from './extendVideo';
import { imagineVideo } from './imagineVideo';

/** In the order the editor lists them (by name). */
export const videoOperations: OperationSpec[] = [extendVideo, imagineVideo];

export const videoOperation = operationProperty(APIFRAME, 'video', videoOperations, 'imagineVideo');
