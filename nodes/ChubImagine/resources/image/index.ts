import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { imageToImage } from './imageToImage';
import { inpaint } from './inpaint';
import { removeBackground } from './removeBackground';
import { textToImage } from './textToImage';
import { upscale } from './upscale';

// Alphabetical by name, as the editor lists them.
export const imageOperations: OperationSpec[] = [
	imageToImage,
	inpaint,
	removeBackground,
	textToImage,
	upscale,
];

export const imageOperation = operationProperty(CHUB, 'image', imageOperations, 'textToImage');
