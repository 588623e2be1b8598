import type { INodeProperties } from 'n8n-workflow';

import { bodyOption } from './fields';

/**
 * Optional body fields several endpoints share, with the seed's defaults (imagine-api.txt). They
 * are sent only when added under Additional Fields, so the API's own defaults apply otherwise.
 * No ranges are enforced: the seed gives types (whole numbers are checked as such), not limits.
 */

export const negativePrompt = (description = 'What the result should not show') =>
	bodyOption('negative_prompt', {
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		default: '',
		description,
	});

const wholeNumber = (
	property: string,
	displayName: string,
	name: string,
	defaultValue: number,
	description: string,
) =>
	bodyOption(property, {
		displayName,
		name,
		type: 'number',
		typeOptions: { numberPrecision: 0 },
		default: defaultValue,
		description,
	});

export const width = () =>
	wholeNumber('width', 'Width', 'width', 1024, 'Width in pixels (seed default 1024)');
export const height = () =>
	wholeNumber('height', 'Height', 'height', 1024, 'Height in pixels (seed default 1024)');
export const steps = (defaultValue: number) =>
	wholeNumber(
		'num_inference_steps',
		'Steps',
		'steps',
		defaultValue,
		`Inference steps (num_inference_steps, seed default ${defaultValue})`,
	);

export const guidanceScale = () =>
	bodyOption('guidance_scale', {
		displayName: 'Guidance Scale',
		name: 'guidanceScale',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 3.5,
		description: 'How closely to follow the prompt (seed default 3.5)',
	});

/**
 * The seed gives `aspect_ratio: null` and no list; these are the Stages SDK's AspectRatio values
 * (chub-imagine.md §1, C1). An expression may send another value: the API decides.
 */
const ASPECT_RATIOS = ['1:1', '16:9', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21'];

export const aspectRatio = () =>
	bodyOption('aspect_ratio', {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
		default: '1:1',
		description: 'Shape of the result; wins over width and height',
	});

export const removeBackground = () =>
	bodyOption('remove_background', {
		displayName: 'Remove Background',
		name: 'removeBackground',
		type: 'boolean',
		default: false,
		description: 'Whether to remove the background of the result',
	});

export const strength = (description: string) =>
	bodyOption('strength', {
		displayName: 'Strength',
		name: 'strength',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 0.7,
		description,
	});

/** What every prompt-driven image and video endpoint takes (text2img's optional fields). */
export const promptedOptions = (defaultSteps = 50): INodeProperties[] => [
	negativePrompt(),
	width(),
	height(),
	steps(defaultSteps),
	guidanceScale(),
	aspectRatio(),
];

/** /images/animate and /video: frames, loop, frame rate (seed defaults 12, false, 8). */
export const motionOptions = (): INodeProperties[] => [
	wholeNumber(
		'num_frames',
		'Number of Frames',
		'numFrames',
		12,
		'Frames to generate (num_frames, seed default 12)',
	),
	bodyOption('loop', {
		displayName: 'Loop',
		name: 'loop',
		type: 'boolean',
		default: false,
		description: 'Whether the video should loop',
	}),
	wholeNumber('fps_id', 'FPS ID', 'fpsId', 8, 'Frame rate setting (fps_id, seed default 8)'),
];
