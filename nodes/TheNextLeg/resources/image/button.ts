import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { checkNumber, failField } from '../../../shared/operation/validate';
import { buttonFields, checkAgainstButtons, chosenLabel, CUSTOM_ZOOM, VARY_REGION } from '../../labels';
import { buttonMessageIdField, checkButtonMessageId, refField } from '../shared/fields';

function extras(ctx: IExecuteSingleFunctions): IDataObject {
	return (ctx.getNodeParameter('buttonOptions', {}) as IDataObject) ?? {};
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The body fields beyond the label (docs /v2/buttons, /v2/inpaint): `zoom` 1-2 and `ar` for
 * Custom Zoom, `mask` (base64) and `prompt` for Vary (Region), `prompt` for remix-style buttons.
 */
function checked(ctx: IExecuteSingleFunctions): { label: string; buttonMessageId: string; fields: IDataObject } {
	const buttonMessageId = checkButtonMessageId(ctx);
	const label = chosenLabel(ctx, 'button');
	checkAgainstButtons(ctx, label, buttonMessageId);
	const options = extras(ctx);
	const fields: IDataObject = {};
	if (given(options.prompt) && String(options.prompt).trim()) fields.prompt = String(options.prompt).trim();
	if (given(options.zoom)) {
		// docs /v2/buttons: "pass in a value between 1 and 2 for custom zoom".
		fields.zoom = checkNumber(ctx, options.zoom, 'Button Options > Zoom', { min: 1, max: 2 });
	}
	if (given(options.aspectRatio) && String(options.aspectRatio).trim()) fields.ar = String(options.aspectRatio).trim();
	if (given(options.mask) && String(options.mask).trim()) fields.mask = String(options.mask).trim();
	if (label === CUSTOM_ZOOM && fields.zoom === undefined) {
		failField(ctx, 'Button Options > Zoom', 'Custom Zoom needs a zoom between 1 and 2');
	}
	if (label === VARY_REGION && fields.mask === undefined) {
		failField(ctx, 'Button Options > Mask (Base64)', `${VARY_REGION} needs a mask and a prompt`);
	}
	if (label === VARY_REGION && fields.prompt === undefined) {
		failField(ctx, 'Button Options > Prompt', `${VARY_REGION} needs a mask and a prompt`);
	}
	return { label, buttonMessageId, fields };
}

/** POST /button (docs /v2/buttons): press a button of a finished message. */
const spec = jobSpec('image', {
	value: 'button',
	name: 'Press Button',
	action: 'Press a button of a message',
	description: 'Upscale (U1-U4), make variations (V1-V4), reroll (🔄) and the other buttons of a finished message',
	path: '/button',
	fields: [
		{
			displayName: 'Button Options',
			name: 'buttonOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Aspect Ratio',
					name: 'aspectRatio',
					type: 'string',
					default: '',
					placeholder: '1:1',
					description: 'For Custom Zoom: the new aspect ratio, such as 1:1 (`ar`)',
				},
				{
					displayName: 'Mask (Base64)',
					name: 'mask',
					type: 'string',
					default: '',
					description: `For ${VARY_REGION}: the area to change, as a base64 image (\`mask\`)`,
				},
				{
					displayName: 'Prompt',
					name: 'prompt',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
					description: `For ${VARY_REGION} and Custom Zoom (and remix mode): the new prompt (\`prompt\`)`,
				},
				{
					displayName: 'Zoom',
					name: 'zoom',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 2, numberPrecision: 2 },
					default: 1.5,
					description: 'For Custom Zoom: how far to zoom out, 1-2 (`zoom`)',
				},
			],
		},
		refField,
	],
	check(this: IExecuteSingleFunctions) {
		checked(this);
	},
	build: [
		async function (this: IExecuteSingleFunctions, requestOptions) {
			const { label, buttonMessageId, fields } = checked(this);
			// The label goes out exactly as chosen: no trimming (it must match byte for byte).
			requestOptions.body = { ...(requestOptions.body as IDataObject), button: label, buttonMessageId, ...fields };
			return requestOptions;
		},
	],
});

// The label fields are checked by chosenLabel, not against their options list: an expression may
// name any label the source message lists, and the docs do not spell them all (thenextleg-v2.md §4).
export const button = { ...spec, fields: [buttonMessageIdField, ...buttonFields, ...(spec.fields ?? [])] };
