import type { OperationSpec } from '../../../shared/operation/spec';
import { operationProperty } from '../../../shared/operation/spec';
import { APIFRAME } from '../../provider';
import { blend } from './blend';
import { describe } from './describe';
import { faceSwap } from './faceswap';
import { imagine } from './imagine';
import { inpaint } from './inpaint';
import { outpaint } from './outpaint';
import { pan } from './pan';
import { reroll } from './reroll';
import { seed } from './seed';
import { shorten } from './shorten';
import { upscale1x } from './upscale1x';
import { upscaleAlt } from './upscaleAlt';
import { upscaleHighres } from './upscaleHighres';
import { variations } from './variations';

/** In the order the editor lists them (by name). */
export const imageOperations: OperationSpec[] = [
	blend,
	describe,
	faceSwap,
	imagine,
	inpaint,
	outpaint,
	pan,
	reroll,
	seed,
	shorten,
	upscale1x,
	upscaleAlt,
	upscaleHighres,
	variations,
];

export const imageOperation = operationProperty(APIFRAME, 'image', imageOperations, 'imagine');
