import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { THENEXTLEG } from '../../provider';
import { info } from './info';
import { getSettings, toggleSetting } from './settings';
import { switchMode } from './switchMode';

/** In the order the editor lists them (by name). */
export const accountOperations: OperationSpec[] = [info, getSettings, switchMode, toggleSetting];

export const accountOperation = operationProperty(THENEXTLEG, 'account', accountOperations, 'info');
