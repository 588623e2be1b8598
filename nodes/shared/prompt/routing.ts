import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	PreSendAction,
} from 'n8n-workflow';

import { failField } from '../operation/validate';
import { appendParameters, checkPrompt, checkVideoPrompt, PARAMETERS_FIELD } from './index';
import type { PromptRuleSet, Violation } from './index';
import { LEGNEXT_RULES } from './providers';

/**
 * How a prompt field and the Midjourney Parameters collection become the prompt a provider gets:
 * checked against the provider's table (providers.ts; Legnext's by default) before anything is
 * sent, then the parameters are appended.
 */

function fail(ctx: IExecuteSingleFunctions, violations: Violation[]): void {
	if (!violations.length) return;
	const [first, ...rest] = violations;
	const others = rest.map((v) => `${v.field}: ${v.rule}`).join('; ');
	failField(
		ctx,
		first.field,
		first.rule,
		`Fix it and run again. Nothing was sent.${others ? ` Also: ${others}.` : ''}`,
	);
}

function parameters(ctx: IExecuteSingleFunctions): IDataObject {
	return (ctx.getNodeParameter(PARAMETERS_FIELD, {}) as IDataObject) ?? {};
}

/** Imagine's prompt: not empty, then the table's rules (Legnext: length, model flags, conflicts). */
export function checkImagePrompt(
	ctx: IExecuteSingleFunctions,
	promptParam: string,
	label: string,
	rules: PromptRuleSet = LEGNEXT_RULES,
): void {
	const prompt = String(ctx.getNodeParameter(promptParam, '') ?? '');
	if (!prompt.trim()) failField(ctx, label, 'must not be empty');
	fail(ctx, checkPrompt({ prompt, params: parameters(ctx) }, { prompt: label }, { rules }));
}

/**
 * A follow-up's prompt (remix prompts): the flag rules that hold for every model; the source
 * job's model is not known here, so model-specific rules apply only to a typed version.
 */
export function checkFollowUpPrompt(
	ctx: IExecuteSingleFunctions,
	promptParam: string,
	label: string,
	rules: PromptRuleSet = LEGNEXT_RULES,
): void {
	const prompt = String(ctx.getNodeParameter(promptParam, '') ?? '');
	if (prompt.trim())
		fail(ctx, checkPrompt(prompt, { prompt: label }, { inheritModel: true, rules }));
}

/** Video prompts: the table's video rules (Legnext: the video flags, --motion, --bs, --end ...). */
export function checkVideoPromptText(
	ctx: IExecuteSingleFunctions,
	prompt: string,
	label: string,
	rules: PromptRuleSet = LEGNEXT_RULES,
): void {
	if (prompt.trim())
		fail(ctx, checkVideoPrompt(prompt, { field: label, requireImage: false, rules }));
}

/** preSend: puts the prompt with its appended parameters into the body. */
export function sendPromptWithParameters(
	promptParam: string,
	bodyProperty: string,
	rules: PromptRuleSet = LEGNEXT_RULES,
): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const prompt = String(this.getNodeParameter(promptParam, '') ?? '');
		if (!prompt.trim()) return requestOptions;
		requestOptions.body = {
			...(requestOptions.body as IDataObject),
			[bodyProperty]: appendParameters(prompt, parameters(this), rules),
		};
		return requestOptions;
	};
}
