import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { checkHttpUrl, checkIntegerList, checkNumber, failField } from '../../../shared/operation/validate';
import { bodyFrom } from '../../../shared/operation/jobSpec';

/**
 * The Mask of Inpaint, Edit and Upload Paint (legnext.md, "Data Types" > Mask / Polygon):
 * polygon `areas` or a black-and-white mask image `url` (white is repainted).
 */
type MaskSource = 'areas' | 'url' | 'none';

interface AreaValues {
	width?: unknown;
	height?: unknown;
	points?: unknown;
}

const AREAS = 'Mask Areas';
const POLYGON_SIZE = { min: 500, max: 4096, integer: true };

const MASK_SOURCE: INodeProperties = {
	displayName: 'Mask',
	name: 'maskSource',
	type: 'options',
	options: [
		{ name: 'Mask Image URL', value: 'url', description: 'A black-and-white image: white areas are repainted' },
		{ name: 'Polygon Areas', value: 'areas', description: 'One or more polygons drawn on the image' },
	],
	default: 'areas',
	description: 'Which parts of the image to repaint',
};

/** Edit's mask is optional: "No Mask" is offered there, and is its default. */
function optionalMaskSource(): INodeProperties {
	const [url, areas] = MASK_SOURCE.options as INodePropertyOptions[];
	return { ...MASK_SOURCE, options: [url, { name: 'No Mask', value: 'none' }, areas], default: 'none' };
}

export function maskFields(required: boolean): INodeProperties[] {
	return [
		required ? MASK_SOURCE : optionalMaskSource(),
		{
			displayName: AREAS,
			name: 'maskAreas',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Area',
			default: {},
			displayOptions: { show: { maskSource: ['areas'] } },
			options: [
				{
					displayName: 'Area',
					name: 'area',
					values: [
						{
							displayName: 'Image Width',
							name: 'width',
							type: 'number',
							typeOptions: { minValue: 500, maxValue: 4096 },
							default: 1024,
							description: 'Width in pixels of the image the points refer to (500-4096)',
						},
						{
							displayName: 'Image Height',
							name: 'height',
							type: 'number',
							typeOptions: { minValue: 500, maxValue: 4096 },
							default: 1024,
							description: 'Height in pixels of the image the points refer to (500-4096)',
						},
						{
							displayName: 'Points',
							name: 'points',
							type: 'string',
							default: '',
							placeholder: '10,10, 10,100, 100,100, 100,10',
							description:
								'Polygon corners as x,y pairs in pixels, clockwise from the top left (at least 3 corners)',
						},
					],
				},
			],
		},
		{
			displayName: 'Mask Image URL',
			name: 'maskUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/mask.png',
			description: 'Black-and-white mask image, same size as the image: white areas are repainted',
			displayOptions: { show: { maskSource: ['url'] } },
		},
	];
}

function polygon(ctx: IExecuteSingleFunctions, area: AreaValues, index: number): IDataObject {
	const field = `${AREAS} > Area ${index + 1}`;
	const width = checkNumber(ctx, area.width, `${field} > Image Width`, POLYGON_SIZE);
	const height = checkNumber(ctx, area.height, `${field} > Image Height`, POLYGON_SIZE);
	const points = checkIntegerList(ctx, area.points, `${field} > Points`, { min: 0 });
	if (points.length < 6 || points.length % 2 !== 0) {
		failField(ctx, `${field} > Points`, `needs x,y pairs for at least 3 corners, got ${points.length} numbers`);
	}
	// The docs are silent on bounds; a corner outside the image it is measured on is surely a mistake.
	points.forEach((value, i) => {
		const [axis, limit] = i % 2 === 0 ? ['x', width] : ['y', height];
		if (value > limit) {
			failField(ctx, `${field} > Points`, `corner ${Math.floor(i / 2) + 1} has ${axis} = ${value}, outside ${width}x${height}`);
		}
	});
	return { width, height, points };
}

/** The validated Mask object, or undefined for "No Mask". Used by the check and the body alike. */
export function maskFrom(ctx: IExecuteSingleFunctions): IDataObject | undefined {
	const source = ctx.getNodeParameter('maskSource', 'none') as MaskSource;
	if (source === 'url') {
		return { url: checkHttpUrl(ctx, ctx.getNodeParameter('maskUrl', ''), 'Mask Image URL') };
	}
	if (source !== 'areas') return undefined;
	const { area = [] } = ctx.getNodeParameter('maskAreas', {}) as { area?: AreaValues[] };
	if (!area.length) failField(ctx, AREAS, 'add at least one area, or choose Mask Image URL');
	return { areas: area.map((values, index) => polygon(ctx, values, index)) };
}

export const sendMask = bodyFrom('mask', function (this: IExecuteSingleFunctions) {
	return maskFrom(this);
});
