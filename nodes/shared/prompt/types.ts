/** Names used in messages; they default to the editor's display names. */
export interface FieldNames {
	/** Default "Prompt". */
	prompt?: string;
	/** Default "Midjourney Parameters". */
	parameters?: string;
}

export interface Violation {
	/** The editor display name, e.g. "Prompt" or "Midjourney Parameters > Chaos". */
	field: string;
	/** What is wrong, readable after "<field>: ". */
	rule: string;
	/** Key into RULES_SOURCES (modelRules.ts): which documented rule this is. */
	id?: string;
}
