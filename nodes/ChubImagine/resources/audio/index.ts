import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { generateMusic } from './music';
import { generateSoundEffect } from './soundEffect';
import { speechToText } from './speechToText';
import { textToSpeech } from './textToSpeech';

// Alphabetical by name, as the editor lists them.
export const audioOperations: OperationSpec[] = [
	generateMusic,
	generateSoundEffect,
	speechToText,
	textToSpeech,
];

export const audioOperation = operationProperty(CHUB, 'audio', audioOperations, 'textToSpeech');
