import { operationProperty } from '../../../shared/operation/spec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { CHUB } from '../../provider';
import { imageToImage } from './imageToImage';
import { inpaint } from './inpaint';
import { removeBackground } from './removeBackground';
import { textToImage } from './textToImage';
import { upscale } from './upscale';

export const imageOperations: OperationSpec[] = [
	textToImage,
	imageToImage,
	upscale,
	inpaint,
	removeBackground,
];

export const imageOperation = operationProperty(CHUB, 'image', imageOperations, 'textToImage');
