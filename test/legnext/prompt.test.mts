import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	appendParameters,
	checkImageUrl,
	checkPrompt,
	checkVideoPrompt,
	effectiveModel,
	findConflicts,
	formatNumber,
	midjourneyParameters,
	parsePrompt,
	RULES_SOURCES,
	rulesSourcesMarkdown,
	splitList,
	type Violation,
} from '../../nodes/shared/prompt/index.ts';

const ids = (violations: Violation[]) => violations.map((v) => v.id);
const img = (prompt: string, params?: IDataObject) =>
	checkPrompt(params ? { prompt, params } : prompt);
const U = 'https://cdn.example.com/a.png';
const U2 = 'https://cdn.example.com/b.png';

describe('parsePrompt', () => {
	it('maps aliases to canonical names and keeps what was written', () => {
		const { flags } = parsePrompt(
			'x --s 10 --stylize 20 --c 1 --chaos 2 --w 3 --weird 4 --q 1 --quality 2 --aspect 2:3 --ar 3:2 --version 7 --v 7 --style raw --raw --r 2 --batchsize 2 --S 5',
		);
		expect(flags.map((f) => f.name)).toEqual([
			'stylize',
			'stylize',
			'chaos',
			'chaos',
			'weird',
			'weird',
			'quality',
			'quality',
			'ar',
			'ar',
			'v',
			'v',
			'raw',
			'raw',
			'repeat',
			'bs',
			'stylize',
		]);
		expect(flags[0]).toEqual({ name: 'stylize', written: 's', value: '10', raw: '--s 10' });
		expect(flags[12]).toEqual({ name: 'raw', written: 'style', value: '', raw: '--style raw' });
		expect(flags[16].written).toBe('S');
	});

	it('keeps --p and --personalize apart, as the docs do', () => {
		expect(parsePrompt('x --p abc --personalize').flags.map((f) => f.name)).toEqual([
			'p',
			'personalize',
		]);
	});

	it('leaves --style values other than raw alone', () => {
		expect(parsePrompt('x --style 4a').flags[0]).toMatchObject({ name: 'style', value: '4a' });
	});

	it('reads multi-word and multi-value flags up to the next " --"', () => {
		const { flags, text } = parsePrompt(
			`Beautiful garden --no weeds, dead plants, brown leaves --sref ${U} ${U2} --ar 16:9`,
		);
		expect(text).toBe('Beautiful garden');
		expect(flags).toEqual([
			{
				name: 'no',
				written: 'no',
				value: 'weeds, dead plants, brown leaves',
				raw: '--no weeds, dead plants, brown leaves',
			},
			{ name: 'sref', written: 'sref', value: `${U} ${U2}`, raw: `--sref ${U} ${U2}` },
			{ name: 'ar', written: 'ar', value: '16:9', raw: '--ar 16:9' },
		]);
	});

	it('reads glued versions like --v7 and --niji6 (the docs write "--v7 --draft")', () => {
		expect(parsePrompt('x --v7 --draft').flags[0]).toMatchObject({
			name: 'v',
			value: '7',
			raw: '--v7',
		});
		expect(parsePrompt('x --niji6').flags[0]).toMatchObject({ name: 'niji', value: '6' });
		expect(parsePrompt('x --v 8.1').flags[0]).toMatchObject({ name: 'v', value: '8.1' });
	});

	it('finds image URLs at the start and separates them from the text', () => {
		const parsed = parsePrompt(`${U}  http://x.org/b.jpg  a red fox --iw 2`);
		expect(parsed.imageUrls).toEqual([U, 'http://x.org/b.jpg']);
		expect(parsed.body).toBe('a red fox');
		expect(parsed.text).toBe(`${U}  http://x.org/b.jpg  a red fox`);
		expect(parsePrompt(`a red fox ${U}`).imageUrls).toEqual([]);
	});

	it('does not treat "--" inside a URL as a flag', () => {
		const parsed = parsePrompt('https://x.org/a--b.png cat --ar 1:1');
		expect(parsed.imageUrls).toEqual(['https://x.org/a--b.png']);
		expect(parsed.flags.map((f) => f.name)).toEqual(['ar']);
	});

	it('leaves multi-prompt :: weights in the text', () => {
		for (const prompt of [
			'Hot:: dog:: animal --ar 16:9',
			'Beach::2 mountain forest --ar 16:9',
			'cat::-0.5 dog --ar 16:9',
		]) {
			const parsed = parsePrompt(prompt);
			expect(parsed.flags.map((f) => f.raw)).toEqual(['--ar 16:9']);
			expect(parsed.text).toBe(prompt.replace(' --ar 16:9', ''));
		}
		expect(checkPrompt('Beach::2 mountain::-0.5 forest --ar 16:9')).toEqual([]);
	});

	it('detects {} permutations: a brace group listing options with commas', () => {
		expect(parsePrompt('a {red, green} bird').hasPermutations).toBe(true);
		expect(parsePrompt('a bird --ar {16:9,1:1}').hasPermutations).toBe(true);
		expect(parsePrompt('a red bird').hasPermutations).toBe(false);
		expect(parsePrompt('a neon sign reading {OPEN}').hasPermutations).toBe(false);
		expect(parsePrompt('braces {} and {one word}').hasPermutations).toBe(false);
	});

	it('handles a prompt without flags', () => {
		expect(parsePrompt('  just text  ')).toMatchObject({
			text: 'just text',
			flags: [],
			imageUrls: [],
		});
	});

	it('splits lists on spaces and commas, but not on commas inside one URL', () => {
		expect(splitList(`${U}, ${U2}`)).toEqual([U, U2]);
		expect(splitList(`${U},${U2}`)).toEqual([U, U2]);
		expect(splitList('https://res.cdn.com/w_100,h_100/a.jpg')).toEqual([
			'https://res.cdn.com/w_100,h_100/a.jpg',
		]);
	});
});

describe('effectiveModel', () => {
	const flags = (p: string) => parsePrompt(p).flags;
	it('is the Version field, else the typed model, else v7', () => {
		expect(effectiveModel(flags('x --v 6'), '8.1')).toBe('8.1');
		expect(effectiveModel(flags('x --version 6.1'))).toBe('6.1');
		expect(effectiveModel(flags('x --niji 6'))).toBe('niji6');
		expect(effectiveModel(flags('x --niji'))).toBe('niji6');
		expect(effectiveModel(flags('x'))).toBe('7');
		expect(effectiveModel(flags('x --v 6.0'))).toBe('6');
		expect(effectiveModel(flags('x --v 5'))).toBeUndefined();
		expect(effectiveModel(flags('x --v 7 --niji 6'))).toBeUndefined();
	});
});

describe('appendParameters', () => {
	it('writes flags in the documented order', () => {
		const params = {
			negativePrompt: 'text',
			draft: true,
			tile: true,
			raw: true,
			version: '7',
			speed: 'turbo',
			weird: 5,
			chaos: 10,
			stylize: 250,
			quality: '2',
			aspectRatio: '16:9',
			seed: 42,
		};
		expect(appendParameters('A cat', params)).toBe(
			'A cat --ar 16:9 --quality 2 --stylize 250 --chaos 10 --weird 5 --turbo --v 7 --raw --tile --draft --seed 42 --no text',
		);
	});

	it('writes every field', () => {
		const all = appendParameters('x', {
			hd: true,
			stop: 50,
			imageWeight: 1.5,
			styleReference: `${U}, ${U2}`,
			styleWeight: 200,
			styleVersion: '4',
			characterReference: U,
			characterWeight: 50,
			omniReference: U2,
			omniWeight: 400,
			experimental: 20,
		});
		expect(all).toBe(
			`x --hd --stop 50 --iw 1.5 --sref ${U} ${U2} --sw 200 --sv 4 --cref ${U} --cw 50 --oref ${U2} --ow 400 --exp 20`,
		);
	});

	it('leaves typed flags exactly as typed and does not duplicate them', () => {
		const prompt = 'A cat  --AR 1:1 --style raw --s 50';
		const out = appendParameters(prompt, {
			aspectRatio: '16:9',
			raw: true,
			stylize: 500,
			chaos: 5,
		});
		expect(out).toBe('A cat  --AR 1:1 --style raw --s 50 --chaos 5');
		expect(out.startsWith(prompt)).toBe(true);
	});

	it('returns the prompt untouched when nothing is set', () => {
		const prompt = 'A cat --ar 1:1  ';
		expect(appendParameters(prompt, {})).toBe(prompt);
		expect(
			appendParameters(prompt, { tile: false, speed: 'default', aspectRatio: '', seed: null }),
		).toBe(prompt);
	});

	it('formats numbers sensibly', () => {
		// `sw` is not a field key (styleWeight is): unknown keys are ignored.
		expect(appendParameters('x', { imageWeight: 0.1 + 0.2, stylize: '250', chaos: 0, sw: 1 })).toBe(
			'x --stylize 250 --chaos 0 --iw 0.3',
		);
		expect(formatNumber(1.5)).toBe('1.5');
		expect(formatNumber(4294967295)).toBe('4294967295');
		expect(appendParameters('x', { stylize: ' 0250 ' })).toBe('x --stylize 250');
	});

	it('writes --niji 6 for Niji 6 and flattens multi-line text', () => {
		expect(appendParameters('x', { version: 'niji6' })).toBe('x --niji 6');
		expect(appendParameters('x', { negativePrompt: 'dogs,\n birds' })).toBe('x --no dogs, birds');
	});

	it('writes --exp per model: a value on v7, a bare switch on v8/v8.1', () => {
		expect(appendParameters('x', { experimental: 30 })).toBe('x --exp 30');
		expect(appendParameters('x', { experimental: 30, version: '8.1' })).toBe('x --v 8.1 --exp');
		expect(appendParameters('x --v 8', { experimental: 30 })).toBe('x --v 8 --exp');
		expect(appendParameters('x', { experimental: 0, version: '8' })).toBe('x --v 8');
	});

	it('works on an empty prompt', () => {
		expect(appendParameters('', { aspectRatio: '2:3' })).toBe('--ar 2:3');
	});
});

describe('findConflicts', () => {
	it('names the field and the typed flag', () => {
		expect(findConflicts('A cat --ar 1:1', { aspectRatio: '16:9' })).toEqual([
			{
				field: 'Midjourney Parameters > Aspect Ratio',
				rule: 'is also typed in Prompt as "--ar 1:1"; set it in one place only',
				id: 'field-conflict',
			},
		]);
	});

	it('sees through aliases and model spellings', () => {
		expect(
			ids(
				findConflicts('x --aspect 1:1 --c 5 --niji 6 --style raw', {
					aspectRatio: '1:1',
					chaos: 1,
					version: '7',
					raw: true,
				}),
			),
		).toEqual(['field-conflict', 'field-conflict', 'field-conflict', 'field-conflict']);
	});

	it('ignores unset fields and the default speed', () => {
		expect(
			findConflicts('x --turbo --ar 1:1 --tile', {
				speed: 'default',
				aspectRatio: '',
				tile: false,
			}),
		).toEqual([]);
		expect(ids(findConflicts('x --turbo', { speed: 'fast' }))).toEqual(['field-conflict']);
	});

	it("uses the caller's field names", () => {
		const [v] = findConflicts(
			'x --ar 1:1',
			{ aspectRatio: '1:1' },
			{ prompt: 'Remix Prompt', parameters: 'Options' },
		);
		expect(v.field).toBe('Options > Aspect Ratio');
		expect(v.rule).toContain('Remix Prompt');
	});

	it('is part of checkPrompt', () => {
		expect(ids(img('x --ar 1:1', { aspectRatio: '16:9' }))).toEqual(['field-conflict']);
	});
});

describe('midjourneyParameters', () => {
	const prop = midjourneyParameters({ show: { operation: ['imagine'] } });
	const options = prop.options as INodeProperties[];
	const byName = (name: string) => options.find((o) => o.name === name)!;

	it('is the mjParameters collection', () => {
		expect(prop).toMatchObject({
			displayName: 'Midjourney Parameters',
			name: 'mjParameters',
			type: 'collection',
			placeholder: 'Add Parameter',
			default: {},
			displayOptions: { show: { operation: ['imagine'] } },
		});
		expect(midjourneyParameters().displayOptions).toBeUndefined();
	});

	it('offers every parameter, sorted by display name', () => {
		expect(options.map((o) => o.name).sort()).toEqual([
			'aspectRatio',
			'chaos',
			'characterReference',
			'characterWeight',
			'draft',
			'experimental',
			'hd',
			'imageWeight',
			'negativePrompt',
			'omniReference',
			'omniWeight',
			'quality',
			'raw',
			'seed',
			'speed',
			'stop',
			'styleReference',
			'styleVersion',
			'styleWeight',
			'stylize',
			'tile',
			'version',
			'weird',
		]);
		const names = options.map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('follows n8n description conventions', () => {
		for (const o of options) {
			if (o.type === 'boolean') expect(o.description).toMatch(/^Whether /);
			expect(o.description).not.toMatch(/\.$/);
			for (const choice of (o.options ?? []) as INodePropertyOptions[]) {
				expect(choice.description ?? '').not.toMatch(/\.$/);
			}
		}
	});

	it('uses the documented ranges', () => {
		const range = (name: string) => [
			byName(name).typeOptions?.minValue,
			byName(name).typeOptions?.maxValue,
		];
		expect(range('chaos')).toEqual([0, 100]);
		expect(range('stylize')).toEqual([0, 1000]);
		expect(range('weird')).toEqual([0, 3000]);
		expect(range('seed')).toEqual([0, 4294967295]);
		expect(range('stop')).toEqual([10, 100]);
		expect(range('imageWeight')).toEqual([0, 3]);
		expect(range('styleWeight')).toEqual([0, 1000]);
		expect(range('experimental')).toEqual([0, 100]);
		// No documented range for --cw / --ow: none invented.
		expect(range('characterWeight')).toEqual([undefined, undefined]);
		expect(range('omniWeight')).toEqual([undefined, undefined]);
	});

	it('offers the supported models and speeds, and no relax', () => {
		const values = (name: string) =>
			(byName(name).options as INodePropertyOptions[]).map((o) => o.value);
		expect(values('version')).toEqual(['niji6', '6', '6.1', '7', '8', '8.1']);
		expect(values('speed')).toEqual(['default', 'fast', 'turbo']);
		expect(values('quality')).toEqual(['0.5', '1', '2', '4']);
		expect(values('styleVersion')).toEqual(['1', '2', '3', '4', '6']);
		for (const name of ['version', 'speed', 'quality', 'styleVersion']) {
			const opts = byName(name).options as INodePropertyOptions[];
			expect(opts.map((o) => o.name)).toEqual(
				opts.map((o) => o.name).sort((a, b) => a.localeCompare(b)),
			);
			expect(values(name)).toContain(byName(name).default);
		}
	});

	it('accepts every option value through the checks (default model v7 unless noted)', () => {
		for (const version of ['niji6', '6', '6.1', '7', '8', '8.1'])
			expect(img('x', { version })).toEqual([]);
		expect(img('x', { quality: '0.5', version: '6.1' })).toEqual([]);
		expect(img('x', { styleVersion: '6', version: '8' })).toEqual([]);
		for (const styleVersion of ['1', '2', '3', '4'])
			for (const version of ['niji6', '6', '6.1', '7', '8', '8.1'])
				expect(img('x', { styleVersion, version }), `${styleVersion} on ${version}`).toEqual([]);
	});
});

/**
 * One passing and one failing case for every documented rule. `pass` must give no violation
 * at all; `fail` must give the rule's id (and only rule ids listed in RULES_SOURCES).
 */
interface RuleCase {
	id: string;
	pass: Array<() => Violation[]>;
	fail: Array<() => Violation[]>;
}

const long = (n: number) => 'a'.repeat(n);

const RULE_CASES: RuleCase[] = [
	{
		id: 'prompt-length',
		pass: [() => img('a'), () => img(long(8192)), () => img('', { aspectRatio: '1:1' })],
		fail: [
			() => img(''),
			() => img('   '),
			() => img(long(8193)),
			() => img(long(8190), { aspectRatio: '16:9' }),
		],
	},
	{
		id: 'model-supported',
		pass: [
			() => img('x --v 8.1'),
			() => img('x --version 6.1'),
			() => img('x --niji 6'),
			() => img('x --niji'),
			() => img('x', { version: 'niji6' }),
		],
		fail: [
			() => img('x --v 5'),
			() => img('x --niji 5'),
			() => img('x --v'),
			() => img('x', { version: '5.2' }),
		],
	},
	{
		id: 'model-ambiguous',
		pass: [() => img('x --v 7 --version 7')],
		fail: [() => img('x --v 7 --niji 6'), () => img('x --v 6 --v 8')],
	},
	{
		id: 'field-conflict',
		pass: [() => img('x --ar 1:1', { chaos: 5 })],
		fail: [
			() => img('x --v 8', { version: '8.1' }),
			() => img('x --hd', { hd: true, version: '8' }),
		],
	},
	{
		id: 'field-option',
		pass: [() => img('x', { speed: 'fast' }), () => img('x', { speed: 'default' })],
		fail: [() => img('x', { speed: 'relax' }), () => img('x', { speed: 'slow' })],
	},
	{
		id: 'field-injection',
		pass: [() => img('x', { negativePrompt: 'dogs, cats - and birds' })],
		fail: [
			() => img('x', { negativePrompt: 'dogs --ar 2:3' }),
			() => img('x', { styleReference: `${U} --tile` }),
		],
	},
	{
		id: 'unsupported-parameter',
		pass: [() => img('x --p'), () => img('x --p abc123')],
		fail: [
			() => img('x --repeat 2'),
			() => img('x --r 3'),
			() => img('x --personalize'),
			() => img('x --stealth'),
			() => img('x --public'),
		],
	},
	{
		id: 'permutations',
		pass: [
			() => img('a red bird'),
			() => checkVideoPrompt(`${U} a bird`),
			() => img('a neon sign reading {OPEN}'),
			() => img('x', { negativePrompt: '{logo}' }),
			() => checkVideoPrompt(`${U} a sign reading {OPEN}`),
		],
		fail: [
			() => img('a {red, green} bird'),
			() => img('x', { negativePrompt: '{a,b}' }),
			() => checkVideoPrompt(`${U} a {red,blue} bird`),
		],
	},
	{
		id: 'relax',
		pass: [() => img('x --fast'), () => checkVideoPrompt('x --fast')],
		fail: [() => img('x --relax'), () => checkVideoPrompt('x --relax')],
	},
	{
		id: 'video-only',
		pass: [
			() => checkVideoPrompt(`${U} x --bs 2 --motion high --loop --end ${U2}`),
			// The docs' own image example (Advanced Parameter Combinations) uses --motion.
			() => img('Dynamic action scene --niji 6 --motion 4 --chaos 30'),
			() => img('x --motion high'),
		],
		fail: [
			() => img('x --video'),
			() => img('x --bs 2'),
			() => img('x --batchsize 4'),
			() => img('x --loop'),
			() => img(`x --end ${U}`),
		],
	},
	{
		id: 'chaos-range',
		pass: [() => img('x --c 0'), () => img('x --chaos 100'), () => img('x', { chaos: 50 })],
		fail: [
			() => img('x --c 101'),
			() => img('x --chaos -1'),
			() => img('x --c lots'),
			() => img('x', { chaos: 150 }),
		],
	},
	{
		id: 'stylize-range',
		pass: [() => img('x --s 0'), () => img('x --stylize 1000')],
		fail: [() => img('x --s 1001'), () => img('x', { stylize: -5 })],
	},
	{
		id: 'weird-range',
		pass: [() => img('x --w 3000'), () => img('x --weird 0')],
		fail: [() => img('x --w 3001'), () => img('x', { weird: 5000 })],
	},
	{
		id: 'seed-range',
		pass: [
			() => img('x --seed 0'),
			() => img('x --seed 4294967295'),
			() => img('x', { seed: 12345 }),
		],
		fail: [() => img('x --seed 4294967296'), () => img('x --seed 1.5'), () => img('x --seed -1')],
	},
	{
		id: 'stop-range',
		pass: [() => img('x --stop 10'), () => img('x --stop 100')],
		fail: [() => img('x --stop 9'), () => img('x --stop 101')],
	},
	{
		id: 'iw-range',
		pass: [
			() => img(`${U} x --iw 0`),
			() => img(`${U} x --iw 3`),
			() => img(`${U} x --v 8.1 --iw 2`),
		],
		fail: [() => img(`${U} x --iw 3.5`), () => img('x', { imageWeight: 4 })],
	},
	{
		id: 'sw-range',
		pass: [() => img(`x --sref ${U} --sw 1000`)],
		fail: [() => img(`x --sref ${U} --sw 1001`), () => img('x', { styleWeight: -1 })],
	},
	{
		id: 'weight-reference',
		pass: [
			() => img(`x --cref ${U} --cw 100`),
			() => img(`x --oref ${U} --ow 100`),
			() => img('x', { characterReference: U, characterWeight: 100 }),
			() => img(`x --cref ${U}`, { characterWeight: 100 }),
			// --sw is not said to need --sref (Style Weight has its own row).
			() => img('x --sw 100'),
		],
		fail: [
			() => img('a cat --cw 100'),
			() => img('a cat --ow 100'),
			() => img('x', { characterWeight: 100 }),
			() => img('x', { omniWeight: 50 }),
			() => img(`x --sref ${U} --cw 100`),
		],
	},
	{
		id: 'weight-number',
		// No documented range: large values pass, only non-numbers fail.
		pass: [
			() => img(`x --cref ${U} --cw 500`),
			() => img(`x --oref ${U} --ow 1000`),
			() => img('x', { characterReference: U, characterWeight: 250 }),
		],
		fail: [() => img(`x --cref ${U} --cw strong`), () => img(`x --oref ${U} --ow`)],
	},
	{
		id: 'ar-format',
		pass: [
			() => img('x --ar 16:9'),
			() => img('x --aspect 139:100'),
			() => img('x', { aspectRatio: '9:16' }),
		],
		fail: [
			() => img('x --ar 1.39:1'),
			() => img('x --ar 16:0'),
			() => img('x --ar wide'),
			() => img('x', { aspectRatio: '16x9' }),
		],
	},
	{
		id: 'quality-values',
		pass: [
			() => img('x --v 6 --q 2'),
			() => img('x --v 6.1 --q 0.5'),
			() => img('x --q 4'),
			() => img('x --v 8 --q 4'),
			// v8 "supports all V7 parameters": v7's --q 2 too.
			() => img('x --v 8 --q 2'),
			() => img('x --niji 6 --quality .5'),
			() => img('x', { quality: '2', version: '6' }),
		],
		fail: [
			() => img('x --v 6 --q 0.5'),
			() => img('x --v 6.1 --q 4'),
			() => img('x --q 0.5'),
			() => img('x --v 8 --q 0.5'),
			() => img('x --niji 6 --q 4'),
			() => img('x --v 8.1 --q 1'),
			() => img('x --q 0.25'),
			() => img('x', { quality: '1', version: '8.1' }),
		],
	},
	{
		id: 'stop-model',
		pass: [
			() => img('x --v 7 --stop 50'),
			() => img('x --niji 6 --stop 50'),
			// v8 "supports all V7 parameters" against the table's 🚫: sent.
			() => img('x --v 8 --stop 50'),
			() => img('x', { stop: 50, version: '8' }),
		],
		fail: [() => img('x --v 8.1 --stop 50'), () => img('x', { stop: 50, version: '8.1' })],
	},
	{
		id: 'hd-model',
		pass: [() => img('x --v 8 --hd'), () => img('x --v 8.1 --hd')],
		fail: [() => img('x --hd'), () => img('x --v 6 --hd'), () => img('x', { hd: true })],
	},
	{
		id: 'turbo-model',
		pass: [() => img('x --turbo'), () => img('x --niji 6 --turbo'), () => img('x --v 8 --fast')],
		fail: [
			() => img('x --v 8 --turbo'),
			() => img('x --v 8.1 --turbo'),
			() => img('x', { speed: 'turbo', version: '8' }),
		],
	},
	{
		id: 'no-model',
		pass: [
			() => img('x --v 6.1 --no cars'),
			() => img('x --no cars'),
			() => img('x --v 8 --no cars'),
		],
		fail: [
			() => img('x --v 6 --no cars'),
			() => img('x --niji 6 --no cars'),
			() => img('x --v 8.1 --no cars'),
			() => img('x', { negativePrompt: 'cars', version: '8.1' }),
		],
	},
	{
		id: 'oref-model',
		pass: [() => img(`x --oref ${U} --ow 100`), () => img(`x --v 8 --oref ${U}`)],
		fail: [
			() => img(`x --v 6.1 --oref ${U}`),
			() => img(`x --v 8.1 --oref ${U}`),
			() => img('x --niji 6 --ow 50'),
			() => img('x', { omniReference: U, version: '6' }),
		],
	},
	{
		id: 'cref-model',
		pass: [
			() => img(`x --v 6 --cref ${U}`),
			() => img(`x --cref ${U} ${U2} --cw 50`),
			() => img(`x --niji 6 --cref ${U}`),
		],
		fail: [
			() => img(`x --v 8 --cref ${U}`),
			() => img(`x --v 8.1 --cref ${U}`),
			() => img('x --v 8 --cw 50'),
		],
	},
	{
		id: 'sv-values',
		pass: [
			() => img(`x --sref ${U} --sv 4`),
			() => img(`x --v 8 --sref ${U} --sv 6`),
			// V8 "supports all V7 parameters": v7's 1-4 as well as the table's 6.
			() => img(`x --v 8 --sref ${U} --sv 4`),
			() => img('x', { styleVersion: '1', version: '8' }),
			() => img('x --v 8.1 --sv 1'),
			// --sv is not tied to --sref: the docs give it a row of its own.
			() => img('x --sv 2'),
		],
		fail: [
			() => img('x --sv 6'),
			() => img('x --v 8 --sv 5'),
			() => img('x --v 8.1 --sv 6'),
			() => img('x', { styleVersion: '6' }),
		],
	},
	{
		id: 'draft-model',
		pass: [
			() => img('x --v 7 --draft'),
			() => img('x', { draft: true }),
			// "in V7 and above" (parameter list) against "v7 only" (table, Notes 4): sent.
			() => img('x --v 8 --draft'),
			() => img('x --v 8.1 --draft'),
		],
		fail: [
			() => img('x --v 6 --draft'),
			() => img('x --v 6.1 --draft'),
			() => img('x --niji 6 --draft'),
		],
	},
	{
		id: 'exp-model',
		pass: [() => img('x --exp 10'), () => img('x --v 8 --exp'), () => img('x --v 8.1 --exp')],
		fail: [
			() => img('x --v 6 --exp 10'),
			() => img('x --v 6.1 --exp 10'),
			() => img('x --niji 6 --exp 10'),
		],
	},
	{
		id: 'exp-value',
		pass: [
			() => img('x --exp 0'),
			() => img('x --exp 100'),
			// v7: "0-100" (table) and "No value" (parameter list) are both sent.
			() => img('a cat --exp'),
			() => img('a cat --v 7 --exp'),
			// v8 takes v7's values ("All V7 parameters ... are supported") and the bare switch.
			() => img('x --v 8 --exp 5'),
			() => img('x --v 8 --exp'),
			() => img('x', { experimental: 40, version: '8.1' }),
		],
		fail: [
			() => img('x --exp 101'),
			() => img('x --exp lots'),
			() => img('x --v 8 --exp 101'),
			() => img('x --v 8.1 --exp 5'),
		],
	},
	{
		id: 'p-model',
		pass: [() => img('x --v 7 --p'), () => img('x --v 8 --p abc'), () => img('x --v 8.1 --p abc')],
		fail: [() => img('x --v 6 --p'), () => img('x --v 6.1 --p abc'), () => img('x --niji 6 --p')],
	},
	{
		id: 'sd-model',
		pass: [() => img('x --v 8 --sd')],
		fail: [() => img('x --v 8.1 --sd')],
	},
	{
		id: 'switch-value',
		pass: [
			() => img('x --tile --raw --draft --fast'),
			() => img('x --style raw'),
			() => checkVideoPrompt('x --loop --raw'),
		],
		fail: [
			() => img('x --tile yes'),
			() => img('x --raw please'),
			() => img('x --fast now'),
			() => checkVideoPrompt('x --loop twice'),
		],
	},
	{
		id: 'value-required',
		pass: [() => img('x --no text'), () => img(`x --sref ${U}`)],
		fail: [
			() => img('x --no'),
			() => img('x --sref'),
			() => img('x --cref'),
			() => img('x --oref'),
			() => checkVideoPrompt('x --end'),
		],
	},
	{
		id: 'ref-url',
		pass: [
			() => img(`x --sref ${U} http://x.org/b.jpg`),
			() => img('x --sref 1234567 random'),
			() => img(`x --sref ${U}::2 ${U2}::1`),
			() => img(`x --cref ${U}`),
			() => checkVideoPrompt(`x --end ${U}`),
		],
		fail: [
			() => img('x --sref ftp://x.org/a.png'),
			() => img('x --sref nice-style'),
			() => img('x --cref 123456'),
			() => img('x --oref file:///tmp/a.png'),
			() => img('x', { styleReference: 'data:image/png;base64,AAAA' }),
			() => checkVideoPrompt('x --end ftp://x.org/end.png'),
		],
	},
	{
		id: 'oref-single',
		pass: [() => img(`x --oref ${U}`), () => img('x', { omniReference: `${U}, ` })],
		fail: [() => img(`x --oref ${U} ${U2}`), () => img('x', { omniReference: `${U}, ${U2}` })],
	},
	{
		id: 'oref-v7-speed',
		pass: [
			() => img(`x --oref ${U} --q 2`),
			() => img(`x --v 8 --oref ${U} --q 4`),
			() => img('x --turbo --q 4'),
		],
		fail: [
			() => img(`x --oref ${U} --turbo`),
			() => img(`x --oref ${U} --fast`),
			() => img(`x --oref ${U} --q 4`),
			() => img('x', { omniReference: U, speed: 'fast' }),
		],
	},
	{
		id: 'image-prompt-url',
		pass: [() => img(`${U} http://x.org/b.jpg a fox`), () => checkVideoPrompt(`${U} a fox`)],
		fail: [
			() => img('ftp://x.org/a.png a fox'),
			() => img('data:image/png;base64,AAAA a fox'),
			() => checkVideoPrompt('file:///a.png a fox'),
		],
	},
	{
		id: 'video-parameter',
		pass: [
			() => checkVideoPrompt(`${U} x --motion low --raw --loop --bs 1 --fast --end ${U2}`),
			() => checkVideoPrompt('x --turbo --style raw'),
			// No row in the comparison table, so no 🚫 for the Video Model: sent.
			() => checkVideoPrompt('waves at night --ar 16:9'),
			() => checkVideoPrompt('x --v 7'),
			() => checkVideoPrompt('x --video'),
		],
		fail: [
			() => checkVideoPrompt('x --chaos 10'),
			() => checkVideoPrompt('x --tile'),
			() => checkVideoPrompt(`x --sref ${U}`),
			() => checkVideoPrompt('x --s 100'),
			() => checkVideoPrompt(`x --cref ${U} --cw 50`),
			() => checkVideoPrompt('x --exp'),
		],
	},
	{
		id: 'motion-values',
		pass: [
			() => checkVideoPrompt('x --motion low'),
			() => checkVideoPrompt('x --motion high'),
			// The Image Generation Parameter List's "1-4".
			() => checkVideoPrompt(`${U} waves --motion 4`),
			() => checkVideoPrompt('x --motion 1'),
			() => img('x --motion 2'),
		],
		fail: [
			() => checkVideoPrompt('x --motion 5'),
			() => checkVideoPrompt('x --motion 0'),
			() => checkVideoPrompt('x --motion'),
			() => checkVideoPrompt('x --motion medium'),
			() => img('x --motion 9'),
		],
	},
	{
		id: 'bs-values',
		pass: [
			() => checkVideoPrompt('x --bs 1'),
			() => checkVideoPrompt('x --bs 2'),
			() => checkVideoPrompt('x --batchsize 4'),
		],
		fail: [
			() => checkVideoPrompt('x --bs 3'),
			() => checkVideoPrompt('x --bs 8'),
			() => checkVideoPrompt('x --bs'),
		],
	},
	{
		id: 'end-single',
		pass: [() => checkVideoPrompt(`x --end ${U}`)],
		fail: [() => checkVideoPrompt(`x --end ${U} ${U2}`)],
	},
	{
		id: 'video-image-required',
		pass: [
			() => checkVideoPrompt(`${U} a slow pan`, { requireImage: true }),
			() => checkVideoPrompt('a slow pan'),
			() => checkVideoPrompt(''),
		],
		fail: [() => checkVideoPrompt('a slow pan --motion low', { requireImage: true })],
	},
	{
		id: 'img-url',
		pass: [
			() => checkImageUrl(U),
			() => checkImageUrl(`https://x.org/${long(1024 - 'https://x.org/'.length)}`),
		],
		fail: [
			() => checkImageUrl(''),
			() => checkImageUrl('ftp://x.org/a.png'),
			() => checkImageUrl('x.org/a.png'),
			() => checkImageUrl(`https://x.org/${long(1025 - 'https://x.org/'.length)}`),
		],
	},
];

describe('rules: one passing and one failing case each', () => {
	const known = new Set<string>(RULES_SOURCES.map((r) => r.id));

	it('covers every rule in RULES_SOURCES, and only those', () => {
		expect(RULE_CASES.map((c) => c.id).sort()).toEqual([...known].sort());
	});

	for (const rule of RULE_CASES) {
		describe(rule.id, () => {
			rule.pass.forEach((run, i) => {
				it(`pass #${i + 1}`, () => expect(run()).toEqual([]));
			});
			rule.fail.forEach((run, i) => {
				it(`fail #${i + 1}`, () => {
					const found = run();
					expect(ids(found)).toContain(rule.id);
					for (const v of found) expect(known.has(v.id ?? '')).toBe(true);
				});
			});
		});
	}
});

describe('violation messages', () => {
	it('name the field the problem came from', () => {
		expect(img('x --v 8.1 --no cars')).toEqual([
			{
				field: 'Prompt',
				rule: '--no is not supported by v8.1 (removed in v8.1); it works on v6.1, v7 or v8',
				id: 'no-model',
			},
		]);
		expect(img('x', { chaos: 150 })).toEqual([
			{
				field: 'Midjourney Parameters > Chaos',
				rule: '--chaos must be a number from 0 to 100, got "150"',
				id: 'chaos-range',
			},
		]);
		expect(img('x', { speed: 'turbo', version: '8' })[0]).toMatchObject({
			field: 'Midjourney Parameters > Speed',
			rule: expect.stringContaining('--turbo is not supported by v8'),
		});
	});

	it("use the caller's field names", () => {
		const [v] = checkPrompt({ prompt: 'x --c 500', params: {} }, { prompt: 'Remix Prompt' });
		expect(v.field).toBe('Remix Prompt');
		const [w] = checkPrompt({ prompt: 'x', params: { chaos: 500 } }, { parameters: 'Options' });
		expect(w.field).toBe('Options > Chaos');
		expect(checkVideoPrompt('x --bs 3', { field: 'Video Prompt' })[0].field).toBe('Video Prompt');
	});

	it('point v8 users from --cref to --oref', () => {
		expect(img(`x --v 8 --cref ${U}`)[0].rule).toContain('v8 uses --oref instead');
	});

	it('skip model rules when the model is unknown, instead of piling up', () => {
		expect(ids(img('x --v 5 --no cars --q 2'))).toEqual(['model-supported']);
	});

	it('let flags the docs do not mention through on image prompts', () => {
		expect(img('x --profile abc --style 4a --iw 1.5')).toEqual([]);
	});
});

describe('the issue: refuse only what the docs clearly forbid', () => {
	// Each case accepted where legnext.md allows it (in at least one passage), and the nearest
	// prompt the docs clearly forbid still refused.
	it("sends legnext.md's own example with --niji 6 --motion 4 --chaos 30", () => {
		expect(img('Dynamic action scene --niji 6 --motion 4 --chaos 30')).toEqual([]);
		expect(ids(img('Dynamic action scene --niji 6 --motion 4 --chaos 300'))).toEqual(['chaos-range']);
		expect(ids(img('Dynamic action scene --niji 6 --motion 4 --loop'))).toEqual(['video-only']);
	});

	it('sends --motion 1-4 as well as low/high in a video prompt', () => {
		for (const m of ['1', '2', '3', '4', 'low', 'high', 'HIGH'])
			expect(checkVideoPrompt(`${U} waves --motion ${m}`), m).toEqual([]);
		expect(ids(checkVideoPrompt(`${U} waves --motion 5`))).toEqual(['motion-values']);
	});

	it('sends --ar in a video prompt; refuses what the Video Model column marks 🚫', () => {
		expect(checkVideoPrompt('waves at night --ar 16:9')).toEqual([]);
		expect(checkVideoPrompt(`${U} waves --ar 9:16 --motion high`)).toEqual([]);
		expect(ids(checkVideoPrompt('waves at night --ar 16:9 --chaos 10'))).toEqual(['video-parameter']);
	});

	it('sends a bare --exp on v7; refuses a value on v8.1 and --exp on v6', () => {
		expect(img('a cat --exp')).toEqual([]);
		expect(img('a cat --exp 25')).toEqual([]);
		expect(ids(img('a cat --v 8.1 --exp 25'))).toEqual(['exp-value']);
		expect(ids(img('a cat --v 6 --exp'))).toEqual(['exp-model']);
	});

	it('sends --v 8 --sref URL --sv 4 (V8 supports all V7 parameters); refuses --sv 6 off v8', () => {
		expect(img(`a cat --v 8 --sref ${U} --sv 4`)).toEqual([]);
		expect(ids(img(`a cat --v 7 --sref ${U} --sv 6`))).toEqual(['sv-values']);
		expect(ids(img(`a cat --v 8.1 --sref ${U} --sv 6`))).toEqual(['sv-values']);
	});

	it('sends braces in ordinary text; refuses a {a, b} permutation', () => {
		expect(img('a neon sign reading {OPEN}')).toEqual([]);
		expect(img('a neon sign reading {OPEN} --ar 16:9', { chaos: 5 })).toEqual([]);
		expect(ids(img('a neon sign reading {OPEN, CLOSED}'))).toEqual(['permutations']);
	});

	it('refuses --cw without --cref and --ow without --oref; sends them with it', () => {
		expect(img('a cat --cw 100')[0]).toEqual({
			field: 'Prompt',
			rule: '--cw is the weight of --cref, but there is no --cref to weigh; add --cref <image URL> or remove it',
			id: 'weight-reference',
		});
		expect(img('x', { omniWeight: 100 })[0].field).toBe('Midjourney Parameters > Omni Weight');
		expect(img(`a cat --cref ${U} --cw 100`)).toEqual([]);
		expect(img('a cat', { omniReference: U, omniWeight: 100 })).toEqual([]);
	});

	it('still refuses what the V8 section itself excludes from "All V7 parameters"', () => {
		expect(ids(img('x --v 8 --turbo'))).toEqual(['turbo-model']);
		expect(ids(img(`x --v 8 --cref ${U}`))).toEqual(['cref-model']);
	});
});

describe('Midjourney Parameters given as strings (from a sheet or an expression)', () => {
	const fromSheet = {
		chaos: '30',
		seed: '0',
		stylize: ' 250 ',
		imageWeight: '1.5',
		quality: 2,
		styleVersion: 4,
		version: 7,
		raw: 'TRUE',
		tile: 'true',
		draft: 'FALSE',
	};

	it('are sent as the numbers and switches they stand for', () => {
		expect(appendParameters('a cat', fromSheet)).toBe(
			'a cat --quality 2 --stylize 250 --chaos 30 --v 7 --raw --tile --seed 0 --iw 1.5 --sv 4',
		);
		expect(appendParameters('a cat', { version: 6.1 })).toBe('a cat --v 6.1');
		expect(appendParameters('a cat', { version: '8', experimental: '0' })).toBe('a cat --v 8');
	});

	it('pass the checks when valid, and are refused with the field named when not', () => {
		expect(img('a cat', fromSheet)).toEqual([]);
		expect(img('a cat', { chaos: '150' })).toEqual([
			{
				field: 'Midjourney Parameters > Chaos',
				rule: '--chaos must be a number from 0 to 100, got "150"',
				id: 'chaos-range',
			},
		]);
		expect(ids(img('a cat', { seed: 'abc' }))).toEqual(['seed-range']);
	});
});

describe('RULES_SOURCES', () => {
	it('gives every rule a description and a doc section', () => {
		for (const r of RULES_SOURCES) {
			expect(r.rule.length).toBeGreaterThan(10);
			expect(r.source.length).toBeGreaterThan(5);
		}
		expect(new Set(RULES_SOURCES.map((r) => r.id)).size).toBe(RULES_SOURCES.length);
		expect(rulesSourcesMarkdown().split('\n')).toHaveLength(RULES_SOURCES.length + 2);
	});
});
