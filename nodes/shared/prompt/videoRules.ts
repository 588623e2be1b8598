import { isHttpUrl, parsePrompt } from './flags';
import {
	checkImagePromptUrls,
	checkLength,
	checkReferences,
	checkSwitch,
	checkUnsupported,
	IMAGE_URL_MAX_LENGTH,
	Report,
} from './ruleHelpers';
import type { Item } from './ruleHelpers';
import type { Violation } from './types';

// Video Parameters: --motion, --raw, --end, --loop, --bs; Model Parameter Comparison, Video Model
// column: Fast and Turbo ✓ (every other row 🚫, and there is no row for --ar or --v at all).
const VIDEO_FLAGS = new Set(['motion', 'raw', 'end', 'loop', 'bs', 'fast', 'turbo']);

export interface VideoPromptOptions {
	/** Display name of the prompt field; default "Prompt". */
	field?: string;
	/** True for Video Diffusion "Option 2": no source job, so the prompt must start with an image URL. */
	requireImage?: boolean;
}

/** Checks a Video Diffusion prompt (legnext.md "Video Parameters", "Video Diffusion"). */
export function checkVideoPrompt(prompt: string, options: VideoPromptOptions = {}): Violation[] {
	const field = options.field ?? 'Prompt';
	const report = new Report();
	const parsed = parsePrompt(prompt);
	// Option 1 (jobId) makes the prompt optional; Option 2 requires it.
	checkLength(prompt, field, report, options.requireImage === true);
	if (parsed.hasPermutations)
		report.field('permutations', field, 'uses {} permutations, which the API does not support');
	checkImagePromptUrls(parsed.imageUrls, field, report);
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
		if (checkUnsupported(item, report)) continue;
		const { name, value } = flag;
		if (!VIDEO_FLAGS.has(name)) {
			report.flag(
				'video-parameter',
				item,
				'is not a video parameter; video prompts take --motion, --raw, --end, --loop, --bs, --fast and --turbo',
			);
			continue;
		}
		if (name === 'motion' && !/^(low|high)$/i.test(value)) {
			report.flag('motion-values', item, `must be low or high, got "${value}"`);
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
