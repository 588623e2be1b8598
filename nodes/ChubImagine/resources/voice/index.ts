import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { cloneVoice } from './clone';
import { deleteVoice } from './delete';
import { getVoices } from './getMany';

export const voiceOperations: OperationSpec[] = [cloneVoice, getVoices, deleteVoice];

export const voiceOperation = operationProperty(CHUB, 'voice', voiceOperations, 'cloneVoice');
