import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { THENEXTLEG } from '../../provider';
import { blend } from './blend';
import { button } from './button';
import { describe } from './describe';
import { getImage } from './getImage';
import { imagine } from './imagine';
import { seed, seedInstant } from './seed';

/** In the order the editor lists them (by name). */
export const imageOperations: OperationSpec[] = [blend, describe, getImage, seed, seedInstant, imagine, button];

export const imageOperation = operationProperty(THENEXTLEG, 'image', imageOperations, 'imagine');
