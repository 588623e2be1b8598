// The banned-word prefilter (docs imagine: "If you are using the banned word prefilter, you will receive a
// response 400 ... {"success": false, "msg": "Invalid phrase: 'bad-word'"}"). TNL's list is not public:
// ours is configurable and defaults to two harmless test words. Matching is case-insensitive on whole
// words (a listed phrase may hold several words); the answer quotes the phrase as listed.

export const DEFAULT_BANNED_WORDS = ['forbiddenword', 'bannedword'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Prefilter {
	private readonly rules: { phrase: string; re: RegExp }[];

	constructor(words: string[] = DEFAULT_BANNED_WORDS) {
		this.rules = words
			.map((w) => w.trim())
			.filter(Boolean)
			.map((phrase) => ({
				phrase,
				re: new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu'),
			}));
	}

	/** The first listed phrase found in `text`, or '' when the text is clean. */
	match(text: string): string {
		return this.rules.find((r) => r.re.test(text))?.phrase ?? '';
	}
}

/** `ignorePrefilter`: the docs send the string "false"; the Go client sends a boolean. Both are accepted. */
export function parseIgnorePrefilter(v: unknown): boolean | undefined {
	if (v === undefined || v === null || v === '') return false;
	if (v === true || v === 'true') return true;
	if (v === false || v === 'false') return false;
	return undefined; // invalid: the caller answers 400
}
