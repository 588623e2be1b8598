import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { generateMusic } from './music';
import { generateSoundEffect } from './soundEffect';
import { speechToText } from './speechToText';
import { textToSpeech } from './textToSpeech';

export const audioOperations: OperationSpec[] = [
	textToSpeech,
	speechToText,
	generateMusic,
	generateSoundEffect,
];

export const audioOperation = operationProperty(CHUB, 'audio', audioOperations, 'textToSpeech');
