/**
 * Every prompt rule this package enforces and where legnext.md states it. Which of them a
 * provider applies is its table's business (providers.ts: activeRules, ruleSetsMarkdown); the
 * APIFRAME and TheNextLeg tables apply only the node's own rules and an empty-prompt check. Section names are the
 * document's headings ("A > B" = heading B under heading A). "Derived" marks the few rules the
 * docs imply but do not state; each says why. `contradiction` says where legnext.md contradicts
 * itself about the rule: there the rule accepts what either passage allows, so the prompt is
 * sent and the provider decides.
 */
export const RULES_SOURCES = [
	{
		id: 'prompt-length',
		rule: 'The final prompt (with the parameter fields added) is 1-8192 characters',
		source: 'Text to Image > Request Body (`text`); Video Diffusion > Request Body (`prompt`)',
	},
	{
		id: 'model-supported',
		rule: '--v / --version / the Version field must be 6, 6.1, 7, 8 or 8.1; --niji must be 6 (or bare)',
		source:
			'Important Information > Supported Models; Model Information (v6, v6.1, niji 6, v7, v8, v8.1)',
	},
	{
		id: 'model-ambiguous',
		rule: 'The prompt types two different models (e.g. --v 7 and --niji 6)',
		source: 'Derived: Supported Models gives one model per job; nothing says which one would win',
	},
	{
		id: 'field-conflict',
		rule: 'A parameter is set in a Midjourney Parameters field and also typed in the prompt',
		source: 'Derived: the same parameter twice has no documented meaning; we refuse to guess',
	},
	{
		id: 'field-option',
		rule: 'The Speed field (when set by an expression) must be default, fast or turbo',
		source: 'Important Information > Supported Speed Modes',
	},
	{
		id: 'field-injection',
		rule: 'A Midjourney Parameters text field must not itself contain --flags',
		source:
			'Derived: a value runs to the next " --" (Image Parameters examples), so it would add a flag',
	},
	{
		id: 'unsupported-parameter',
		rule: '--repeat/--r, --personalize, --stealth and --public are not supported',
		source: 'Important Information > Current Limitations; Image Parameters > Current Limitations',
	},
	{
		id: 'permutations',
		rule: '{} permutations (a brace group of comma-separated options, e.g. {red, blue}) are not supported; braces without a list, e.g. {OPEN}, are ordinary text and are sent',
		source:
			'Important Information > Current Limitations ("`{}` prompt arrangement syntax"); Image Parameters > Current Limitations ("`{}` prompt variation syntax")',
		contradiction:
			'Read as a ban on any braces, Current Limitations would forbid ordinary prompt text (a sign reading {OPEN}) that no passage forbids; the syntax it names is the Midjourney option list {a, b}: only a brace group with commas is refused',
	},
	{
		id: 'relax',
		rule: '--relax is not supported (image and video)',
		source:
			'Important Information > Supported Speed Modes; Model Parameter Comparison (Relax Mode: no model)',
	},
	{
		id: 'video-only',
		rule: 'Image prompts reject --video, --bs/--batchsize, --loop and --end (--motion is sent)',
		source:
			'Image Parameters > Current Limitations (--video, --bs); Model Parameter Comparison > Notes 6 (video, end, loop)',
		contradiction:
			'--motion: Notes 6 and the Image Generation Parameter List ("only supports video tasks") make it video-only, but Advanced Parameter Combinations shows it in an image prompt ("Dynamic action scene --niji 6 --motion 4 --chaos 30"): accepted',
	},
	{
		id: 'chaos-range',
		rule: '--chaos / --c is 0-100',
		source: 'Model Parameter Comparison (Chaos); Image Generation Parameter List',
	},
	{
		id: 'stylize-range',
		rule: '--stylize / --s is 0-1000',
		source: 'Model Parameter Comparison (Stylize); Image Generation Parameter List',
	},
	{
		id: 'weird-range',
		rule: '--weird / --w is 0-3000',
		source: 'Model Parameter Comparison (Weird); Image Generation Parameter List',
	},
	{
		id: 'seed-range',
		rule: '--seed is a whole number 0-4294967295',
		source: 'Model Parameter Comparison (Seed); Image Generation Parameter List',
	},
	{
		id: 'stop-range',
		rule: '--stop is 10-100',
		source: 'Model Parameter Comparison (Stop); Image Generation Parameter List',
	},
	{
		id: 'iw-range',
		rule: '--iw is 0-3',
		source: 'Model Parameter Comparison (Image Weight); Image Generation Parameter List',
	},
	{ id: 'sw-range', rule: '--sw is 0-1000', source: 'Model Parameter Comparison (Style Weight)' },
	{
		id: 'weight-reference',
		rule: '--cw needs --cref and --ow needs --oref in the same prompt (prompt or fields); --sw and --sv are not tied to --sref',
		source:
			'Derived: Model Parameter Comparison > Notes 4 ("oref (Universal Reference), ow (Universal Reference Weight)"); --cw appears only paired with --cref ("`--cref` / `--cw`": Version 8.1 > Removed in V8.1, Notes 3, Changelog). Style Weight and Style Version have rows of their own and are nowhere said to need --sref',
	},
	{
		id: 'weight-number',
		rule: '--cw and --ow are numbers (the docs give no range, so none is enforced)',
		source:
			'Model Parameter Comparison (no Character/Omni Weight row); Removed in V8.1 (names --cw, --ow)',
	},
	{
		id: 'ar-format',
		rule: '--ar / --aspect is a whole-number ratio W:H',
		source:
			'Image Parameters > Supported Aspect Ratios > Important Notes ("Only supports integer ratios")',
	},
	{
		id: 'quality-values',
		rule: '--q / --quality: v6 1, 2; v6.1 and niji 6 0.5, 1, 2; v7 and v8 1, 2, 4; rejected on v8.1',
		source: 'Model Parameter Comparison (Quality); Version 8.1 > Removed in V8.1',
		contradiction:
			'v8: the Quality row gives (1, 4), Version 8 > V8 Parameters says "All V7 parameters ... are supported": v7\'s 2 is accepted on v8',
	},
	{
		id: 'stop-model',
		rule: '--stop is not supported on v8.1',
		source: 'Model Parameter Comparison (Stop)',
		contradiction:
			'v8: the Stop row says 🚫, Version 8 > V8 Parameters says "All V7 parameters ... are supported": accepted on v8',
	},
	{
		id: 'hd-model',
		rule: '--hd only on v8 (4x cost) and v8.1 (accepted no-op)',
		source:
			'Model Parameter Comparison (HD Mode); Image Generation Parameter List (HD Mode); Removed in V8.1',
	},
	{
		id: 'turbo-model',
		rule: '--turbo is not supported on v8 or v8.1',
		source:
			'Model Parameter Comparison (Turbo Mode); Version 8 > V8 Cost Model ("Turbo mode (`--turbo`) is not supported with V8", the exception the V8 section itself makes to "All V7 parameters"); Notes 2; Version 8.1 > Removed in V8.1',
	},
	{
		id: 'no-model',
		rule: '--no only on v6.1, v7 and v8 (not v6, niji 6, v8.1)',
		source:
			'Model Parameter Comparison (Negative Prompt) and Notes 7; Version 8.1 > Removed in V8.1',
	},
	{
		id: 'oref-model',
		rule: '--oref and --ow only on v7 and v8',
		source:
			'Model Parameter Comparison (Omni Reference) and Notes 4; Version 8.1 > Removed in V8.1',
	},
	{
		id: 'cref-model',
		rule: '--cref and --cw only on v6, v6.1, v7 and niji 6 (v8 replaced them with --oref; v8.1 removed them)',
		source:
			'Model Parameter Comparison (Character Reference) and Notes 5; Version 8 > V8 Parameters ("`--oref` ... replaces `--cref`", the exception the V8 section itself makes to "All V7 parameters"); Version 8.1 > Removed in V8.1',
	},
	{
		id: 'sv-values',
		rule: '--sv: 1, 2, 3, 4 on every model; 6 only on v8',
		source:
			'Model Parameter Comparison (Style Version); Version 8 > V8 Parameters (`--sv 6`); Version 8.1 > V8.1 Cost Model (--sv 6 rejected)',
		contradiction:
			'v8: the Style Version row gives only "6 (legacy, 4x cost)", Version 8 > V8 Parameters says "All V7 parameters (... `--sref` ...) are supported": 1-4 are accepted on v8 too',
	},
	{
		id: 'draft-model',
		rule: '--draft only on v7, v8 and v8.1',
		source: 'Model Parameter Comparison (Draft); Image Generation Parameter List (Draft)',
		contradiction:
			'The Draft row and Notes 4 ("v7 model exclusive parameters: draft") say v7 only; the Image Generation Parameter List says "in V7 and above" and V8 Parameters "All V7 parameters ... are supported": v8 and v8.1 are accepted',
	},
	{
		id: 'exp-model',
		rule: '--exp only on v7, v8 and v8.1',
		source: 'Model Parameter Comparison (Experimental)',
	},
	{
		id: 'exp-value',
		rule: '--exp: no value or 0-100 on v7 and v8; no value on v8.1',
		source:
			'Model Parameter Comparison (Experimental: v7 "0-100", v8/v8.1 "✓"); Image Generation Parameter List (Experimental: "No value")',
		contradiction:
			'v7: the table says "0-100", the parameter list "No value": both forms are accepted. v8 takes the same (V8 Parameters: "All V7 parameters (... `--exp` ...) are supported")',
	},
	{
		id: 'p-model',
		rule: '--p only on v7, v8 and v8.1',
		source: 'Model Parameter Comparison (Personalization (--p)); V8.1 Parameters',
	},
	{ id: 'sd-model', rule: '--sd is rejected on v8.1', source: 'Version 8.1 > Removed in V8.1' },
	{
		id: 'switch-value',
		rule: '--tile, --raw, --draft, --hd, --fast, --turbo (and video --loop, --raw) take no value',
		source: 'Image Generation Parameter List ("No value"); Video Parameter List (Raw, Loop: "-")',
	},
	{
		id: 'value-required',
		rule: '--no needs text; --sref, --cref, --oref need image URLs',
		source: 'Image Generation Parameter List (Values/Range: "Text description", "Image URL")',
	},
	{
		id: 'ref-url',
		rule: 'URLs in --sref, --cref, --oref (and video --end) are http(s); --cref/--oref take only URLs',
		source:
			'Image Generation Parameter List ("Image URL"); Video Parameters (End Frame: "image url")',
	},
	{
		id: 'oref-single',
		rule: '--oref takes exactly one image',
		source: 'Object Reference (--oref) - V7 Update > Usage ("You can only use one image")',
	},
	{
		id: 'oref-v7-speed',
		rule: 'On v7, --oref cannot be combined with a speed mode (--fast, --turbo) or --q 4',
		source:
			'Object Reference (--oref) - V7 Update > Important Limitations (V7) ("Speed mode incompatibility")',
	},
	{
		id: 'image-prompt-url',
		rule: 'Image URLs at the start of a prompt are http(s)',
		source:
			'Video Diffusion > Option 2 ("[image_url] your prompt text"); Version 8.1 (image URLs in the prompt)',
	},
	{
		id: 'video-parameter',
		rule: 'Video prompts reject the image parameters the Video Model column marks 🚫 (--tile, --chaos, --seed, --stop, --weird, --stylize, --q, --hd, --iw, --no, --sref, --oref/--ow, --cref/--cw, --sv, --sw, --draft, --exp, --p); parameters with no row (--ar, --v, --niji) are sent',
		source:
			'Model Parameter Comparison (Video Model column: Original Mode, Fast and Turbo supported, every other row 🚫); Video Parameters > Video Parameter List',
		contradiction:
			'--ar: the Video Parameter List does not name it, but it is not said to be exhaustive and the comparison table has no Aspect Ratio row (no 🚫 for the Video Model); the Image Generation Parameter List gives --ar "Any ratio" with no model limit: accepted',
	},
	{
		id: 'motion-values',
		rule: '--motion is low, high or a number from 1 to 4 (image and video prompts)',
		source:
			'Video Parameters > Video Parameter List; Video Diffusion > Motion Intensity; Image Generation Parameter List (Motion)',
		contradiction:
			'The Video Parameter List and Video Diffusion say "low, high"; the Image Generation Parameter List says "1-4 (default: 2)" and Advanced Parameter Combinations uses --motion 4: both are accepted',
	},
	{
		id: 'bs-values',
		rule: 'Video --bs is 1, 2 or 4',
		source:
			'Video Parameters > Video Parameter List; Video Diffusion > Batch Size; Image Parameters > Current Limitations',
	},
	{
		id: 'end-single',
		rule: 'Video --end takes exactly one image URL',
		source:
			'Video Parameters > Video Parameter List (`--end [image url]`); Video Diffusion > End Frame Image',
	},
	{
		id: 'video-image-required',
		rule: 'A video prompt without a source job starts with an image URL',
		source: 'Video Diffusion > Option 2: Using prompt with image URL',
	},
	{
		id: 'img-url',
		rule: 'Request imgUrl fields are http(s) URLs of at most 1024 characters',
		source:
			'Upload Paint, Retexture, Remove Background > Request Body ("max length: 1024 characters")',
	},
] as const;

export type RuleId = (typeof RULES_SOURCES)[number]['id'];

/** RULES_SOURCES as a Markdown table, for release notes. */
export function rulesSourcesMarkdown(): string {
	const rows = RULES_SOURCES.map((r) => {
		const contradiction = 'contradiction' in r ? r.contradiction : '';
		return `| \`${r.id}\` | ${r.rule} | ${r.source} | ${contradiction} |`;
	});
	return [
		'| Rule | What | legnext.md section | Where the docs contradict themselves (what is sent) |',
		'|---|---|---|---|',
		...rows,
	].join('\n');
}
