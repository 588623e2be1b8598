// Prompt flag parsing and the per-model rules of legnext.md ("Model Information", "Image Parameters",
// "Video Parameters", "Current Limitations"). Every rejection is a 400 naming the flag, as the docs
// say for v8.1 ("Requests containing rejected flags receive an HTTP 400 with a message naming the
// offending flag"); we use the same code for every flag rule.
import { ApiError } from './http.mts';

export type ModelVersion = '6' | '6.1' | '7' | '8' | '8.1' | 'niji6';
export const DEFAULT_VERSION: ModelVersion = '7';

export interface ParsedPrompt {
	/** The prompt before its first flag (may start with image URLs). */
	text: string;
	/** Canonical flag name -> value ('' for switches); the last occurrence wins. */
	flags: Record<string, string>;
	version: ModelVersion;
	/** `--v 7 --draft`: the only jobs /v1/enhance accepts. */
	draft: boolean;
	/** v8 premium (--hd, --q 4, --sv 6) = 4x; --turbo = 2x ("double cost"). */
	costMultiplier: number;
	/** Video `--bs` (1, 2 or 4), undefined when absent. */
	batchSize?: number;
}

const ALIASES: Record<string, string> = {
	aspect: 'ar',
	c: 'chaos',
	q: 'quality',
	s: 'stylize',
	w: 'weird',
	version: 'v',
	batchsize: 'bs',
	r: 'repeat',
};

const QUALITY: Record<ModelVersion, number[]> = {
	'6': [1, 2],
	'6.1': [0.5, 1, 2],
	'7': [1, 2, 4],
	'8': [1, 4],
	'8.1': [],
	niji6: [0.5, 1, 2],
};

interface FlagRule {
	/** Models that accept the flag on image endpoints (default: all). */
	versions?: ModelVersion[];
	/** Accepted by the video model (the "Video Model" column and "Video Parameters"). */
	video?: boolean;
	/** Only meaningful on video endpoints. */
	videoOnly?: boolean;
	/** Rejected everywhere ("Current Limitations"). */
	unsupported?: string;
	/** Returns an error text for a bad value. */
	check?: (value: string, version: ModelVersion) => string | undefined;
}

const num = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN);
const range =
	(lo: number, hi: number, integer = false) =>
	(v: string): string | undefined => {
		const n = num(v);
		if (Number.isNaN(n) || n < lo || n > hi || (integer && !Number.isInteger(n)))
			return `must be ${integer ? 'an integer ' : 'a number '}between ${lo} and ${hi}`;
		return undefined;
	};
const oneOf = (allowed: string[]) => (v: string) =>
	allowed.includes(v.toLowerCase()) ? undefined : `must be one of ${allowed.join(', ')}`;

const RULES: Record<string, FlagRule> = {
	ar: { video: true, check: (v) => (/^\d+:\d+$/.test(v) && !/(^|:)0+(:|$)/.test(v) ? undefined : 'must be an integer ratio like 16:9') },
	chaos: { check: range(0, 100) },
	seed: { check: range(0, 4294967295, true) },
	stop: { versions: ['6', '6.1', '7', 'niji6'], check: range(10, 100) },
	weird: { check: range(0, 3000) },
	stylize: { check: range(0, 1000) },
	quality: {
		versions: ['6', '6.1', '7', '8', 'niji6'],
		check: (v, ver) => (QUALITY[ver].includes(num(v)) ? undefined : `must be one of ${QUALITY[ver].join(', ')} for ${label(ver)}`),
	},
	hd: { versions: ['8', '8.1'] }, // v8: 4x cost; v8.1: accepted no-op
	fast: { video: true },
	turbo: { video: true, versions: ['6', '6.1', '7', 'niji6'] },
	relax: { unsupported: 'relax mode is not supported' },
	iw: { check: range(0, 3) },
	no: { versions: ['6.1', '7', '8'] },
	sref: {},
	sw: { check: range(0, 1000) },
	sv: {
		check: (v, ver) => (['1', '2', '3', '4'].includes(v) || (ver === '8' && v === '6') ? undefined : `must be 1-4${ver === '8' ? ' or 6' : ''}`),
	},
	oref: { versions: ['7', '8'] },
	ow: { versions: ['7', '8'] },
	cref: { versions: ['6', '6.1', '7', 'niji6'] },
	cw: { versions: ['6', '6.1', '7', 'niji6'] },
	draft: { versions: ['7'] },
	exp: { versions: ['7', '8', '8.1'], check: (v) => (v === '' ? undefined : range(0, 100)(v)) },
	p: { versions: ['7', '8', '8.1'] },
	sd: { versions: ['6', '6.1', '7', '8', 'niji6'] },
	tile: {},
	raw: { video: true },
	style: {},
	repeat: { unsupported: 'the --repeat parameter is not supported' },
	personalize: { unsupported: 'the --personalize parameter is not supported' },
	stealth: { unsupported: 'the --stealth/--public parameters are not supported' },
	public: { unsupported: 'the --stealth/--public parameters are not supported' },
	video: { video: true, videoOnly: true },
	// Video Parameters say low|high; the image parameter table says 1-4: accept both.
	motion: { video: true, videoOnly: true, check: (v) => (/^(low|high|[1-4])$/i.test(v) ? undefined : 'must be low or high') },
	end: { video: true, videoOnly: true, check: (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : 'must be an image URL') },
	loop: { video: true, videoOnly: true },
	bs: { video: true, videoOnly: true, check: oneOf(['1', '2', '4']) },
};

export function label(v: ModelVersion): string {
	return v === 'niji6' ? 'niji 6' : `v${v}`;
}

function parseVersion(name: 'v' | 'niji', value: string): ModelVersion {
	if (name === 'niji') {
		if (value === '' || num(value) === 6) return 'niji6';
		throw new ApiError(400, `Invalid parameter --niji ${value}: only niji 6 is supported`);
	}
	const n = num(value);
	const found = (['6', '6.1', '7', '8', '8.1'] as const).find((v) => Number(v) === n);
	if (!found)
		throw new ApiError(400, `Invalid parameter --v ${value}: supported model versions are 6, 6.1, 7, 8, 8.1 and niji 6`);
	return found;
}

interface RawFlag {
	name: string;
	value: string;
}

function splitFlags(prompt: string): { text: string; flags: RawFlag[] } {
	const starts = [...prompt.matchAll(/(^|\s)--([a-zA-Z][a-zA-Z0-9._]*)/g)];
	if (starts.length === 0) return { text: prompt.trim(), flags: [] };
	const flags = starts.map((m, i) => {
		const end = i + 1 < starts.length ? starts[i + 1].index : prompt.length;
		let name = m[2].toLowerCase();
		let value = prompt.slice(m.index + m[0].length, end).trim();
		// `--v7` / `--niji6` (the docs write "--v7 --draft")
		const glued = /^(v|version|niji)(\d+(?:\.\d+)?)$/.exec(name);
		if (glued && value === '') [name, value] = [glued[1], glued[2]];
		return { name: ALIASES[name] ?? name, value };
	});
	return { text: prompt.slice(0, starts[0].index).trim(), flags };
}

/** The prompt's text and its flags as written (shorten keeps the flags). */
export function splitPrompt(prompt: string): { text: string; flagsText: string } {
	const { text } = splitFlags(prompt);
	const first = /(^|\s)--[a-zA-Z]/.exec(prompt);
	return { text, flagsText: first ? prompt.slice(first.index).trim() : '' };
}

export function parsePrompt(
	prompt: string,
	opts: { mode: 'image' | 'video'; defaultVersion?: ModelVersion },
): ParsedPrompt {
	if (/\{[^{}]*\}/.test(prompt))
		throw new ApiError(400, 'Invalid prompt: {} permutation syntax is not supported');
	const { text, flags: raw } = splitFlags(prompt);
	const flags: Record<string, string> = {};
	for (const f of raw) flags[f.name] = f.value;

	let version = opts.defaultVersion ?? DEFAULT_VERSION;
	if ('v' in flags) version = parseVersion('v', flags.v);
	if ('niji' in flags) version = parseVersion('niji', flags.niji);

	for (const { name, value } of raw) {
		if (name === 'v' || name === 'niji') continue;
		const rule = RULES[name];
		if (!rule) continue; // the docs list no rule for unknown flags: let them through
		const shown = `--${name}${value ? ' ' + value : ''}`;
		if (rule.unsupported) throw new ApiError(400, `Invalid parameter ${shown}: ${rule.unsupported}`);
		if (opts.mode === 'image') {
			if (rule.videoOnly)
				throw new ApiError(400, `Invalid parameter --${name}: only supported on video endpoints`);
			if (rule.versions && !rule.versions.includes(version))
				throw new ApiError(400, `Invalid parameter --${name}: not supported by model ${label(version)}`);
		} else if (!rule.video) {
			throw new ApiError(400, `Invalid parameter --${name}: not supported by the video model`);
		}
		const problem = rule.check?.(value, version);
		if (problem) throw new ApiError(400, `Invalid parameter ${shown}: ${problem}`);
	}

	const premium = version === '8' && ('hd' in flags || num(flags.quality ?? '') === 4 || flags.sv === '6');
	return {
		text,
		flags,
		version,
		draft: version === '7' && 'draft' in flags,
		costMultiplier: (premium ? 4 : 1) * ('turbo' in flags ? 2 : 1),
		batchSize: 'bs' in flags ? Number(flags.bs) : undefined,
	};
}
