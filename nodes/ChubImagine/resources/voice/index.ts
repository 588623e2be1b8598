import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { cloneVoice } from './clone';
import { deleteVoice } from './delete';
import { getVoices } from './getMany';

// Alphabetical by name, as the editor lists them.
export const voiceOperations: OperationSpec[] = [cloneVoice, deleteVoice, getVoices];

export const voiceOperation = operationProperty(CHUB, 'voice', voiceOperations, 'cloneVoice');
