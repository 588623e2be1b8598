/**
 * Midjourney prompt helpers shared by the providers: parse flags, add field parameters, check the
 * rules of a provider's table (providers.ts; Legnext's by default).
 */
export type { ParsedPrompt, PromptFlag } from './flags';
export {
	canonicalFlagName,
	FLAG_ALIASES,
	findFlags,
	hasPermutations,
	isHttpUrl,
	parseFlags,
	parsePrompt,
	splitList,
} from './flags';
export type { Model, ModelTable } from './models';
export { DEFAULT_MODEL, effectiveModel, modelLabel, MODELS } from './models';
export type { FieldFlag } from './parameters';
export {
	appendParameters,
	fieldFlags,
	findConflicts,
	formatNumber,
	midjourneyParameters,
	PARAMETERS_DISPLAY_NAME,
	PARAMETERS_FIELD,
} from './parameters';
export type { CheckOptions, PromptParts, VideoPromptOptions } from './modelRules';
export {
	checkImageUrl,
	checkPrompt,
	checkVideoPrompt,
	IMAGE_URL_MAX_LENGTH,
	PROMPT_MAX_LENGTH,
} from './modelRules';
export type { PromptRuleSet, RuleSetEntry, UnsupportedFlag } from './providers';
export {
	activeRules,
	APIFRAME_RULES,
	LEGNEXT_RULES,
	PROMPT_RULE_SETS,
	ruleSetsMarkdown,
	THENEXTLEG_RULES,
} from './providers';
export type { RuleId } from './rulesSources';
export { RULES_SOURCES, rulesSourcesMarkdown } from './rulesSources';
export type { FieldNames, Violation } from './types';
