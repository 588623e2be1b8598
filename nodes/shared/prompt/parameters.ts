import type { IDataObject } from 'n8n-workflow';

import type { PromptFlag } from './flags';
import { parseFlags, splitList } from './flags';
import type { Model } from './models';
import { effectiveModel, isSet, toNumber } from './models';
import type { PromptRuleSet } from './providers';
import { LEGNEXT_RULES } from './providers';
import type { FieldNames, Violation } from './types';

export const PARAMETERS_FIELD = 'mjParameters';
export const PARAMETERS_DISPLAY_NAME = 'Midjourney Parameters';

export { midjourneyParameters } from './parameterFields';

interface ParamSpec {
	key: string;
	/** Display name of the field in the collection. */
	label: string;
	/** Canonical flags the field writes: any of them typed in the prompt is a conflict. */
	flags: readonly string[];
	render(value: unknown, model: Model | undefined, rules: PromptRuleSet): string | undefined;
}

/** Integers as-is, fractions without float noise (0.1 + 0.2 -> 0.3) and without exponents. */
export function formatNumber(n: number): string {
	if (Number.isInteger(n)) return String(n);
	return String(Number(n.toFixed(6)));
}

// Expressions may hand us numbers as strings ("250"): format those too; anything else is sent
// as written so the value check reports it with the user's own text.
function numberText(value: unknown): string {
	if (typeof value === 'number')
		return Number.isFinite(value) ? formatNumber(value) : String(value);
	const text = plainText(value);
	const n = toNumber(text);
	return Number.isNaN(n) ? text : formatNumber(n);
}

// Multi-line text from the editor becomes one line: a newline has no meaning inside a flag.
function plainText(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number'
		? String(value).replace(/\s+/g, ' ').trim()
		: '';
}

// A switch from a sheet or an expression may arrive as the text "true" / "TRUE".
const isOn = (value: unknown) =>
	value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');

function valueFlag(flag: string, text: (value: unknown) => string) {
	return (value: unknown) => {
		const shown = text(value);
		return shown === '' ? undefined : `--${flag} ${shown}`;
	};
}

const switchFlag = (flag: string) => (value: unknown) => (isOn(value) ? `--${flag}` : undefined);

const listText = (value: unknown) => splitList(plainText(value)).join(' ');

/**
 * Write order: legnext.md "Prompt Best Practices > Parameter Order Recommendations" gives
 * ar, quality, stylize, chaos, weird, speed, version, special modes (raw, tile, draft). The docs
 * give no place for the rest; they follow, with --hd next to the other switches and --no last
 * because its free text reads best at the end.
 */
const PARAM_SPECS: readonly ParamSpec[] = [
	{ key: 'aspectRatio', label: 'Aspect Ratio', flags: ['ar'], render: valueFlag('ar', plainText) },
	{
		key: 'quality',
		label: 'Quality',
		flags: ['quality'],
		render: valueFlag('quality', numberText),
	},
	{
		key: 'stylize',
		label: 'Stylize',
		flags: ['stylize'],
		render: valueFlag('stylize', numberText),
	},
	{ key: 'chaos', label: 'Chaos', flags: ['chaos'], render: valueFlag('chaos', numberText) },
	{ key: 'weird', label: 'Weird', flags: ['weird'], render: valueFlag('weird', numberText) },
	{
		key: 'speed',
		label: 'Speed',
		flags: ['fast', 'turbo', 'relax'],
		// 'default' sends nothing: the provider's own default applies (Legnext: fast). A speed the
		// table does not offer (e.g. "relax" for Legnext, from an expression) is reported by
		// checkPrompt, not sent.
		render: (value, _model, rules) => {
			const speed = plainText(value).toLowerCase();
			return rules.speeds.includes(speed) ? `--${speed}` : undefined;
		},
	},
	{
		key: 'version',
		label: 'Version',
		flags: ['v', 'niji'],
		// The option values ("7", "6.1", "niji6") and free text ("5.2", "v 6", "niji 5", for
		// providers whose docs list no models) both become --v <n> or --niji <n>.
		render: (value) => {
			const text = plainText(value).toLowerCase().replace(/\s+/g, '');
			if (text === '') return undefined;
			const niji = /^niji(.*)$/.exec(text);
			if (niji) return niji[1] === '' ? '--niji' : `--niji ${niji[1]}`;
			return `--v ${text.replace(/^v(?=\d)/, '')}`;
		},
	},
	{ key: 'raw', label: 'Raw Mode', flags: ['raw'], render: switchFlag('raw') },
	{ key: 'tile', label: 'Tile', flags: ['tile'], render: switchFlag('tile') },
	{ key: 'draft', label: 'Draft', flags: ['draft'], render: switchFlag('draft') },
	{ key: 'hd', label: 'HD', flags: ['hd'], render: switchFlag('hd') },
	{ key: 'seed', label: 'Seed', flags: ['seed'], render: valueFlag('seed', numberText) },
	{ key: 'stop', label: 'Stop', flags: ['stop'], render: valueFlag('stop', numberText) },
	{ key: 'imageWeight', label: 'Image Weight', flags: ['iw'], render: valueFlag('iw', numberText) },
	{
		key: 'styleReference',
		label: 'Style Reference',
		flags: ['sref'],
		render: valueFlag('sref', listText),
	},
	{ key: 'styleWeight', label: 'Style Weight', flags: ['sw'], render: valueFlag('sw', numberText) },
	{
		key: 'styleVersion',
		label: 'Style Version',
		flags: ['sv'],
		render: valueFlag('sv', numberText),
	},
	{
		key: 'characterReference',
		label: 'Character Reference',
		flags: ['cref'],
		render: valueFlag('cref', listText),
	},
	{
		key: 'characterWeight',
		label: 'Character Weight',
		flags: ['cw'],
		render: valueFlag('cw', numberText),
	},
	{
		key: 'omniReference',
		label: 'Omni Reference',
		flags: ['oref'],
		render: valueFlag('oref', listText),
	},
	{ key: 'omniWeight', label: 'Omni Weight', flags: ['ow'], render: valueFlag('ow', numberText) },
	{
		key: 'experimental',
		label: 'Experimental',
		flags: ['exp'],
		// Model Parameter Comparison: v7 takes a value 0-100, v8/v8.1 only a switch ("Image
		// Parameters": `--exp` "No value"). One field serves both: on v8/v8.1 any value above 0
		// turns the switch on, 0 leaves it off.
		render: (value, model) => {
			if (model === '8' || model === '8.1') {
				const n = toNumber(numberText(value));
				return Number.isNaN(n) ? valueFlag('exp', numberText)(value) : n > 0 ? '--exp' : undefined;
			}
			return valueFlag('exp', numberText)(value);
		},
	},
	{
		key: 'negativePrompt',
		label: 'Negative Prompt',
		flags: ['no'],
		render: valueFlag('no', plainText),
	},
];

/** A flag produced by a parameter field, with the field it came from. */
export interface FieldFlag {
	key: string;
	/** "Midjourney Parameters > Chaos" (or the caller's names). */
	field: string;
	/** The flag text as it will be appended. */
	text: string;
	/** The text parsed the way a typed flag is; more than one means the value contains flags. */
	parsed: PromptFlag[];
}

function fieldName(spec: ParamSpec, names: FieldNames = {}): string {
	return `${names.parameters ?? PARAMETERS_DISPLAY_NAME} > ${spec.label}`;
}

function typedFlagFor(spec: ParamSpec, typed: readonly PromptFlag[]): PromptFlag | undefined {
	return typed.find((flag) => spec.flags.includes(flag.name));
}

/**
 * Flags the fields add, in write order, leaving out any the prompt already types (the typed one
 * wins and findConflicts reports the clash).
 */
export function fieldFlags(
	prompt: string,
	params: IDataObject = {},
	names: FieldNames = {},
	rules: PromptRuleSet = LEGNEXT_RULES,
): FieldFlag[] {
	const { flags: typed } = parseFlags(prompt);
	const model = effectiveModel(typed, params.version, rules);
	const out: FieldFlag[] = [];
	for (const spec of PARAM_SPECS) {
		const value = params[spec.key];
		if (!isSet(value) || typedFlagFor(spec, typed)) continue;
		const text = spec.render(value, model, rules);
		if (text === undefined) continue;
		out.push({
			key: spec.key,
			field: fieldName(spec, names),
			text,
			parsed: parseFlags(text).flags,
		});
	}
	return out;
}

/** The prompt with the fields' flags appended; flags typed in the prompt stay exactly as typed. */
export function appendParameters(
	prompt: string,
	params: IDataObject = {},
	rules: PromptRuleSet = LEGNEXT_RULES,
): string {
	const added = fieldFlags(prompt, params, {}, rules).map((flag) => flag.text);
	if (added.length === 0) return prompt;
	const base = prompt.trimEnd();
	return base === '' ? added.join(' ') : `${base} ${added.join(' ')}`;
}

/** A parameter set in a field and also typed in the prompt. */
export function findConflicts(
	prompt: string,
	params: IDataObject = {},
	names: FieldNames = {},
	rules: PromptRuleSet = LEGNEXT_RULES,
): Violation[] {
	const { flags: typed } = parseFlags(prompt);
	const promptName = names.prompt ?? 'Prompt';
	const out: Violation[] = [];
	for (const spec of PARAM_SPECS) {
		if (!isSet(params[spec.key])) continue;
		// "Default" speed and a switched-off experimental write nothing, so nothing can clash.
		if (spec.key === 'speed' && spec.render(params[spec.key], undefined, rules) === undefined)
			continue;
		const flag = typedFlagFor(spec, typed);
		if (!flag) continue;
		out.push({
			field: fieldName(spec, names),
			rule: `is also typed in ${promptName} as "${flag.raw}"; set it in one place only`,
			id: 'field-conflict',
		});
	}
	return out;
}
