import type { INodeProperties } from 'n8n-workflow';

import { numberField } from './fields';

/**
 * Canvas and CanvasImg of Edit and Upload Paint (legnext.md, "Data Types"): integer pixels.
 * The docs give no ranges; sizes of at least one pixel is the least a careful client checks.
 * Defaults are the docs' example (512 px image centred on a 1024 px canvas).
 */
const SIZE = { minValue: 1, numberPrecision: 0 };
const OFFSET = { numberPrecision: 0 };

export const canvasFields: INodeProperties[] = [
	numberField('canvas.width', {
		displayName: 'Canvas Width',
		name: 'canvasWidth',
		typeOptions: SIZE,
		default: 1024,
		description: 'Width of the target canvas in pixels',
	}),
	numberField('canvas.height', {
		displayName: 'Canvas Height',
		name: 'canvasHeight',
		typeOptions: SIZE,
		default: 1024,
		description: 'Height of the target canvas in pixels',
	}),
	numberField('imgPos.width', {
		displayName: 'Image Width',
		name: 'imageWidth',
		typeOptions: SIZE,
		default: 512,
		description: 'Width of the image on the canvas in pixels',
	}),
	numberField('imgPos.height', {
		displayName: 'Image Height',
		name: 'imageHeight',
		typeOptions: SIZE,
		default: 512,
		description: 'Height of the image on the canvas in pixels',
	}),
	numberField('imgPos.x', {
		displayName: 'Image X',
		name: 'imageX',
		typeOptions: OFFSET,
		default: 256,
		description: 'Horizontal offset of the image from the top left of the canvas, in pixels',
	}),
	numberField('imgPos.y', {
		displayName: 'Image Y',
		name: 'imageY',
		typeOptions: OFFSET,
		default: 256,
		description: 'Vertical offset of the image from the top left of the canvas, in pixels',
	}),
];
