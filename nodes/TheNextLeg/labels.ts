import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { checkText, failField } from '../shared/operation/validate';

/**
 * Button and settings labels. TheNextLeg wants a button "exactly as received" in the previous
 * message's `buttons`, emoji included (docs /v2/buttons; thenextleg-v2.md §4), so labels are
 * sent byte for byte, never trimmed or normalised.
 */

/** docs imagine / get-message: a grid's buttons. */
export const GRID_BUTTONS = ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4'];
/** The seed flow's button (docs /v2/seed). Midjourney shows it as a reaction, so no `buttons` list names it. */
export const SEED_BUTTON = '✉️';
/** docs /v2/inpaint: after an upscale; needs `mask` and `prompt`. */
export const VARY_REGION = '🖌️ Vary (Region)';
/** docs /v2/buttons: needs `zoom` (1-2); `ar` and `prompt` optional. */
export const CUSTOM_ZOOM = 'Custom Zoom';

/** A label the user types (or maps with an expression) instead of picking one. */
export const CUSTOM = '__custom';

/**
 * The labels the docs and SDKs name. Zoom, pan and vary labels exist but no source spells them
 * (thenextleg-v2.md §4): those are typed under "Other".
 */
const BUTTON_CHOICES = [
	...['U1', 'U2', 'U3', 'U4'].map((label) => ({ name: `${label} (Upscale Image ${label[1]})`, value: label })),
	...['V1', 'V2', 'V3', 'V4'].map((label) => ({ name: `${label} (Variations of Image ${label[1]})`, value: label })),
	{ name: '🔄 (Reroll)', value: '🔄' },
	{ name: '🪄 Make Variations (After an Upscale)', value: '🪄 Make Variations' },
	{ name: '❤️ Favorite (After an Upscale)', value: '❤️ Favorite' },
	{ name: `${VARY_REGION} (After an Upscale; Needs Mask and Prompt)`, value: VARY_REGION },
	{ name: 'Custom Zoom (After an Upscale; Needs Zoom)', value: CUSTOM_ZOOM },
	{ name: 'Other (Type the Label)', value: CUSTOM },
];

/** Node SDK `Settings` labels (the docs redact "MJ"): what POST /settings toggles. */
const SETTINGS_LABELS = [
	'Base quality',
	'Fast mode',
	'Half quality',
	'High quality (2x cost)',
	'MJ Test',
	'MJ Test Photo',
	'MJ version 1',
	'MJ version 2',
	'MJ version 3',
	'MJ version 4',
	'MJ version 5',
	'Niji version 4',
	'Niji version 5',
	'Public mode',
	'Relax mode',
	'Remix mode',
	'Reset Settings',
	'Stealth mode',
	'Style high',
	'Style low',
	'Style med',
	'Style very high',
];

const SETTING_CHOICES = [
	...SETTINGS_LABELS.map((label) => ({ name: label, value: label })),
	{ name: 'Other (Type the Label)', value: CUSTOM },
];

/** The label picked from a list, or typed in a second field when "Other" is picked. */
function withCustom(
	picker: INodeProperties,
	custom: { name: string; displayName: string; description: string },
): INodeProperties[] {
	return [
		picker,
		{
			displayName: custom.displayName,
			name: custom.name,
			type: 'string',
			default: '',
			required: true,
			description: custom.description,
			displayOptions: { show: { [picker.name]: [CUSTOM] } },
		},
	];
}

export const buttonFields = withCustom(
	{
		displayName: 'Button',
		name: 'button',
		type: 'options',
		options: BUTTON_CHOICES,
		default: 'U1',
		required: true,
		description:
			"The button to press, as the source message lists it in `buttons`. When the incoming item is that message, the node checks the label against its buttons before sending.",
	},
	{
		name: 'customButton',
		displayName: 'Button Label',
		description:
			'Exactly as the source message lists it, emoji included (for example "Zoom Out 2x" or "⬅️"). Use an expression to take it from the incoming item, e.g. {{ $json.buttons[0] }}.',
	},
);

export const settingFields = withCustom(
	{
		displayName: 'Setting',
		name: 'setting',
		type: 'options',
		options: SETTING_CHOICES,
		default: 'Fast mode',
		required: true,
		description: "The settings button to toggle, as Account > Get Settings lists them (the client libraries' labels)",
	},
	{
		name: 'customSetting',
		displayName: 'Setting Label',
		description: 'Exactly as Account > Get Settings lists it in `buttons`',
	},
);

/** The chosen label, as typed (not trimmed): the picked option or the custom text. */
export function chosenLabel(ctx: IExecuteSingleFunctions, field: 'button' | 'setting'): string {
	const picked = ctx.getNodeParameter(field, '') as unknown;
	const custom = field === 'button' ? 'customButton' : 'customSetting';
	const value = picked === CUSTOM ? ctx.getNodeParameter(custom, '') : picked;
	const label = picked === CUSTOM ? (field === 'button' ? 'Button Label' : 'Setting Label') : field === 'button' ? 'Button' : 'Setting';
	return checkText(ctx, value, label);
}

const isObject = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * The buttons of the message `buttonMessageId` as the incoming item shows them, when it is that
 * message: this node's or the trigger's output (`buttons`), a raw message (`raw`), or the body a
 * Wait node received (`body`, `body.response`). Undefined when the item is another message.
 */
export function knownButtons(item: IDataObject, buttonMessageId: string): string[] | undefined {
	const body = isObject(item.body) ? item.body : undefined;
	const candidates = [item, item.raw, body, body?.response].filter(isObject);
	const message = candidates.find((candidate) => candidate.buttonMessageId === buttonMessageId);
	return message && Array.isArray(message.buttons) ? message.buttons.filter((b): b is string => typeof b === 'string') : undefined;
}

/**
 * The label must be one of the source message's own buttons, where the node knows them (the
 * docs: "Send in any button seen in your previous response"). The seed button ✉️ is the one
 * exception: a reaction no `buttons` list names.
 */
export function checkAgainstButtons(ctx: IExecuteSingleFunctions, label: string, buttonMessageId: string): void {
	const known = knownButtons(ctx.getInputData()?.json ?? {}, buttonMessageId);
	if (!known || label === SEED_BUTTON || known.includes(label)) return;
	const field = ctx.getNodeParameter('button', '') === CUSTOM ? 'Button Label' : 'Button';
	failField(
		ctx,
		field,
		`"${label}" is not one of this message's buttons (${known.length ? known.join(', ') : 'it has none'})`,
		'Pick a button the source message lists, exactly as listed (emoji included). Nothing was sent.',
	);
}
