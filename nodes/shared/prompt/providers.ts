import type { Model } from './models';
import { DEFAULT_MODEL, MODELS } from './models';
import { PROMPT_MAX_LENGTH } from './ruleHelpers';
import type { RuleId } from './rulesSources';

/**
 * What each provider's docs say about Midjourney prompts: one table per provider, read by every
 * check (checkPrompt, checkVideoPrompt, appendParameters, the routing glue) and by the Midjourney
 * Parameters collection. Each table refuses only what that provider's own docs clearly forbid;
 * an entry the docs say nothing about is left open, so the prompt is sent and the provider
 * decides. `sources` gives the document passage behind each entry.
 *
 * Rules that are the node's own (not any provider's) hold for every table: a prompt must not be
 * empty, a Midjourney Parameters field must not also be typed in the prompt (field-conflict) nor
 * carry flags itself (field-injection), and the Speed field takes only the speeds offered.
 */

/** A flag the provider does not support: the rule that refuses it and what the message says. */
export interface UnsupportedFlag {
	id: Extract<RuleId, 'unsupported-parameter' | 'relax'>;
	/** Read after the flag, e.g. "--repeat is not supported by the API". */
	message: string;
}

export interface PromptRuleSet {
	/** The provider, as the node names it. */
	provider: string;
	/** The documents the table comes from (in the project's api-docs folder). */
	docs: string;
	/**
	 * The models the provider accepts (--v, --niji and the Version field are checked against
	 * them). Undefined when its docs list none: any version is sent, and the Version field is
	 * free text.
	 */
	models?: readonly Model[];
	/** The model a prompt without a version gets; undefined when the docs do not say. */
	defaultModel?: Model;
	/** Flags refused on every prompt (canonical names, see FLAG_ALIASES). */
	unsupported: Readonly<Record<string, UnsupportedFlag>>;
	/** Whether `{a, b}` permutations are refused. */
	refusePermutations: boolean;
	/** Longest prompt (with the parameter fields added); undefined when the docs give none. */
	maxLength?: number;
	/**
	 * Whether the parameter rules of legnext.md apply: the Model Parameter Comparison rows (which
	 * model takes which flag), the value ranges and lists, the video flag rules, http(s) image
	 * prompts and URL references. Also shapes the Midjourney Parameters collection: per-model
	 * notes, editor ranges and fixed value lists are shown only when this is true.
	 */
	parameterRules: boolean;
	/** The Speed field's choices besides Default (which sends no flag). */
	speeds: readonly string[];
	/** The docs passage behind each entry above. */
	sources: Readonly<Record<RuleSetEntry, string>>;
}

export type RuleSetEntry =
	| 'emptyPrompt'
	| 'models'
	| 'defaultModel'
	| 'unsupported'
	| 'permutations'
	| 'maxLength'
	| 'parameterRules'
	| 'speeds';

/** Legnext: legnext.md documents the whole Midjourney parameter surface. */
export const LEGNEXT_RULES: PromptRuleSet = {
	provider: 'Legnext',
	docs: 'legnext.md',
	models: MODELS,
	defaultModel: DEFAULT_MODEL,
	// `--personalize` is refused while `--p` is allowed (v7+): the docs list `--p` as supported in
	// the Model Parameter Comparison and V8.1 Parameters, and "--personalize parameter" as
	// unsupported. Midjourney treats them as one flag; we follow the docs to the letter.
	unsupported: {
		repeat: { id: 'unsupported-parameter', message: 'is not supported by the API' },
		personalize: {
			id: 'unsupported-parameter',
			message: 'is not supported by the API; use --p (v7, v8, v8.1)',
		},
		stealth: { id: 'unsupported-parameter', message: 'is not supported by the API' },
		public: { id: 'unsupported-parameter', message: 'is not supported by the API' },
		relax: {
			id: 'relax',
			message: 'is not supported: the API offers fast (default) and turbo only',
		},
	},
	refusePermutations: true,
	maxLength: PROMPT_MAX_LENGTH,
	parameterRules: true,
	speeds: ['fast', 'turbo'],
	sources: {
		emptyPrompt: 'Text to Image > Request Body (`text`, "1-8192 characters")',
		models:
			'Important Information > Supported Models (v6, v6.1, niji 6, v7, v8, v8.1); Model Information',
		defaultModel: 'Supported Models ("v7 (default)"); Model Information ("with v7 as the default")',
		unsupported:
			'Important Information > Current Limitations and Image Parameters > Current Limitations (--repeat, --personalize, --stealth/--public); Supported Speed Modes ("relax mode currently not supported")',
		permutations:
			'Current Limitations ("`{}` prompt arrangement syntax", "`{}` prompt variation syntax")',
		maxLength: 'Text to Image > Request Body; Video Diffusion > Request Body ("1-8192 characters")',
		parameterRules:
			'Model Information > Model Parameter Comparison; Image Parameters; Video Parameters (every rule in RULES_SOURCES)',
		speeds: 'Important Information > Supported Speed Modes (fast, turbo; relax not supported)',
	},
};

/**
 * APIFRAME (apiframe-imagine.txt, apiframe-v1.md). The docs give the prompt as a required string
 * ("prompt* string the text prompt for Midjourney AI") and say only that Midjourney flags go
 * inside it ("Midjourney flags such as `--ar`, `--sref` and `--v` go inside `prompt`"; the result
 * "carries `sref` only when `--sref` was used"). They list no models, no unsupported flags, no
 * prompt length and no rule about permutations, so nothing but an empty prompt is refused.
 */
export const APIFRAME_RULES: PromptRuleSet = {
	provider: 'APIFRAME',
	docs: 'apiframe-imagine.txt, apiframe-v1.md',
	unsupported: {},
	refusePermutations: false,
	parameterRules: false,
	// apiframe-v1.md § 7: "No source mentions relax for APIFRAME" (nor forbids it); its
	// process_mode body field (fast|turbo) is SDK-only and not a prompt flag.
	speeds: ['fast', 'relax', 'turbo'],
	sources: {
		emptyPrompt: 'apiframe-imagine.txt: POST /imagine, "prompt* string" (required)',
		models:
			'None listed: apiframe-v1.md § 2 "Midjourney flags such as `--ar`, `--sref` and `--v` go inside `prompt`"; any --v is sent',
		defaultModel: 'Not documented',
		unsupported: 'None documented',
		permutations: 'Not documented: sent',
		maxLength: 'Not documented',
		parameterRules:
			'None documented (only that flags go inside `prompt` and `--sref` is echoed back as `sref`)',
		speeds:
			'Not documented for prompts; apiframe-v1.md § 7 (process_mode fast or turbo is SDK-only; "No source mentions relax")',
	},
};

/**
 * TheNextLeg (thenextleg-imagine.txt, thenextleg-img2img.txt, thenextleg-v2.md). `msg` is "Your
 * prompt. This can include an image URL as well. You can also include flags such as the --v 5
 * parameter"; img2img is `"<your-image-url> <your-prompt>"`. The only refusal the docs describe is
 * the provider's own banned-word prefilter ("If you are using the banned word prefilter, you will
 * receive a response 400"), which runs on their side (and `ignorePrefilter` turns it off), so the
 * node does not imitate it. No models, flags, lengths or permutations are ruled on: nothing but
 * an empty prompt is refused.
 */
export const THENEXTLEG_RULES: PromptRuleSet = {
	provider: 'TheNextLeg',
	docs: 'thenextleg-imagine.txt, thenextleg-img2img.txt, thenextleg-v2.md',
	unsupported: {},
	refusePermutations: false,
	parameterRules: false,
	// thenextleg-v2.md § 2: fast and relax are switched with /v2/slash-commands; "Put `--fast` or
	// `--relax` in the prompt only if the server honours it [?]": not forbidden, so offered.
	speeds: ['fast', 'relax', 'turbo'],
	sources: {
		emptyPrompt:
			'thenextleg-imagine.txt: POST /v2/imagine, `msg` "Your prompt" (thenextleg-v2.md § 2: `msg*`)',
		models:
			'None listed: thenextleg-imagine.txt "You can also include flags such as the --v 5 parameter"; any --v is sent',
		defaultModel: 'Not documented (the account setting decides; thenextleg-v2.md § 2 settings)',
		unsupported: 'None documented',
		permutations: 'Not documented: sent',
		maxLength: 'Not documented',
		parameterRules:
			'None documented; the banned-word prefilter runs on the provider side (400 "Invalid phrase"), img2img is "<your-image-url> <your-prompt>"',
		speeds:
			'thenextleg-v2.md § 2: /v2/slash-commands switches fast/relax; flags in the prompt "only if the server honours it [?]"',
	},
};

/** Every provider's table, by provider name. */
export const PROMPT_RULE_SETS: readonly PromptRuleSet[] = [
	LEGNEXT_RULES,
	APIFRAME_RULES,
	THENEXTLEG_RULES,
];

/**
 * The rules a table can refuse with (RULES_SOURCES ids). Legnext's can give every id; a table
 * without parameter rules only the node's own rules and those its entries turn on.
 */
export function activeRules(rules: PromptRuleSet): RuleId[] {
	const out: RuleId[] = ['prompt-length', 'field-conflict', 'field-injection', 'field-option'];
	if (rules.models) out.push('model-supported', 'model-ambiguous');
	for (const flag of Object.values(rules.unsupported))
		if (!out.includes(flag.id)) out.push(flag.id);
	if (rules.refusePermutations) out.push('permutations');
	return out;
}

const ENTRY_LABELS: ReadonlyArray<[RuleSetEntry, string]> = [
	['emptyPrompt', 'Empty prompt refused'],
	['models', 'Models'],
	['defaultModel', 'Default model'],
	['unsupported', 'Unsupported flags'],
	['permutations', '{a, b} permutations'],
	['maxLength', 'Prompt length limit'],
	['parameterRules', 'Model-specific and value rules (legnext.md)'],
	['speeds', 'Speed field'],
];

// A table cell: a "|" would end the cell early.
const cell = (text: string) => text.replace(/\|/g, '\\|');

function entryValue(rules: PromptRuleSet, entry: RuleSetEntry): string {
	switch (entry) {
		case 'emptyPrompt':
			return 'yes';
		case 'models':
			return rules.models ? rules.models.join(', ') : 'any (sent as typed)';
		case 'defaultModel':
			return rules.defaultModel ?? 'not documented';
		case 'unsupported': {
			const flags = Object.keys(rules.unsupported).map((name) => `--${name}`);
			return flags.length ? flags.join(', ') : 'none';
		}
		case 'permutations':
			return rules.refusePermutations ? 'refused' : 'sent';
		case 'maxLength':
			return rules.maxLength === undefined ? 'none' : String(rules.maxLength);
		case 'parameterRules':
			return rules.parameterRules ? 'applied' : 'none';
		case 'speeds':
			return ['default', ...rules.speeds].join(', ');
	}
}

/** The per-provider tables as Markdown (one row per entry, value and source per provider). */
export function ruleSetsMarkdown(sets: readonly PromptRuleSet[] = PROMPT_RULE_SETS): string {
	const header = `| Entry | ${sets.map((s) => `${s.provider} (${s.docs})`).join(' | ')} |`;
	const rule = `|---|${sets.map(() => '---').join('|')}|`;
	const rows = ENTRY_LABELS.map(
		([entry, label]) =>
			`| ${label} | ${sets.map((s) => cell(`${entryValue(s, entry)}: ${s.sources[entry]}`)).join(' | ')} |`,
	);
	return [header, rule, ...rows].join('\n');
}
