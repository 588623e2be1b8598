/**
 * Reads Midjourney parameters ("flags") out of a prompt without changing it.
 *
 * Shape of a prompt (legnext.md, "Prompt Best Practices", "Video Diffusion"):
 *   [image URLs] text [--flag [value]] [--flag [value]] ...
 * A flag's value runs up to the next " --", so multi-word values such as
 * `--no weeds, dead plants` and `--sref url1 url2` stay whole. Multi-prompt weights
 * (`hot:: dog::2`, `::-0.5`) are ordinary text: "::" is never a flag.
 */

export interface PromptFlag {
	/** Canonical lowercase name: `--s` and `--stylize` are both `stylize`, `--style raw` is `raw`. */
	name: string;
	/** The name as typed, without the dashes (`s`, `Stylize`, `style`). */
	written: string;
	/** Trimmed value, '' for a switch such as `--tile`. */
	value: string;
	/** The flag exactly as typed, trimmed (`--style raw`, `--ar 16:9`). */
	raw: string;
}

export interface ParsedPrompt {
	/** Everything before the first flag, trimmed (includes leading image URLs). */
	text: string;
	/** URLs at the very start of the prompt: image prompts. */
	imageUrls: string[];
	/** `text` without the leading image URLs. */
	body: string;
	flags: PromptFlag[];
	/** `{a, b}` permutation syntax somewhere in the prompt (see hasPermutations). */
	hasPermutations: boolean;
}

/**
 * Short and long spellings the docs list as the same parameter ("Image Generation Parameter
 * List" Format column, "V8.1 Parameters", "Current Limitations" for --bs/--batchsize).
 * `--r` is Midjourney's short form of `--repeat`. `--personalize` is deliberately NOT folded
 * into `--p`: the docs treat them differently (see modelRules.ts).
 */
export const FLAG_ALIASES: Readonly<Record<string, string>> = {
	aspect: 'ar',
	c: 'chaos',
	q: 'quality',
	s: 'stylize',
	w: 'weird',
	version: 'v',
	r: 'repeat',
	batchsize: 'bs',
};

// A flag starts at the beginning or after whitespace: "a--b" inside a URL is not a flag.
const FLAG_START = /(^|\s)--([a-zA-Z][a-zA-Z0-9._]*)/g;
// `--v7` / `--niji6`: the docs themselves write "--v7 --draft" (Important Usage Requirements).
const GLUED_VERSION = /^(v|version|niji)(\d+(?:\.\d+)?)$/;
// Any "scheme://" token (or a data: URI) counts as a URL, so a wrong scheme can be reported.
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|data:\S+)$/i;
// Important Information > Current Limitations ("`{}` prompt arrangement syntax") and Image
// Parameters > Current Limitations ("`{}` prompt variation syntax") name Midjourney's permutation
// syntax: a brace group listing alternatives separated by commas, `a {red, blue} bird` -> two
// prompts. Neither passage forbids braces as such, so a brace group without a comma
// (`a neon sign reading {OPEN}`) is ordinary text and is sent; only a list of options is refused.
const PERMUTATION = /\{[^{}]*,[^{}]*\}/;

/** True when `text` uses `{a, b}` permutation syntax (a brace group with comma-separated options). */
export function hasPermutations(text: string): boolean {
	return PERMUTATION.test(text);
}

export function isUrlLike(token: string): boolean {
	return URL_LIKE.test(token);
}

export function isHttpUrl(token: string): boolean {
	return /^https?:\/\/[^\s/?#]+\S*$/i.test(token);
}

/** Canonical name for a flag as typed; `value` decides `--style raw`. */
export function canonicalFlagName(written: string, value = ''): string {
	const name = written.toLowerCase();
	if (name === 'style' && value.trim().toLowerCase() === 'raw') return 'raw';
	return FLAG_ALIASES[name] ?? name;
}

export function parseFlags(prompt: string): { text: string; flags: PromptFlag[] } {
	const starts = [...prompt.matchAll(FLAG_START)];
	if (starts.length === 0) return { text: prompt.trim(), flags: [] };
	const flags = starts.map((match, i): PromptFlag => {
		const at = (match.index ?? 0) + match[1].length;
		const end = i + 1 < starts.length ? (starts[i + 1].index ?? prompt.length) : prompt.length;
		let written = match[2];
		let value = prompt.slice(at + 2 + written.length, end).trim();
		const glued = GLUED_VERSION.exec(written.toLowerCase());
		if (glued && value === '') {
			written = written.slice(0, glued[1].length);
			value = glued[2];
		}
		const name = canonicalFlagName(written, value);
		return {
			name,
			written,
			// `--style raw` is the switch `--raw`: "raw" is its name, not a value.
			value: name === 'raw' && written.toLowerCase() === 'style' ? '' : value,
			raw: prompt.slice(at, end).trim(),
		};
	});
	const first = starts[0];
	return { text: prompt.slice(0, (first.index ?? 0) + first[1].length).trim(), flags };
}

export function parsePrompt(prompt: string): ParsedPrompt {
	const { text, flags } = parseFlags(prompt);
	const imageUrls: string[] = [];
	let body = text;
	for (
		let m = /^(\S+)(?:\s+|$)/.exec(body);
		m && isUrlLike(m[1]);
		m = /^(\S+)(?:\s+|$)/.exec(body)
	) {
		imageUrls.push(m[1]);
		body = body.slice(m[0].length);
	}
	return { text, imageUrls, body, flags, hasPermutations: hasPermutations(prompt) };
}

/** The flags of a prompt whose canonical name is one of `names`, in prompt order. */
export function findFlags(flags: readonly PromptFlag[], ...names: string[]): PromptFlag[] {
	return flags.filter((flag) => names.includes(flag.name));
}

/**
 * Splits a multi-value flag (`--sref a b`) or a list field (`a, b` / `a,b`) into its items.
 * A comma only separates items when a new URL follows it: commas inside one URL (image CDNs
 * use them for transforms, e.g. `/w_100,h_100/`) are kept.
 */
export function splitList(value: string): string[] {
	return value
		.split(/\s+/)
		.flatMap((token) => token.split(/,(?=[a-z][a-z0-9+.-]*:\/\/)/i))
		.map((token) => token.replace(/^,+|,+$/g, ''))
		.filter(Boolean);
}
