/** Midjourney prompt helpers for the Legnext node: parse flags, add field parameters, check rules. */
export type { ParsedPrompt, PromptFlag } from './flags';
export {
	canonicalFlagName,
	FLAG_ALIASES,
	findFlags,
	isHttpUrl,
	parseFlags,
	parsePrompt,
	splitList,
} from './flags';
export type { Model } from './models';
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
export type { RuleId } from './rulesSources';
export { RULES_SOURCES, rulesSourcesMarkdown } from './rulesSources';
export type { FieldNames, Violation } from './types';
