import { bodyOption } from '../shared/fields';
import { generation } from '../shared/generation';

const threshold = (
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

/**
 * POST /images/removebg_mask (imagine-api.txt): image plus rembg-style alpha matting knobs. The
 * seed's example values are placeholders (0); the defaults shown when a knob is added are rembg's.
 */
export const removeBackground = generation('image', {
	value: 'removeBackground',
	name: 'Remove Background',
	action: 'Remove the background of an image',
	description: 'Cut the subject out of an image (about 5 credits)',
	images: [
		{
			name: 'image',
			label: 'Image',
			property: 'image',
			required: true,
			description: 'The image to cut out',
		},
	],
	options: [
		bodyOption('alpha_matting', {
			displayName: 'Alpha Matting',
			name: 'alphaMatting',
			type: 'boolean',
			default: false,
			description: 'Whether to refine the edges with alpha matting',
		}),
		threshold(
			'alpha_matting_foreground_threshold',
			'Foreground Threshold',
			'foregroundThreshold',
			240,
			'Alpha matting foreground threshold (rembg default 240)',
		),
		threshold(
			'alpha_matting_background_threshold',
			'Background Threshold',
			'backgroundThreshold',
			10,
			'Alpha matting background threshold (rembg default 10)',
		),
		threshold(
			'alpha_matting_erode_size',
			'Erode Size',
			'erodeSize',
			10,
			'Alpha matting erode size (rembg default 10)',
		),
		bodyOption('post_process_mask', {
			displayName: 'Post-Process Mask',
			name: 'postProcessMask',
			type: 'boolean',
			default: false,
			description: 'Whether to smooth the mask',
		}),
	],
});
