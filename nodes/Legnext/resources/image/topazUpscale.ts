import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkImageUrl,
	checkJobId,
	imageNoField,
	imageUrlField,
	jobIdField,
	optionsField,
} from '../shared/fields';
import { jobSpec } from '../../../shared/operation/jobSpec';

/**
 * POST /v1/enhance-upscale (legnext.md, "Topaz Upscale Image"): an image URL, or a job and
 * one of its images. Every setting is sent, with the documented default unless changed. The
 * documented synonyms (jpg, tif, none) are not offered: they repeat jpeg, tiff and off.
 */
const fromUrl = { show: { topazSource: ['imageUrl'] } };
const fromJob = { show: { topazSource: ['job'] } };

/** [body property, parameter name, display name, options, documented default] */
const SETTINGS: Array<[string, string, string, INodeProperties['options'], string]> = [
	[
		'target_resolution',
		'topazResolution',
		'Target Resolution',
		[
			{ name: '12K', value: '12K', description: '12288 px long edge, 540 credits' },
			{ name: '2K', value: '2K', description: '2560 px long edge, 120 credits' },
			{ name: '4K', value: '4K', description: '3840 px long edge, 160 credits' },
			{ name: '6K', value: '6K', description: '6144 px long edge, 200 credits' },
			{ name: '8K', value: '8K', description: '7680 px long edge, 300 credits' },
			{ name: 'FHD', value: 'FHD', description: '1920 px long edge, 120 credits' },
			{ name: 'HD', value: 'HD', description: '1920 px long edge, 120 credits' },
		],
		'2K',
	],
	[
		'content_type',
		'topazContentType',
		'Content Type',
		[
			{ name: 'Illustration', value: 'illustration', description: 'Digital art, CGI, drawings' },
			{ name: 'Low Resolution', value: 'low_res', description: 'Very low quality sources' },
			{ name: 'Photo', value: 'photo', description: 'Photographs, realistic images' },
			{ name: 'Standard', value: 'standard', description: 'General purpose, mixed content' },
			{ name: 'Text', value: 'text', description: 'Documents, screenshots with text' },
		],
		'standard',
	],
	[
		'aspect_ratio',
		'topazAspectRatio',
		'Aspect Ratio',
		[
			...['1:1', '16:9', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16'].map((r) => ({ name: r, value: r })),
			{ name: 'Keep', value: 'keep' },
		],
		'keep',
	],
	[
		'crop_mode',
		'topazCropMode',
		'Crop Mode',
		[
			{ name: 'Crop', value: 'crop' },
			{ name: 'Letterbox', value: 'letterbox' },
			{ name: 'Stretch', value: 'stretch' },
		],
		'letterbox',
	],
	[
		'output_format',
		'topazOutputFormat',
		'Output Format',
		[
			{ name: 'JPEG', value: 'jpeg' },
			{ name: 'PNG', value: 'png' },
			{ name: 'TIFF', value: 'tiff' },
		],
		'jpeg',
	],
	[
		'face_enhancement_level',
		'topazFaceEnhancement',
		'Face Enhancement',
		[
			{ name: 'Moderate', value: 'moderate', description: 'Balanced enhancement' },
			{ name: 'Off', value: 'off', description: 'No faces in the image' },
			{ name: 'Strong', value: 'strong', description: 'Aggressive, for low-quality faces' },
			{ name: 'Subtle', value: 'subtle', description: 'Gentle, for natural portraits' },
		],
		'moderate',
	],
];

export const topazUpscale = jobSpec('image', {
	value: 'topazUpscale',
	name: 'Topaz Upscale',
	action: 'Upscale an image with Topaz',
	description:
		'Upscale an image URL or a job image up to 12K with Topaz (120-540 credits by resolution)',
	path: '/v1/enhance-upscale',
	fields: [
		{
			displayName: 'Source',
			name: 'topazSource',
			type: 'options',
			options: [
				{ name: 'Image URL', value: 'imageUrl', description: 'Any public JPEG, PNG or TIFF up to 100 MB' },
				{ name: 'Job Image', value: 'job', description: 'An image of a finished Legnext job' },
			],
			default: 'imageUrl',
		},
		{
			...imageUrlField('The image to upscale (JPEG, PNG or TIFF, up to 100 MB)', { property: 'image_url' }),
			displayOptions: fromUrl,
		},
		{ ...jobIdField('The job whose image to upscale'), displayOptions: fromJob },
		{
			...imageNoField('Which image of the job; Image 1 for a single-image job such as an upscale'),
			displayOptions: fromJob,
		},
		...SETTINGS.map(([property, name, displayName, options, defaultValue]) =>
			optionsField(property, { displayName, name, options, default: defaultValue }),
		),
	],
	check(this: IExecuteSingleFunctions) {
		if (this.getNodeParameter('topazSource', 'imageUrl') === 'job') checkJobId(this);
		else checkImageUrl(this);
	},
});
