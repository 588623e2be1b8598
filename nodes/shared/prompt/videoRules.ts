import { isHttpUrl, parsePrompt } from './flags';
import type { PromptRuleSet } from './providers';
import { LEGNEXT_RULES } from './providers';
import {
	checkImagePromptUrls,
	checkLength,
	checkMotion,
	checkReferences,
	checkSwitch,
	checkUnsupported,
	IMAGE_URL_MAX_LENGTH,
	Report,
} from './ruleHelpers';
import type { Item } from './ruleHelpers';
import type { Violation } from './types';

/*
 * What a video prompt may not carry: the rows the Model Parameter Comparison marks 🚫 in its
 * Video Model column (Tile, Chaos, Seed, Stop, Weird, Stylize, Quality, HD Mode, Image Weight,
 * Negative Prompt, Style Reference, Omni Reference, Character Reference, Style Version, Style
 * Weight, Draft, Experimental, Personalization; Relax is refused as unsupported), with the
 * weights that belong to those references (--cw, --ow). The Video Parameter List (--motion,
 * --raw, --end, --loop, --bs) is not said to be exhaustive, and the table has no row at all for
 * --ar, --v or --niji: the docs do not forbid those in a video prompt, so they are sent and the
 * provider decides. (Image Parameters describes --ar for images; its "Only supports integer
 * ratios" is not applied to video prompts either.)
 */
const NOT_FOR_VIDEO = new Set([
	'tile',
	'chaos',
	'seed',
	'stop',
	'weird',
	'stylize',
	'quality',
	'hd',
	'iw',
	'no',
	'sref',
	'oref',
	'ow',
	'cref',
	'cw',
	'sv',
	'sw',
	'draft',
	'exp',
	'p',
]);

export interface VideoPromptOptions {
	/** Display name of the prompt field; default "Prompt". */
	field?: string;
	/** True for Video Diffusion "Option 2": no source job, so the prompt must start with an image URL. */
	requireImage?: boolean;
	/** The provider's table (providers.ts); default Legnext's. */
	rules?: PromptRuleSet;
}

/**
 * Checks a video prompt against the provider's table and, where it applies them, legnext.md's
 * "Video Parameters" and "Video Diffusion" rules.
 */
export function checkVideoPrompt(prompt: string, options: VideoPromptOptions = {}): Violation[] {
	const field = options.field ?? 'Prompt';
	const rules = options.rules ?? LEGNEXT_RULES;
	const report = new Report();
	const parsed = parsePrompt(prompt);
	// Option 1 (jobId) makes the prompt optional; Option 2 requires it.
	checkLength(prompt, field, report, {
		required: options.requireImage === true,
		max: rules.maxLength,
	});
	if (rules.refusePermutations && parsed.hasPermutations)
		report.field('permutations', field, 'uses {} permutations, which the API does not support');
	if (rules.parameterRules) checkImagePromptUrls(parsed.imageUrls, field, report);
	// Video Diffusion Option 2: prompt "format: "[image_url] your prompt text"".
	if (options.requireImage && parsed.imageUrls.length === 0 && prompt.trim() !== '') {
		report.field(
			'video-image-required',
			field,
			'must start with the URL of the image to animate, e.g. "https://example.com/a.png a slow pan"',
		);
	}
	for (const flag of parsed.flags) {
		const item: Item = { flag, field };
		if (checkUnsupported(item, report, rules) || !rules.parameterRules) continue;
		const { name, value } = flag;
		if (NOT_FOR_VIDEO.has(name)) {
			report.flag(
				'video-parameter',
				item,
				'is an image parameter the video model does not support; video prompts take --motion, --raw, --end, --loop, --bs, --fast and --turbo',
			);
			continue;
		}
		if (name === 'motion') {
			checkMotion(item, report);
		} else if (name === 'bs' && !['1', '2', '4'].includes(value)) {
			report.flag('bs-values', item, `must be 1, 2 or 4, got "${value}"`);
		} else if (name === 'end') {
			const refs = checkReferences(item, report, true);
			if (refs.length > 1)
				report.flag('end-single', item, `takes exactly one image URL, got ${refs.length}`);
		} else if (name === 'raw' || name === 'loop' || name === 'fast' || name === 'turbo') {
			checkSwitch(item, report);
		}
	}
	return report.violations;
}

/**
 * An `imgUrl` request field (Upload Paint, Retexture, Remove Background): an http(s) URL of at
 * most 1024 characters ("max length: 1024 characters"; Retexture "Supported Formats").
 */
export function checkImageUrl(url: string, field = 'Image URL'): Violation[] {
	const text = url.trim();
	const out: Violation[] = [];
	if (text === '') return [{ field, rule: 'must not be empty', id: 'img-url' }];
	if (!isHttpUrl(text))
		out.push({ field, rule: `"${text.slice(0, 80)}" is not an http(s) URL`, id: 'img-url' });
	if (text.length > IMAGE_URL_MAX_LENGTH) {
		out.push({
			field,
			rule: `is ${text.length} characters long; the limit is ${IMAGE_URL_MAX_LENGTH}`,
			id: 'img-url',
		});
	}
	return out;
}
