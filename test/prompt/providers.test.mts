// The per-provider prompt rule tables (nodes/shared/prompt/providers.ts): Legnext's reproduces
// the legnext.md rules; APIFRAME's and TheNextLeg's refuse only what their own docs forbid.
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	activeRules,
	APIFRAME_RULES,
	appendParameters,
	checkPrompt,
	checkVideoPrompt,
	findConflicts,
	LEGNEXT_RULES,
	midjourneyParameters,
	PROMPT_MAX_LENGTH,
	PROMPT_RULE_SETS,
	RULES_SOURCES,
	ruleSetsMarkdown,
	THENEXTLEG_RULES,
	type PromptRuleSet,
	type Violation,
} from '../../nodes/shared/prompt/index.ts';
import {
	checkFollowUpPrompt,
	checkImagePrompt,
	checkVideoPromptText,
	sendPromptWithParameters,
} from '../../nodes/shared/prompt/routing.ts';

const U = 'https://cdn.example.com/a.png';
const ids = (violations: Violation[]) => violations.map((v) => v.id);
const OPEN_SETS: Array<[string, PromptRuleSet]> = [
	['APIFRAME', APIFRAME_RULES],
	['TheNextLeg', THENEXTLEG_RULES],
];

// Prompts Legnext refuses, one or more per legnext.md rule family.
const LEGNEXT_REFUSES: Array<[string, IDataObject?]> = [
	['x --v 5'],
	['x --niji 5'],
	['x --v 7 --niji 6'],
	['x --repeat 2'],
	['x --personalize'],
	['x --stealth'],
	['x --relax'],
	['a {red, blue} bird'],
	['x --chaos 500'],
	['x --s 5000'],
	['x --seed -1'],
	['x --q 0.25'],
	['x --v 8.1 --no cars'],
	['x --v 6 --p'],
	['x --hd'],
	['x --bs 3'],
	['x --video'],
	['x --loop'],
	['x --motion medium'],
	['x --tile yes'],
	['x --sref nice-style'],
	[`x --oref ${U} ${U}`],
	[`x --oref ${U} --turbo`],
	['x --cw 100'],
	['x --ar 1.5:1'],
	['x --exp 500'],
	['ftp://x.org/a.png a fox'],
	['a'.repeat(PROMPT_MAX_LENGTH + 1)],
	['x', { chaos: 500 }],
	['x', { version: '5.2' }],
	['x', { speed: 'relax' }],
	['x', { negativePrompt: '{a, b}' }],
];

describe('Legnext table', () => {
	it('is the default everywhere and reproduces the legnext.md rules', () => {
		for (const [prompt, params] of LEGNEXT_REFUSES) {
			const input = params ? { prompt, params } : prompt;
			const byDefault = checkPrompt(input);
			expect(byDefault.length, prompt.slice(0, 40)).toBeGreaterThan(0);
			expect(checkPrompt(input, undefined, { rules: LEGNEXT_RULES })).toEqual(byDefault);
		}
		expect(checkVideoPrompt('x --chaos 10', { rules: LEGNEXT_RULES })).toEqual(
			checkVideoPrompt('x --chaos 10'),
		);
		expect(appendParameters('x', { version: 'niji6', speed: 'turbo' }, LEGNEXT_RULES)).toBe(
			appendParameters('x', { version: 'niji6', speed: 'turbo' }),
		);
		expect(midjourneyParameters(undefined, LEGNEXT_RULES)).toEqual(midjourneyParameters());
	});

	it('can give every rule in RULES_SOURCES', () => {
		const active = new Set(activeRules(LEGNEXT_RULES));
		for (const id of [
			'prompt-length',
			'model-supported',
			'unsupported-parameter',
			'relax',
			'permutations',
		])
			expect(active.has(id as never), id).toBe(true);
		expect(LEGNEXT_RULES.parameterRules).toBe(true);
		expect(LEGNEXT_RULES.models).toEqual(['6', '6.1', '7', '8', '8.1', 'niji6']);
		expect(LEGNEXT_RULES.defaultModel).toBe('7');
		expect(LEGNEXT_RULES.maxLength).toBe(8192);
		expect(Object.keys(LEGNEXT_RULES.unsupported).sort()).toEqual([
			'personalize',
			'public',
			'relax',
			'repeat',
			'stealth',
		]);
	});
});

describe.each(OPEN_SETS)('%s table: refuses only what its docs forbid', (_name, rules) => {
	const check = (prompt: string, params?: IDataObject) =>
		checkPrompt(params ? { prompt, params } : prompt, undefined, { rules });

	it('sends every prompt only legnext.md forbids', () => {
		for (const [prompt, params] of LEGNEXT_REFUSES) {
			// A Legnext speed the table offers is fine; "relax" is a documented choice here.
			expect(check(prompt, params), prompt.slice(0, 40)).toEqual([]);
		}
		for (const prompt of ['x --chaos 10', 'x --motion medium --bs 3', 'ftp://x.org/a.png a fox'])
			expect(checkVideoPrompt(prompt, { rules }), prompt).toEqual([]);
	});

	it('refuses an empty prompt', () => {
		expect(ids(check(''))).toEqual(['prompt-length']);
		expect(ids(check('   '))).toEqual(['prompt-length']);
		expect(ids(checkVideoPrompt('', { rules, requireImage: true }))).toEqual(['prompt-length']);
	});

	it("keeps the node's own rules for its Midjourney Parameters fields", () => {
		expect(ids(check('x --ar 1:1', { aspectRatio: '16:9' }))).toEqual(['field-conflict']);
		expect(ids(check('x', { negativePrompt: 'dogs --ar 2:3' }))).toEqual(['field-injection']);
		expect(ids(check('x', { speed: 'slow' }))).toEqual(['field-option']);
		expect(check('x', { speed: 'relax' })).toEqual([]);
	});

	it('gives only the rules its table turns on', () => {
		expect(activeRules(rules)).toEqual([
			'prompt-length',
			'field-conflict',
			'field-injection',
			'field-option',
		]);
		const allowed = new Set<string>(activeRules(rules));
		for (const [prompt, params] of [
			...LEGNEXT_REFUSES,
			['', { aspectRatio: 'x' }] as [string, IDataObject],
		])
			for (const v of check(prompt, params)) expect(allowed.has(v.id ?? ''), v.id).toBe(true);
	});

	it('sends the parameter fields as typed: any version, free text, no model knowledge', () => {
		expect(appendParameters('x', { version: '5.2' }, rules)).toBe('x --v 5.2');
		expect(appendParameters('x', { version: 'niji 5' }, rules)).toBe('x --niji 5');
		expect(appendParameters('x', { version: 'V6' }, rules)).toBe('x --v 6');
		expect(appendParameters('x', { version: 'niji' }, rules)).toBe('x --niji');
		expect(appendParameters('x', { speed: 'relax' }, rules)).toBe('x --relax');
		// No model rules: --exp is written with its value even on v8 (Legnext writes a bare switch).
		expect(appendParameters('x', { version: '8', experimental: 30 }, rules)).toBe(
			'x --v 8 --exp 30',
		);
		expect(appendParameters('x', { chaos: '30', quality: 0.25 }, rules)).toBe(
			'x --quality 0.25 --chaos 30',
		);
		expect(check('x', { version: '5.2', quality: 0.25, styleVersion: 5 })).toEqual([]);
		expect(ids(findConflicts('x --v 5', { version: '6' }, {}, rules))).toEqual(['field-conflict']);
	});
});

describe('Legnext refuses relax from the Speed field; the open tables send it', () => {
	it('differs only by the table', () => {
		expect(appendParameters('x', { speed: 'relax' })).toBe('x');
		expect(ids(checkPrompt({ prompt: 'x', params: { speed: 'relax' } }))).toEqual(['field-option']);
		expect(appendParameters('x', { speed: 'relax' }, THENEXTLEG_RULES)).toBe('x --relax');
	});
});

describe('the Midjourney Parameters collection per table', () => {
	const legnext = midjourneyParameters().options as INodeProperties[];

	it.each(OPEN_SETS)('%s: same fields, no legnext.md ranges, lists or model notes', (_n, rules) => {
		const prop = midjourneyParameters({ show: { operation: ['imagine'] } }, rules);
		expect(prop).toMatchObject({
			name: 'mjParameters',
			type: 'collection',
			displayOptions: { show: { operation: ['imagine'] } },
		});
		const options = prop.options as INodeProperties[];
		const byName = (name: string) => options.find((o) => o.name === name)!;
		expect(options.map((o) => o.name)).toEqual(legnext.map((o) => o.name));
		for (const o of options) {
			expect(o.typeOptions?.minValue, o.name).toBeUndefined();
			expect(o.typeOptions?.maxValue, o.name).toBeUndefined();
			expect(o.hint, o.name).toBeUndefined();
			// No per-model notes from legnext.md.
			expect(o.description, o.name).not.toMatch(/\bV\d|all models|only\b|Niji 6 only|\d+-\d+/);
			if (o.type === 'boolean') expect(o.description).toMatch(/^Whether /);
			expect(o.description).not.toMatch(/\.$/);
		}
		expect(byName('version')).toMatchObject({ type: 'string', default: '' });
		expect(byName('version').options).toBeUndefined();
		expect(byName('quality')).toMatchObject({ type: 'number', default: 1 });
		expect(byName('styleVersion')).toMatchObject({ type: 'number', default: 4 });
		expect(byName('imageWeight').typeOptions).toEqual({ numberPrecision: 2 });
		const speeds = (byName('speed').options as INodePropertyOptions[]).map((o) => o.value);
		expect(speeds).toEqual(['default', ...[...rules.speeds].sort()]);
		const speedNames = (byName('speed').options as INodePropertyOptions[]).map((o) => o.name);
		expect(speedNames).toEqual([...speedNames].sort((a, b) => a.localeCompare(b)));
	});

	it('Legnext keeps its lists and ranges', () => {
		const byName = (name: string) => legnext.find((o) => o.name === name)!;
		expect(byName('version').type).toBe('options');
		expect(byName('chaos').typeOptions).toEqual({ minValue: 0, maxValue: 100 });
		expect((byName('speed').options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'default',
			'fast',
			'turbo',
		]);
	});
});

describe('every table names its sources', () => {
	it('has a source for every entry', () => {
		for (const rules of PROMPT_RULE_SETS) {
			for (const [entry, source] of Object.entries(rules.sources))
				expect(source.length, `${rules.provider} ${entry}`).toBeGreaterThan(5);
			expect(rules.docs).toMatch(/\.(md|txt)/);
		}
		const known = new Set<string>(RULES_SOURCES.map((r) => r.id));
		for (const rules of PROMPT_RULE_SETS)
			for (const id of activeRules(rules)) expect(known.has(id)).toBe(true);
	});

	it('prints the tables as Markdown', () => {
		const md = ruleSetsMarkdown().split('\n');
		expect(md).toHaveLength(2 + 8);
		expect(md[0]).toContain('Legnext (legnext.md)');
		expect(md[0]).toContain('APIFRAME (apiframe-imagine.txt, apiframe-v1.md)');
		expect(md[0]).toContain('TheNextLeg');
		for (const row of md.slice(2)) expect(row.split(' | ')).toHaveLength(4);
		expect(md.find((r) => r.startsWith('| Models'))).toContain('any (sent as typed)');
	});
});

// The routing glue, called the way the operations call it, with a minimal n8n context.
function context(parameters: IDataObject): IExecuteSingleFunctions {
	const node = {
		name: 'Node',
		type: 'test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as unknown as INode;
	return {
		getNode: () => node,
		getItemIndex: () => 0,
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
	} as unknown as IExecuteSingleFunctions;
}

describe('routing glue takes the table', () => {
	it('checks with Legnext by default and with the table given', () => {
		const ctx = context({ prompt: 'a cat --v 5 --chaos 500', mjParameters: { speed: 'relax' } });
		expect(() => checkImagePrompt(ctx, 'prompt', 'Prompt')).toThrow(
			/^Midjourney Parameters > Speed: must be Default, Fast or Turbo/,
		);
		expect(() => checkImagePrompt(ctx, 'prompt', 'Prompt', APIFRAME_RULES)).not.toThrow();
		expect(() =>
			checkImagePrompt(context({ prompt: ' ' }), 'prompt', 'Prompt', APIFRAME_RULES),
		).toThrow(/must not be empty/);
		const remix = context({ remixPrompt: 'more fog --relax' });
		expect(() => checkFollowUpPrompt(remix, 'remixPrompt', 'Remix Prompt')).toThrow(/relax/);
		expect(() =>
			checkFollowUpPrompt(remix, 'remixPrompt', 'Remix Prompt', THENEXTLEG_RULES),
		).not.toThrow();
		expect(() => checkVideoPromptText(ctx, 'waves --chaos 10', 'Prompt')).toThrow(/--chaos/);
		expect(() =>
			checkVideoPromptText(ctx, 'waves --chaos 10', 'Prompt', APIFRAME_RULES),
		).not.toThrow();
	});

	it('appends the parameters the table allows', async () => {
		const ctx = context({ prompt: 'a cat', mjParameters: { speed: 'relax', version: 'niji 5' } });
		const send = async (rules?: PromptRuleSet) =>
			(
				await sendPromptWithParameters('prompt', 'msg', rules).call(ctx, {
					url: '/imagine',
					body: { ref: 'r' },
				} as IHttpRequestOptions)
			).body as IDataObject;
		expect(await send(THENEXTLEG_RULES)).toEqual({ ref: 'r', msg: 'a cat --relax --niji 5' });
		// Legnext writes no relax (it is refused by the check before this runs).
		expect(await send()).toEqual({ ref: 'r', msg: 'a cat --niji 5' });
	});
});
