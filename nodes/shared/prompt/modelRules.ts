import type { IDataObject } from 'n8n-workflow';

import { hasPermutations, parsePrompt } from './flags';
import type { Model } from './models';
import {
	effectiveModel,
	isModelFlag,
	isSet,
	modelFromField,
	modelFromFlag,
	modelLabel,
	modelList,
	MODELS,
	toNumber,
} from './models';
import { appendParameters, fieldFlags, findConflicts, PARAMETERS_DISPLAY_NAME } from './parameters';
import type { PromptRuleSet } from './providers';
import { LEGNEXT_RULES } from './providers';
import type { Item } from './ruleHelpers';
import {
	checkImagePromptUrls,
	checkLength,
	checkMotion,
	checkReferences,
	checkSwitch,
	checkUnsupported,
	Report,
} from './ruleHelpers';
import type { RuleId } from './rulesSources';
import type { FieldNames, Violation } from './types';

export { IMAGE_URL_MAX_LENGTH, PROMPT_MAX_LENGTH } from './ruleHelpers';
export type { VideoPromptOptions } from './videoRules';
export { checkImageUrl, checkVideoPrompt } from './videoRules';

/**
 * Checks a Midjourney prompt against the provider's table (providers.ts; Legnext's by default)
 * and, where that table applies them, the parameter rules of legnext.md below. Before anything
 * is sent, so a builder learns
 * "v8.1 rejects --no" from the node instead of from a paid-for 400. Every check cites its
 * section; RULES_SOURCES (rulesSources.ts) lists them all. Only what the docs clearly forbid is
 * refused: flags the docs say nothing about are let through, and where legnext.md contradicts
 * itself the rule accepts what either passage allows (the prompt is sent and the provider
 * decides). Each such place says "Contradiction:" and cites both passages.
 */

/** The prompt as typed plus the Midjourney Parameters collection, checked together. */
export interface PromptParts {
	prompt: string;
	params?: IDataObject;
}

// Image Parameters > Current Limitations (--video, --bs/--batchsize); Model Parameter Comparison
// Notes 6 (video, end, loop are video-model parameters).
// Contradiction: --motion is not here. Notes 6 and the Image Generation Parameter List (Motion:
// "only supports video tasks") make it video-only, but the same section's Advanced Parameter
// Combinations shows it in an image prompt ("Anime style with motion: Dynamic action scene
// --niji 6 --motion 4 --chaos 30"). Image prompts with --motion are sent; the provider decides.
const VIDEO_ONLY = new Set(['video', 'bs', 'loop', 'end']);

const NOT_ON_8 = MODELS.filter((m) => m !== '8' && m !== '8.1');
const NOT_ON_81 = MODELS.filter((m) => m !== '8.1');

/*
 * Contradiction: Version 8 > V8 Parameters says "All V7 parameters (`--chaos`, `--weird`, `--exp`,
 * `--raw`, `--sref`, `--stylize`, etc.) are supported", while the Model Parameter Comparison
 * withholds some V7 parameters or values from v8 (Stop 🚫, Draft 🚫, Quality (1, 4), Style Version
 * "6 (legacy, 4x cost)", Experimental "✓" against the parameter list's "No value"). Where only
 * the table withholds it, v8 accepts what v7 accepts. Exceptions the V8 section itself states
 * stay refused: "--oref ... replaces --cref" (V8 Parameters; Notes 5) and "Turbo mode (--turbo)
 * is not supported with V8" (V8 Cost Model; Notes 2).
 */

// Which image models accept a flag: Model Parameter Comparison, one row each.
const MODEL_SUPPORT: Readonly<
	Record<string, { models: readonly Model[]; id: RuleId; hint?: string }>
> = {
	// Stop: 🚫 on v8.1. On v8 the table's 🚫 contradicts "All V7 parameters ... are supported".
	stop: { models: NOT_ON_81, id: 'stop-model' },
	hd: { models: ['8', '8.1'], id: 'hd-model' }, // HD Mode: v8 ✓ (4x), v8.1 default, else 🚫
	turbo: { models: NOT_ON_8, id: 'turbo-model' }, // Turbo Mode; V8 Cost Model; Removed in V8.1
	no: { models: ['6.1', '7', '8'], id: 'no-model' }, // Negative Prompt; Notes 7
	oref: { models: ['7', '8'], id: 'oref-model' }, // Omni Reference; Notes 4
	ow: { models: ['7', '8'], id: 'oref-model' }, // weight of --oref (Notes 4, Removed in V8.1)
	// Character Reference: v8 "Replaced by --oref" (Notes 5), v8.1 removed; --cw goes with it.
	cref: { models: NOT_ON_8, id: 'cref-model', hint: 'v8 uses --oref instead' },
	cw: { models: NOT_ON_8, id: 'cref-model', hint: 'v8 uses --oref/--ow instead' },
	// Contradiction: the comparison table (Draft: v7 only) and Notes 4 ("v7 model exclusive
	// parameters: draft") against the Image Generation Parameter List ("Draft: ... in V7 and
	// above") and V8's "All V7 parameters ... are supported": v7, v8 and v8.1 are accepted.
	draft: { models: ['7', '8', '8.1'], id: 'draft-model' },
	exp: { models: ['7', '8', '8.1'], id: 'exp-model' }, // Experimental: 🚫 on v6, v6.1, niji 6
	p: { models: ['7', '8', '8.1'], id: 'p-model' }, // Personalization (--p)
	quality: { models: NOT_ON_81, id: 'quality-values' }, // Removed in V8.1
	sd: { models: NOT_ON_81, id: 'sd-model' }, // Removed in V8.1
};

// Version 8.1 > Removed in V8.1 (named in the message: a v8 prompt moved to v8.1 hits these).
const REMOVED_IN_81 = new Set(['quality', 'cref', 'cw', 'oref', 'ow', 'no', 'turbo', 'sd']);

// Model Parameter Comparison: Quality row. v8 also takes v7's 2: the row's "(1, 4)" contradicts
// "All V7 parameters ... are supported" (V8 Parameters).
const QUALITY: Readonly<Record<Model, readonly number[]>> = {
	'6': [1, 2],
	'6.1': [0.5, 1, 2],
	'7': [1, 2, 4],
	'8': [1, 2, 4],
	'8.1': [],
	niji6: [0.5, 1, 2],
};

function checkModelSupport(item: Item, model: Model | undefined, report: Report): boolean {
	const support = MODEL_SUPPORT[item.flag.name];
	if (!support || !model || support.models.includes(model)) return false;
	const removed = model === '8.1' && REMOVED_IN_81.has(item.flag.name) ? ' (removed in v8.1)' : '';
	const hint = support.hint && model === '8' ? `; ${support.hint}` : '';
	report.flag(
		support.id,
		item,
		`is not supported by ${modelLabel(model)}${removed}${hint}; it works on ${modelList(support.models)}`,
	);
	return true;
}

function checkRange(
	item: Item,
	report: Report,
	id: RuleId,
	min: number,
	max: number,
	integer = false,
): void {
	const n = toNumber(item.flag.value);
	const what = integer ? 'a whole number' : 'a number';
	if (Number.isNaN(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
		report.flag(id, item, `must be ${what} from ${min} to ${max}, got "${item.flag.value}"`);
	}
}

// A weight with no reference to weigh. Notes 4 defines "ow (Universal Reference Weight)" beside
// "oref (Universal Reference)". --cw has no row of its own: the docs only ever name it together
// with --cref as one feature ("`--cref` / `--cw`": Removed in V8.1, Notes 3, Changelog), unlike
// Style Weight and Style Version, which have their own rows in the Model Parameter Comparison
// and nowhere are said to need --sref; so --sw and --sv are not checked here.
const WEIGHT_OF: Readonly<Record<string, string>> = { cw: 'cref', ow: 'oref' };

function checkImageValue(
	item: Item,
	model: Model | undefined,
	report: Report,
	present: ReadonlySet<string>,
): void {
	const { name, value } = item.flag;
	const reference = WEIGHT_OF[name];
	if (reference && !present.has(reference)) {
		report.flag(
			'weight-reference',
			item,
			`is the weight of --${reference}, but there is no --${reference} to weigh; add --${reference} <image URL> or remove it`,
		);
		return;
	}
	switch (name) {
		case 'chaos': // Model Parameter Comparison (Chaos): 0-100
			return checkRange(item, report, 'chaos-range', 0, 100);
		case 'stylize': // Stylize: 0-1000
			return checkRange(item, report, 'stylize-range', 0, 1000);
		case 'weird': // Weird: 0-3000
			return checkRange(item, report, 'weird-range', 0, 3000);
		case 'seed': // Seed: 0-4294967295
			return checkRange(item, report, 'seed-range', 0, 4294967295, true);
		case 'stop': // Stop: 10-100
			return checkRange(item, report, 'stop-range', 10, 100);
		case 'iw': // Image Weight: 0-3
			return checkRange(item, report, 'iw-range', 0, 3);
		case 'sw': // Style Weight: 0-1000
			return checkRange(item, report, 'sw-range', 0, 1000);
		case 'cw':
		case 'ow': // No range documented for either: only require a number, invent no limit.
			if (Number.isNaN(toNumber(value)))
				report.flag('weight-number', item, `must be a number, got "${value}"`);
			return;
		case 'ar': {
			// Supported Aspect Ratios > Important Notes: "Only supports integer ratios".
			const ratio = /^(\d+):(\d+)$/.exec(value);
			if (!ratio || Number(ratio[1]) === 0 || Number(ratio[2]) === 0) {
				report.flag(
					'ar-format',
					item,
					`must be whole numbers width:height such as 16:9, got "${value}"`,
				);
			}
			return;
		}
		case 'quality': {
			// Model Parameter Comparison (Quality): the allowed values differ per model.
			const allowed = model ? QUALITY[model] : [0.25, 0.5, 1, 2, 4];
			if (!allowed.includes(toNumber(value))) {
				const on = model ? ` on ${modelLabel(model)}` : '';
				report.flag(
					'quality-values',
					item,
					`must be one of ${allowed.join(', ')}${on}, got "${value}"`,
				);
			}
			return;
		}
		case 'sv': {
			// Style Version: every model 1, 2, 3, 4; v8 "6 (legacy, 4x cost)". Contradiction: the
			// row gives v8 only 6, but V8 Parameters says "All V7 parameters (... `--sref` ...) are
			// supported", so v8 takes v7's 1-4 too. v8.1 rejects 6 (V8.1 Cost Model).
			if (!model) return;
			const allowed = model === '8' ? [1, 2, 3, 4, 6] : [1, 2, 3, 4];
			if (!allowed.includes(toNumber(value))) {
				report.flag(
					'sv-values',
					item,
					`must be ${allowed.join(', ')} on ${modelLabel(model)}, got "${value}"`,
				);
			}
			return;
		}
		case 'exp':
			// Contradiction: the comparison table gives v7 "0-100", the Image Generation Parameter
			// List gives --exp "No value": on v7 both `--exp` and `--exp 0..100` are sent. v8 takes
			// the same (V8 Parameters: "All V7 parameters (... `--exp` ...) are supported"). v8.1
			// has only "✓" and "No value", which agree: a value is refused there.
			if (value === '') return;
			if (model === '8.1') {
				report.flag('exp-value', item, `takes no value on ${modelLabel(model)}, got "${value}"`);
				return;
			}
			return checkRange(item, report, 'exp-value', 0, 100);
		case 'motion':
			return checkMotion(item, report);
		case 'tile':
		case 'raw':
		case 'draft':
		case 'hd':
		case 'fast':
		case 'turbo': // Image Generation Parameter List: "No value"
			return checkSwitch(item, report);
		case 'no': // Negative Prompt: "Text description"
			if (value === '')
				report.flag(
					'value-required',
					item,
					'needs the things to leave out, e.g. --no text, watermark',
				);
			return;
		case 'sref':
			checkReferences(item, report, false);
			return;
		case 'cref':
			checkReferences(item, report, true);
			return;
		case 'oref': {
			// Object Reference > Usage: "You can only use one image in object reference."
			const refs = checkReferences(item, report, true);
			if (refs.length > 1)
				report.flag('oref-single', item, `takes exactly one image URL, got ${refs.length}`);
			return;
		}
	}
}

function checkImageFlag(
	item: Item,
	model: Model | undefined,
	report: Report,
	present: ReadonlySet<string>,
	rules: PromptRuleSet,
): void {
	if (isModelFlag(item.flag) || checkUnsupported(item, report, rules)) return;
	if (!rules.parameterRules) return;
	if (VIDEO_ONLY.has(item.flag.name)) {
		report.flag('video-only', item, 'is only for video prompts, not image generation');
		return;
	}
	if (checkModelSupport(item, model, report)) return;
	checkImageValue(item, model, report, present);
}

// The table's models. Legnext: Supported Models: v6, v6.1, niji 6, v7, v8, v8.1 (the Image
// Parameters table lists niji 5 and v1-v8.1 as Midjourney versions, but the API supports only
// these). A table without models (docs list none) checks nothing here.
function checkModels(
	typed: Item[],
	params: IDataObject,
	names: Required<FieldNames>,
	report: Report,
	rules: PromptRuleSet,
): void {
	if (!rules.models) return;
	const supported = modelList(rules.models);
	if (isSet(params.version) && !modelFromField(params.version, rules)) {
		report.field(
			'model-supported',
			`${names.parameters} > Version`,
			`must be one of ${supported}, got "${String(params.version)}"`,
		);
	}
	const models = typed.filter((item) => isModelFlag(item.flag));
	for (const item of models) {
		if (!modelFromFlag(item.flag, rules))
			report.flag(
				'model-supported',
				item,
				`selects a model the API does not offer; use ${supported}`,
			);
	}
	// Two different models typed: effectiveModel cannot pick one. Skipped when the Version field
	// is set: that is already a field conflict.
	const chosen = new Set(models.map((item) => modelFromFlag(item.flag, rules)).filter(Boolean));
	if (!isSet(params.version) && chosen.size > 1) {
		report.field(
			'model-ambiguous',
			names.prompt,
			`sets more than one model (${models.map((i) => i.flag.raw).join(', ')}); keep one`,
		);
	}
}

// Object Reference > Important Limitations (V7): "incompatible with speed modes or --q 4".
function checkOrefCombination(items: Item[], model: Model | undefined, report: Report): void {
	if (model !== '7' || !items.some((item) => item.flag.name === 'oref')) return;
	for (const item of items) {
		const { name, value } = item.flag;
		if (name === 'fast' || name === 'turbo' || (name === 'quality' && toNumber(value) === 4)) {
			report.flag('oref-v7-speed', item, 'cannot be combined with --oref on v7');
		}
	}
}

function names(given: FieldNames = {}): Required<FieldNames> {
	return {
		prompt: given.prompt ?? 'Prompt',
		parameters: given.parameters ?? PARAMETERS_DISPLAY_NAME,
	};
}

/**
 * Checks an image prompt. Pass the final prompt string, or the prompt and the Midjourney
 * Parameters collection (then each problem names the field it came from, and a parameter set in
 * both places is reported). The effective model is the Version field, else a typed --v/--niji,
 * else v7.
 */
export interface CheckOptions {
	/**
	 * Follow-ups (remix prompts) inherit the source job's model, which is not known here: unless
	 * a version is typed, only the model-independent rules apply (no v7 default is assumed).
	 */
	inheritModel?: boolean;
	/** The provider's table (providers.ts); default Legnext's. */
	rules?: PromptRuleSet;
}

export function checkPrompt(
	input: string | PromptParts,
	fieldNames?: FieldNames,
	options: CheckOptions = {},
): Violation[] {
	const { prompt, params = {} } = typeof input === 'string' ? { prompt: input } : input;
	const rules = options.rules ?? LEGNEXT_RULES;
	const n = names(fieldNames);
	const report = new Report();
	const parsed = parsePrompt(prompt);
	const typed: Item[] = parsed.flags.map((flag) => ({ flag, field: n.prompt }));
	const fromFields = fieldFlags(prompt, params, n, rules);
	const fields: Item[] = [];
	for (const added of fromFields) {
		if (added.parsed.length !== 1) {
			report.field(
				'field-injection',
				added.field,
				`must not contain Midjourney parameters (--...), got "${added.text}"`,
			);
		}
		if (added.parsed[0]) fields.push({ flag: added.parsed[0], field: added.field });
		if (rules.refusePermutations && hasPermutations(added.text))
			report.field(
				'permutations',
				added.field,
				'must not use {} permutations; the API does not support them',
			);
	}
	report.violations.push(...findConflicts(prompt, params, n, rules));

	// The Speed field offers Default plus the table's speeds (Legnext: Supported Speed Modes,
	// fast and turbo).
	const speeds = ['default', ...rules.speeds];
	if (isSet(params.speed) && !speeds.includes(String(params.speed).trim().toLowerCase())) {
		const shown = speeds.map((speed) => speed[0].toUpperCase() + speed.slice(1));
		report.field(
			'field-option',
			`${n.parameters} > Speed`,
			`must be ${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}, got "${String(params.speed)}"`,
		);
	}

	const finalPrompt = appendParameters(prompt, params, rules);
	checkLength(finalPrompt, n.prompt, report, {
		required: true,
		max: rules.maxLength,
		suffix: finalPrompt === prompt ? '' : ' with the Midjourney Parameters added',
	});
	if (rules.refusePermutations && parsed.hasPermutations)
		report.field(
			'permutations',
			n.prompt,
			'uses {} permutations, which the API does not support; send one prompt per variant',
		);
	if (rules.parameterRules) checkImagePromptUrls(parsed.imageUrls, n.prompt, report);
	checkModels(typed, params, n, report, rules);

	const versionGiven = isSet(params.version) || parsed.flags.some(isModelFlag);
	const model =
		options.inheritModel && !versionGiven
			? undefined
			: effectiveModel(parsed.flags, params.version, rules);
	const items = [...typed, ...fields];
	const present = new Set(items.map((item) => item.flag.name));
	for (const item of items) checkImageFlag(item, model, report, present, rules);
	if (rules.parameterRules) checkOrefCombination(items, model, report);
	return report.violations;
}
