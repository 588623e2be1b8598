import type { PromptFlag } from './flags';
import { isHttpUrl, isUrlLike, splitList } from './flags';
import { toNumber } from './models';
import type { RuleId } from './rulesSources';
import type { Violation } from './types';

/** Building blocks shared by the image (modelRules.ts) and video (videoRules.ts) checks. */

/** Text to Image / Video Diffusion: `text` / `prompt` "(1-8192 characters)". */
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

// Important Information > Current Limitations; Image Parameters > Current Limitations.
// `--personalize` is refused while `--p` is allowed (v7+): the docs list `--p` as supported in the
// Model Parameter Comparison and V8.1 Parameters, and "--personalize parameter" as unsupported.
// Midjourney treats them as one flag; we follow the docs to the letter and say so in the message.
const UNSUPPORTED: Readonly<Record<string, string>> = {
	repeat: 'is not supported by the API',
	personalize: 'is not supported by the API; use --p (v7, v8, v8.1)',
	stealth: 'is not supported by the API',
	public: 'is not supported by the API',
};

export function checkUnsupported(item: Item, report: Report): boolean {
	const { name } = item.flag;
	if (UNSUPPORTED[name]) {
		report.flag('unsupported-parameter', item, UNSUPPORTED[name]);
		return true;
	}
	// Supported Speed Modes: "relax mode currently not supported"; comparison table: Relax 🚫.
	if (name === 'relax') {
		report.flag('relax', item, 'is not supported: the API offers fast (default) and turbo only');
		return true;
	}
	return false;
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

// Text to Image / Video Diffusion: the prompt is 1-8192 characters.
export function checkLength(
	text: string,
	field: string,
	report: Report,
	required: boolean,
	suffix = '',
): void {
	if (required && text.trim() === '') report.field('prompt-length', field, 'must not be empty');
	if (text.length > PROMPT_MAX_LENGTH) {
		report.field(
			'prompt-length',
			field,
			`is ${text.length} characters long${suffix}; the limit is ${PROMPT_MAX_LENGTH}`,
		);
	}
}
