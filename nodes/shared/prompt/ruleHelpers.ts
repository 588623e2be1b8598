import type { PromptFlag } from './flags';
import { isHttpUrl, isUrlLike, splitList } from './flags';
import { toNumber } from './models';
import type { PromptRuleSet } from './providers';
import type { RuleId } from './rulesSources';
import type { Violation } from './types';

/** Building blocks shared by the image (modelRules.ts) and video (videoRules.ts) checks. */

/** Legnext's limit (legnext.md Text to Image / Video Diffusion: "(1-8192 characters)"). */
export const PROMPT_MAX_LENGTH = 8192;
/** Upload Paint / Retexture / Remove Background: imgUrl "max length: 1024 characters". */
export const IMAGE_URL_MAX_LENGTH = 1024;

export interface Item {
	flag: PromptFlag;
	/** Editor display name of where the flag came from. */
	field: string;
}

export class Report {
	readonly violations: Violation[] = [];

	field(id: RuleId, field: string, rule: string): void {
		this.violations.push({ field, rule, id });
	}

	// The flag is named as written ("--c must be ..."), so a field's message also says what it
	// sends (the Speed field's "--turbo is not supported by v8").
	flag(id: RuleId, item: Item, problem: string): void {
		this.field(id, item.field, `${shown(item.flag)} ${problem}`);
	}
}

function shown(flag: PromptFlag): string {
	return flag.name === 'raw' && flag.written.toLowerCase() === 'style'
		? '--style raw'
		: `--${flag.written}`;
}

/** A flag the provider's table lists as unsupported (Legnext: Current Limitations, relax). */
export function checkUnsupported(item: Item, report: Report, rules: PromptRuleSet): boolean {
	const unsupported = Object.prototype.hasOwnProperty.call(rules.unsupported, item.flag.name)
		? rules.unsupported[item.flag.name]
		: undefined;
	if (!unsupported) return false;
	report.flag(unsupported.id, item, unsupported.message);
	return true;
}

/**
 * --motion. legnext.md contradicts itself on its values, so both forms are accepted and the
 * provider decides: Video Parameters > Video Parameter List and Video Diffusion > Motion
 * Intensity say `low` or `high`; Image Parameters > Image Generation Parameter List says
 * "1-4 (default: 2)", and Advanced Parameter Combinations uses `--motion 4`.
 */
export function checkMotion(item: Item, report: Report): void {
	const { value } = item.flag;
	const n = toNumber(value);
	if (/^(low|high)$/i.test(value) || (n >= 1 && n <= 4)) return;
	report.flag('motion-values', item, `must be low, high or a number from 1 to 4, got "${value}"`);
}

export function checkSwitch(item: Item, report: Report): void {
	if (item.flag.value !== '')
		report.flag('switch-value', item, `takes no value, got "${item.flag.value}"`);
}

// Image Generation Parameter List: --sref "Image URL". A numeric style code or "random" is not
// an image URL but is no URL with a wrong scheme either; the docs do not forbid them, so they pass.
// `url::2` weights (multi-prompt syntax) are stripped before the URL check.
export function checkReferences(item: Item, report: Report, urlsOnly: boolean): string[] {
	const refs = splitList(item.flag.value).map((ref) => ref.replace(/::-?[\d.]+$/, ''));
	if (refs.length === 0) {
		report.flag('value-required', item, 'needs at least one image URL');
		return refs;
	}
	for (const ref of refs) {
		const codeLike = !urlsOnly && (/^\d+$/.test(ref) || ref.toLowerCase() === 'random');
		if (isHttpUrl(ref) || codeLike) continue;
		const problem = isUrlLike(ref) ? 'is not an http(s) URL' : 'is not an image URL';
		report.flag('ref-url', item, `"${ref.slice(0, 80)}" ${problem}`);
	}
	return refs;
}

// Image URLs at the start of the prompt must be fetchable: http(s) is the only form the docs show
// (Video Diffusion Option 2 "[image_url] your prompt text"; V8.1 image prompts).
export function checkImagePromptUrls(urls: string[], field: string, report: Report): void {
	for (const url of urls) {
		if (!isHttpUrl(url))
			report.field(
				'image-prompt-url',
				field,
				`starts with "${url.slice(0, 80)}", which is not an http(s) image URL`,
			);
	}
}

// Every provider requires a prompt; the length limit is the table's (Legnext: 1-8192 characters).
export function checkLength(
	text: string,
	field: string,
	report: Report,
	options: { required: boolean; max?: number; suffix?: string },
): void {
	const { required, max, suffix = '' } = options;
	if (required && text.trim() === '') report.field('prompt-length', field, 'must not be empty');
	if (max !== undefined && text.length > max) {
		report.field(
			'prompt-length',
			field,
			`is ${text.length} characters long${suffix}; the limit is ${max}`,
		);
	}
}
