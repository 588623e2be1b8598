import type { OperationSpec } from '../../../shared/operation/spec';
import { LEGNEXT } from '../../provider';
import { operationProperty } from '../../../shared/operation/spec';
import { blend } from './blend';
import { describe } from './describe';
import { edit } from './edit';
import { enhance } from './enhance';
import { imagine } from './imagine';
import { inpaint } from './inpaint';
import { outpaint } from './outpaint';
import { pan } from './pan';
import { remix } from './remix';
import { removeBackground } from './removeBackground';
import { reroll } from './reroll';
import { retexture } from './retexture';
import { shorten } from './shorten';
import { topazUpscale } from './topazUpscale';
import { uploadPaint } from './uploadPaint';
import { upscale } from './upscale';
import { variation } from './variation';

/** In the order the editor lists them (by name). */
export const imageOperations: OperationSpec[] = [
	blend,
	describe,
	edit,
	enhance,
	imagine,
	inpaint,
	outpaint,
	pan,
	remix,
	removeBackground,
	reroll,
	retexture,
	shorten,
	topazUpscale,
	uploadPaint,
	upscale,
	variation,
];

export const imageOperation = operationProperty(LEGNEXT, 'image', imageOperations, 'imagine');
