import type { PromptFlag } from './flags';

/**
 * The models the API accepts (legnext.md, "Important Information > Supported Models":
 * v6, v6.1, niji 6, v7 (default), v8, v8.1). Values match the Version field's option values.
 */
export type Model = '6' | '6.1' | '7' | '8' | '8.1' | 'niji6';

export const MODELS: readonly Model[] = ['6', '6.1', '7', '8', '8.1', 'niji6'];

/** "v7 (default)" (Supported Models; "Model Information": "with v7 as the default"). */
export const DEFAULT_MODEL: Model = '7';

/**
 * The models a provider accepts and its default (the part of a PromptRuleSet, providers.ts, that
 * model lookups need). `models` undefined: the provider's docs list none, so no model is known.
 */
export interface ModelTable {
	models?: readonly Model[];
	defaultModel?: Model;
}

const LEGNEXT_MODELS: ModelTable = { models: MODELS, defaultModel: DEFAULT_MODEL };

export function modelLabel(model: Model): string {
	return model === 'niji6' ? 'niji 6' : `v${model}`;
}

export function modelList(models: readonly Model[]): string {
	const labels = models.map(modelLabel);
	return labels.length > 1
		? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`
		: labels.join('');
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function toNumber(value: string): number {
	return NUMBER.test(value.trim()) ? Number(value) : NaN;
}

/**
 * The model a typed `--v`/`--version`/`--niji` selects, or undefined when the API does not offer
 * it. `--v 6.0` is v6 (same number). A bare `--niji` means the current niji, which the Image
 * Parameters table gives as 6.
 */
export function modelFromFlag(
	flag: PromptFlag,
	table: ModelTable = LEGNEXT_MODELS,
): Model | undefined {
	const models = table.models ?? [];
	if (flag.name === 'niji')
		return (flag.value === '' || toNumber(flag.value) === 6) && models.includes('niji6')
			? 'niji6'
			: undefined;
	if (flag.name !== 'v') return undefined;
	const n = toNumber(flag.value);
	return models.find((model) => model !== 'niji6' && Number(model) === n);
}

export function isModelFlag(flag: PromptFlag): boolean {
	return flag.name === 'v' || flag.name === 'niji';
}

/** The Version field's value as a model, or undefined when it is not one of the options. */
export function modelFromField(
	value: unknown,
	table: ModelTable = LEGNEXT_MODELS,
): Model | undefined {
	const models = table.models ?? [];
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text.toLowerCase().replace(/\s+/g, '') === 'niji6')
		return models.includes('niji6') ? 'niji6' : undefined;
	const n = toNumber(text);
	return models.find((model) => model !== 'niji6' && Number(model) === n);
}

export function isSet(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '' && value !== false;
}

/**
 * Effective model, in the order the node applies them: the Version field, else a model typed
 * in the prompt, else the provider's default (v7 for Legnext). Undefined when the chosen one is
 * not a supported model, when the prompt types two different models (nothing says which one
 * Midjourney would take), or when the provider's docs list no models at all.
 */
export function effectiveModel(
	flags: readonly PromptFlag[],
	versionField?: unknown,
	table: ModelTable = LEGNEXT_MODELS,
): Model | undefined {
	if (!table.models) return undefined;
	if (isSet(versionField)) return modelFromField(versionField, table);
	const typed = flags.filter(isModelFlag).map((flag) => modelFromFlag(flag, table));
	if (typed.length === 0) return table.defaultModel;
	if (typed.some((model) => model !== typed[0])) return undefined;
	return typed[0];
}
