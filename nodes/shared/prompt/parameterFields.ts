import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { PromptRuleSet } from './providers';
import { LEGNEXT_RULES } from './providers';

/**
 * The "Midjourney Parameters" collection, built for a provider's table (providers.ts).
 *
 * With parameter rules (Legnext): ranges, value lists and model notes come from legnext.md
 * "Model Parameter Comparison" and "Image Generation Parameter List"; modelRules.ts enforces
 * them (expressions can bypass the editor's min/max). Defaults are the documented defaults
 * where the docs give one (stylize 100, chaos 0, weird 0, quality 1, stop 100, iw 1).
 *
 * Without (APIFRAME, TheNextLeg: their docs rule on no Midjourney parameter): the same fields,
 * sent the same way, but nothing from legnext.md is presented as that provider's rule: no
 * per-model notes, no editor ranges, and Version, Quality and Style Version are free values
 * (Version as text such as "6.1" or "niji 6") instead of Legnext's lists. The provider decides.
 * The Speed field offers the table's speeds.
 */
export function midjourneyParameters(
	displayOptions?: IDisplayOptions,
	rules: PromptRuleSet = LEGNEXT_RULES,
): INodeProperties {
	const options = LEGNEXT_OPTIONS.map((option) => {
		if (rules.parameterRules) return option;
		return option.name === 'speed' ? openSpeedField(rules) : openField(option);
	});
	return {
		displayName: 'Midjourney Parameters',
		name: 'mjParameters',
		type: 'collection',
		placeholder: 'Add Parameter',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options,
	};
}

const SPEEDS: Readonly<Record<string, INodePropertyOptions>> = {
	fast: { name: 'Fast', value: 'fast', description: 'Fast GPU mode (--fast)' },
	relax: { name: 'Relax', value: 'relax', description: 'Relax GPU mode, slower (--relax)' },
	turbo: { name: 'Turbo', value: 'turbo', description: 'Turbo GPU mode, faster (--turbo)' },
};

// The Speed field for a table without parameter rules: Default plus the table's speeds.
function openSpeedField(rules: PromptRuleSet): INodeProperties {
	return {
		displayName: 'Speed',
		name: 'speed',
		type: 'options',
		options: [
			{
				name: 'Default',
				value: 'default',
				description: "Send no speed flag; the provider's default applies",
			},
			...[...rules.speeds].sort().map((speed) => SPEEDS[speed] ?? { name: speed, value: speed }),
		],
		default: 'default',
		description: 'GPU speed mode',
	};
}

// Descriptions without legnext.md's ranges and model notes, for tables without parameter rules.
const OPEN_DESCRIPTIONS: Readonly<Record<string, string>> = {
	aspectRatio: 'Width:height such as 16:9, 2:3 or 9:16 (--ar)',
	chaos: 'How varied the four results are (--chaos)',
	characterReference: 'Image URLs of a character to keep, separated by spaces or commas (--cref)',
	characterWeight: 'How closely to follow the character reference (--cw)',
	draft: 'Whether to render a fast draft (--draft)',
	experimental: 'Experimental aesthetic (--exp), sent with the value given',
	hd: 'Whether to render in HD (--hd)',
	imageWeight: 'Influence of the image URLs at the start of the prompt (--iw)',
	negativePrompt: 'Things to leave out of the image (--no)',
	omniReference: 'Image URL of a person or object to include (--oref)',
	omniWeight: 'How closely to follow the omni reference (--ow)',
	quality: 'Detail versus GPU time (--quality)',
	raw: 'Whether to reduce the default Midjourney styling (--raw)',
	seed: 'Starting noise for repeatable results (--seed)',
	stop: 'Finish the image early at this percent (--stop)',
	styleReference: 'Image URLs or a style code whose look to copy (--sref)',
	styleVersion: 'Style reference algorithm (--sv)',
	styleWeight: 'Strength of the style reference (--sw)',
	stylize: 'Strength of the artistic styling (--stylize)',
	tile: 'Whether to make a seamless repeating pattern (--tile)',
	version:
		'Midjourney model, e.g. 6.1 (--v 6.1) or niji 6 (--niji 6); sent as typed, the provider decides which it offers',
	weird: 'How unconventional the results are (--weird)',
};

// Legnext's value lists become free values: a number for Quality and Style Version, text for Version.
const OPEN_TYPES: Readonly<Record<string, Partial<INodeProperties>>> = {
	quality: { type: 'number', default: 1 },
	styleVersion: { type: 'number', default: 4 },
	version: { type: 'string', default: '', placeholder: '6.1' },
};

function openField(option: INodeProperties): INodeProperties {
	const out: INodeProperties = {
		...option,
		...OPEN_TYPES[option.name],
		description: OPEN_DESCRIPTIONS[option.name] ?? option.description,
	};
	if (OPEN_TYPES[option.name]) delete out.options;
	delete out.hint;
	const precision = option.typeOptions?.numberPrecision;
	if (precision === undefined) delete out.typeOptions;
	else out.typeOptions = { numberPrecision: precision };
	return out;
}

// Legnext's fields (legnext.md); openField / openSpeedField derive the other tables' forms.
const LEGNEXT_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'string',
		default: '',
		placeholder: '16:9',
		hint: 'Whole numbers only: write 139:100, not 1.39:1',
		description: 'Width:height such as 16:9, 2:3 or 9:16 (--ar); all models',
	},
	{
		displayName: 'Chaos',
		name: 'chaos',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 100 },
		description: 'How varied the four results are, 0-100 (--chaos); all models',
	},
	{
		displayName: 'Character Reference',
		name: 'characterReference',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/character.png',
		description:
			'Image URLs of a character to keep, separated by spaces or commas (--cref); V6, V6.1, V7 and Niji 6 only',
	},
	{
		// The docs give no range for --cw, so none is enforced here or in modelRules.ts.
		displayName: 'Character Weight',
		name: 'characterWeight',
		type: 'number',
		default: 100,
		description:
			'How closely to follow the character reference (--cw); needs Character Reference; V6, V6.1, V7 and Niji 6 only',
	},
	{
		displayName: 'Draft',
		name: 'draft',
		type: 'boolean',
		default: false,
		// Comparison table: V7 only; parameter list: "V7 and above" (see modelRules.ts).
		description: 'Whether to render a fast draft at half the GPU cost (--draft); V7 and above',
	},
	{
		displayName: 'Experimental',
		name: 'experimental',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 100 },
		description:
			'V7: experimental aesthetic strength 0-100 (--exp); V8 and V8.1: any value above 0 adds --exp; not on V6, V6.1 or Niji 6',
	},
	{
		displayName: 'HD',
		name: 'hd',
		type: 'boolean',
		default: false,
		description:
			'Whether to render natively at 2K (--hd); V8 at 4x cost, V8.1 is HD already, no other model',
	},
	{
		displayName: 'Image Weight',
		name: 'imageWeight',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0, maxValue: 3, numberPrecision: 2 },
		description: 'Influence of the image URLs at the start of the prompt, 0-3 (--iw); all models',
	},
	{
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		default: '',
		placeholder: 'text, watermark, blurry',
		description: 'Things to leave out of the image (--no); V6.1, V7 and V8 only',
	},
	{
		displayName: 'Omni Reference',
		name: 'omniReference',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/object.png',
		description: 'One image URL of a person or object to include (--oref); V7 and V8 only',
	},
	{
		// The docs give no range for --ow, so none is enforced here or in modelRules.ts.
		displayName: 'Omni Weight',
		name: 'omniWeight',
		type: 'number',
		default: 100,
		description:
			'How closely to follow the omni reference (--ow); needs Omni Reference; V7 and V8 only',
	},
	{
		// 0.25 appears in the general parameter list, but no model in the comparison table
		// accepts it, so offering it would always fail validation.
		displayName: 'Quality',
		name: 'quality',
		type: 'options',
		options: [
			{ name: '0.5', value: '0.5', description: 'V6.1 and Niji 6' },
			{ name: '1', value: '1', description: 'Default; all models except V8.1' },
			{ name: '2', value: '2', description: 'V6, V6.1, V7, V8 and Niji 6' },
			{ name: '4', value: '4', description: 'V7, and V8 at 4x cost' },
		],
		default: '1',
		description: 'Detail versus GPU time (--quality); not on V8.1',
	},
	{
		displayName: 'Raw Mode',
		name: 'raw',
		type: 'boolean',
		default: false,
		description: 'Whether to reduce the default Midjourney styling (--raw); all models',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 4294967295 },
		description: 'Starting noise for repeatable results, 0-4294967295 (--seed); all models',
	},
	{
		// Relax is not offered: the API does not support it ("Supported Speed Modes").
		displayName: 'Speed',
		name: 'speed',
		type: 'options',
		options: [
			{
				name: 'Default',
				value: 'default',
				description: 'Send no speed flag; the API uses fast',
			},
			{ name: 'Fast', value: 'fast', description: 'Usually done within a minute (--fast)' },
			{
				name: 'Turbo',
				value: 'turbo',
				description: 'Up to 4x faster at double GPU cost (--turbo); not on V8 or V8.1',
			},
		],
		default: 'default',
		description: 'GPU speed mode; relax mode is not supported by the API',
	},
	{
		displayName: 'Stop',
		name: 'stop',
		type: 'number',
		default: 100,
		typeOptions: { minValue: 10, maxValue: 100 },
		description: 'Finish the image early at this percent, 10-100 (--stop); not on V8.1',
	},
	{
		displayName: 'Style Reference',
		name: 'styleReference',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/style1.png https://example.com/style2.png',
		description:
			'Image URLs whose look to copy, separated by spaces or commas (--sref); all models',
	},
	{
		displayName: 'Style Version',
		name: 'styleVersion',
		type: 'options',
		options: [
			{ name: '1', value: '1', description: 'All models' },
			{ name: '2', value: '2', description: 'All models' },
			{ name: '3', value: '3', description: 'All models' },
			{ name: '4', value: '4', description: 'All models' },
			{ name: '6', value: '6', description: 'V8 only, legacy and more accurate, 4x cost' },
		],
		default: '4',
		description: 'Style reference algorithm (--sv); 1-4 on every model, 6 on V8 only',
	},
	{
		displayName: 'Style Weight',
		name: 'styleWeight',
		type: 'number',
		default: 100,
		typeOptions: { minValue: 0, maxValue: 1000 },
		description: 'Strength of the style reference, 0-1000 (--sw); all models',
	},
	{
		displayName: 'Stylize',
		name: 'stylize',
		type: 'number',
		default: 100,
		typeOptions: { minValue: 0, maxValue: 1000 },
		description: 'Strength of the artistic styling, 0-1000 (--stylize); all models',
	},
	{
		displayName: 'Tile',
		name: 'tile',
		type: 'boolean',
		default: false,
		description: 'Whether to make a seamless repeating pattern (--tile); all models',
	},
	{
		displayName: 'Version',
		name: 'version',
		type: 'options',
		options: [
			{
				name: 'Niji 6',
				value: 'niji6',
				description: 'Anime and illustration model (--niji 6)',
			},
			{ name: 'V6', value: '6' },
			{ name: 'V6.1', value: '6.1' },
			{ name: 'V7', value: '7', description: 'The default model' },
			{
				name: 'V8',
				value: '8',
				description: 'Pro plan; to be retired soon after V8.1 is stable',
			},
			{ name: 'V8.1', value: '8.1', description: 'Pro plan; HD by default' },
		],
		default: '7',
		description: 'Midjourney model (--v, --niji); V7 when set neither here nor in the prompt',
	},
	{
		displayName: 'Weird',
		name: 'weird',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 3000 },
		description: 'How unconventional the results are, 0-3000 (--weird); all models',
	},
];
