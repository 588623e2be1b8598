// The API routes (v2 notes §2, §3, §6): fields, checks and what each one answers or creates.
// Submits answer `200 {"success": true, "messageId", "createdAt"}` (docs imagine); results come from
// GET /v2/message/<id> or the webhook.
import { hash32 } from '../legnext/http.mts';
import {
	infoContent,
	runSlashCommand,
	SETTINGS_CONTENT,
	SETTINGS_LABELS,
	SLASH_COMMANDS,
	SLASH_REPLIES,
	toggleSetting,
} from './account.mts';
import { CUSTOM_ZOOM, effectOf, isPressable, VARY_REGION } from './buttons.mts';
import type { ContentCode } from './content-codes.mts';
import {
	badRequest,
	httpUrl,
	isHttpUrl,
	oneOf,
	optionalNumber,
	optionalString,
	ref,
	requiredString,
	TnlError,
	webhookOverride,
	type Fields,
} from './fields.mts';
import type { EmulatedMessage } from './message.mts';
import { parseIgnorePrefilter } from './prefilter.mts';
import { imagePaths, iso } from './render.mts';
import type { MessagePlan, TnlState } from './state.mts';
import type { RecordedRequest } from './types.mts';

export interface Call {
	state: TnlState;
	method: string;
	apiPath: string;
	/** The JSON body (POST) or the query without `authToken` (GET). */
	fields: Fields;
	rec: RecordedRequest;
	/** The emulator's own origins (public and local): /getImage serves their images only. */
	origins: string[];
}

export type Answer = { status: number; json: unknown } | { status: number; bytes: Buffer; contentType: string };

type Handler = (call: Call) => Answer;

/** decodeURIComponent that keeps malformed escapes as they are. */
function decoded(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** docs get-message: "Default is 12 minutes." */
export const DEFAULT_EXPIRE_MINS = 12;

function submit(call: Call, plan: MessagePlan): Answer {
	const msg = call.state.createMessage(call.method, call.apiPath, plan);
	call.rec.messageId = msg.id;
	return { status: 200, json: { success: true, messageId: msg.id, createdAt: iso(msg.createdAt) } };
}

/** The fields every submit shares: `ref` and `webhookOverride` (v2 notes §2). */
const common = (f: Fields) => ({ request: f, ref: ref(f), webhookOverride: webhookOverride(f) });

/** Image URLs at the start of a prompt (docs img2img: "<your-image-url> <your-prompt>"). */
function leadingUrls(prompt: string): string[] {
	const urls: string[] = [];
	for (const token of prompt.trim().split(/\s+/)) {
		if (!/^https?:\/\//i.test(token) || !isHttpUrl(token)) break;
		urls.push(token);
	}
	return urls;
}

/** Our reading of the img2img example ("some_url_that_isnt_cdn.(Redacted Name).com"): Midjourney CDN links fail. */
const isMidjourneyCdn = (url: string) => new URL(url).hostname.toLowerCase() === 'cdn.midjourney.com';

const imagine: Handler = (call) => {
	const f = call.fields;
	const msg = requiredString(f, 'msg');
	const ignore = parseIgnorePrefilter(f.ignorePrefilter);
	if (ignore === undefined) throw badRequest('Field ignorePrefilter must be true or false (boolean or "true"/"false")');
	const base = common(f);
	if (!ignore) {
		const phrase = call.state.prefilter.match(msg);
		if (phrase) throw badRequest(`Invalid phrase: '${phrase}'`); // the docs' exact 400
	}
	const natural: ContentCode | undefined = leadingUrls(msg).some(isMidjourneyCdn) ? 'INVALID_LINK' : undefined;
	return submit(call, { ...base, type: 'imagine', kind: 'grid', prompt: msg, texts: [msg], natural });
};

const BASE64 = /^(data:[\w/+.-]+;base64,)?[A-Za-z0-9+/=_\s-]+$/;

const button: Handler = (call) => {
	const f = call.fields;
	const label = requiredString(f, 'button');
	const buttonMessageId = requiredString(f, 'buttonMessageId');
	const prompt = optionalString(f, 'prompt');
	const zoom = optionalNumber(f, 'zoom');
	// docs /v2/buttons: "you will need to pass in a value between 1 and 2 for custom zoom"; "ar ... such as 1:1".
	if (zoom !== undefined && !(zoom >= 1 && zoom <= 2)) throw badRequest('Field zoom must be between 1 and 2');
	const ar = optionalString(f, 'ar');
	if (ar && !/^\d+:\d+$/.test(ar)) throw badRequest('Field ar must be an aspect ratio such as 1:1');
	const mask = optionalString(f, 'mask');
	if (mask !== undefined && !BASE64.test(mask)) throw badRequest('Field mask must be a base64 string');
	// docs /v2/inpaint: 🖌️ Vary (Region) takes `prompt` and `mask`.
	if (label === VARY_REGION && !mask) throw badRequest(`Missing required field: mask (${VARY_REGION} needs mask and prompt)`);
	if (label === VARY_REGION && !prompt?.trim()) throw badRequest(`Missing required field: prompt (${VARY_REGION} needs mask and prompt)`);
	if (label === CUSTOM_ZOOM && zoom === undefined)
		throw badRequest(`Missing required field: zoom (${CUSTOM_ZOOM} needs a value between 1 and 2)`);
	const base = { ...common(f), type: 'button' as const, texts: [prompt ?? ''], button: label };

	const source = call.state.byButtonId.get(buttonMessageId);
	const effect = effectOf(label, zoom);
	// A button is valid only on the finished message whose `buttons` list it, matched byte for byte;
	// otherwise the job runs and ends with content BUTTON_NOT_FOUND (a documented content code, §5).
	if (!source || !effect || !source.hasImages || !source.isDone() || !isPressable(label, source.buttons, true))
		return submit(call, {
			...base,
			kind: effect?.kind === 'upscale' ? 'upscale' : 'grid',
			prompt: prompt ?? source?.prompt ?? '',
			source,
			natural: 'BUTTON_NOT_FOUND',
		});
	const from = { ...base, source };
	switch (effect.kind) {
		case 'upscale': {
			const index = effect.index;
			return submit(call, {
				...from,
				kind: 'upscale',
				prompt: source.prompt,
				imageSeeds: [source.imageSeeds[index]],
				seed: source.seed,
				natural: source.upscaled.has(index) ? 'ALREADY_REQUESTED_UPSCALE' : undefined,
				apply: () => source.upscaled.add(index),
			});
		}
		case 'grid':
			return submit(call, { ...from, kind: 'grid', prompt: prompt ?? source.prompt });
		case 'seed':
			return submit(call, { ...from, kind: 'seed', prompt: source.prompt, seed: source.seed });
		case 'favorite':
			return submit(call, { ...from, kind: 'favorite', prompt: source.prompt, text: 'Image added to your favorites' });
	}
};

const ADJECTIVES = ['a luminous', 'a quiet', 'an intricate', 'a bold', 'a dreamy'];
const FINISHES = ['oil painting', 'matte illustration', 'analog photograph', 'ink drawing', 'soft 3d render'];

/** Four prompts "describing" the image: words of its file name, Midjourney's 1️⃣-4️⃣ prefixes. */
function describePrompts(url: string): string[] {
	const stem = decoded(new URL(url).pathname.split('/').pop() ?? '');
	const words = stem.split(/[^a-zA-Z]+/).filter((w) => w.length > 2 && !/^(png|jpe?g|webp|gif)$/i.test(w));
	const subject = words.join(' ').toLowerCase() || 'an everyday scene';
	const h = hash32(url);
	return [1, 2, 3, 4].map((n) => {
		const adjective = ADJECTIVES[(h + n) % ADJECTIVES.length];
		return `${n}\uFE0F\u20E3 ${adjective} view of ${subject}, ${FINISHES[(h + 2 * n) % FINISHES.length]} --ar 1:1`;
	});
}

const describe: Handler = (call) => {
	const f = call.fields;
	const url = httpUrl('url', requiredString(f, 'url'));
	return submit(call, { ...common(f), type: 'describe', kind: 'describe', prompt: '', text: describePrompts(url), texts: [url] });
};

const blend: Handler = (call) => {
	const f = call.fields;
	const urls = f.urls;
	if (urls === undefined || urls === null) throw badRequest('Missing required field: urls');
	if (!Array.isArray(urls) || !urls.every((u) => typeof u === 'string')) throw badRequest('Field urls must be an array of strings');
	if (urls.length < 2 || urls.length > 5) throw badRequest('Field urls must hold 2 to 5 image URLs');
	urls.forEach((u: string, i) => httpUrl(`urls[${i}]`, u));
	// The result looks like an imagine result (Go BlendResult); `content` is the URLs as a prompt (our choice).
	const prompt = urls.join(' ');
	return submit(call, { ...common(f), type: 'blend', kind: 'grid', prompt, texts: urls });
};

const slashCommands: Handler = (call) => {
	const f = call.fields;
	const cmd = oneOf('cmd', requiredString(f, 'cmd'), SLASH_COMMANDS);
	const account = call.state.account;
	return submit(call, {
		...common(f),
		type: 'slash-commands',
		kind: 'slash',
		prompt: '',
		text: SLASH_REPLIES[cmd],
		texts: [],
		apply: () => runSlashCommand(account, cmd),
	});
};

/** GET shows the settings; POST (or GET with settingsToggle, the docs' GET variant) toggles one. */
function settings(toggleRequired: boolean): Handler {
	return (call) => {
		const f = call.fields;
		const raw = toggleRequired ? requiredString(f, 'settingsToggle') : optionalString(f, 'settingsToggle');
		const toggle = raw ? oneOf('settingsToggle', raw, SETTINGS_LABELS) : undefined;
		const { account, settings: s } = call.state;
		return submit(call, {
			...common(f),
			type: 'settings',
			kind: 'settings',
			prompt: '',
			text: SETTINGS_CONTENT,
			buttons: [...SETTINGS_LABELS],
			texts: [],
			apply: toggle ? () => toggleSetting(account, toggle, s.fastHours) : undefined,
		});
	};
}

const info: Handler = (call) => {
	const f = call.fields;
	const text = infoContent(call.state.account, call.state.queued());
	return submit(call, { ...common(f), type: 'info', kind: 'info', prompt: '', text, texts: [] });
};

function findMessage(call: Call, id: string): EmulatedMessage {
	const msg = call.state.messages.get(id);
	if (!msg) throw new TnlError(404, `Message not found: ${id}`);
	return msg;
}

/** SDK route: `POST /v2/seed {messageId}` answers `{seed}` at once (v2 notes §2). */
const seed: Handler = (call) => {
	const id = requiredString(call.fields, 'messageId');
	const msg = findMessage(call, id);
	if (!msg.hasImages || !msg.isDone()) throw badRequest(`Message ${id} has no seed: it is not a finished image message`);
	return { status: 200, json: { seed: msg.seed } };
};

export function readMessage(call: Call, id: string): Answer {
	const expireMins = optionalNumber(call.fields, 'expireMins') ?? DEFAULT_EXPIRE_MINS;
	if (!(expireMins > 0)) throw badRequest('Field expireMins must be a positive number');
	const msg = findMessage(call, id);
	call.rec.messageId = msg.id;
	return { status: 200, json: call.state.read(msg, expireMins) };
}

/** Go client: `POST /v2/is-this-naughty {msg}` -> `{isNaughty, phrase}` against the prefilter. */
const isThisNaughty: Handler = (call) => {
	const phrase = call.state.prefilter.match(requiredString(call.fields, 'msg'));
	return { status: 200, json: { isNaughty: phrase !== '', phrase } };
};

/** Go client: `POST /getImage {imgUrl}` -> the image bytes ("get image safely"). */
const getImage: Handler = (call) => {
	const imgUrl = httpUrl('imgUrl', requiredString(call.fields, 'imgUrl'));
	const u = new URL(imgUrl);
	if (!call.origins.includes(u.origin)) throw badRequest('Field imgUrl must be an image URL this server produced');
	const bytes = call.state.images.lookup(u.pathname);
	if (!bytes) throw new TnlError(404, 'Image not found');
	return { status: 200, bytes, contentType: 'image/png' };
};

/** Node SDK: `GET /upscale-img-url?buttonMessageId=&button=U1` -> `{url}` of that instant upscale. */
const upscaleImgUrl: Handler = (call) => {
	const f = call.fields;
	const buttonMessageId = requiredString(f, 'buttonMessageId');
	const label = oneOf('button', requiredString(f, 'button'), ['U1', 'U2', 'U3', 'U4'] as const);
	const msg = call.state.byButtonId.get(buttonMessageId);
	if (!msg) throw new TnlError(404, `Message not found for buttonMessageId: ${buttonMessageId}`);
	if (msg.kind !== 'grid' || !msg.hasImages || !msg.isDone()) throw badRequest(`buttonMessageId ${buttonMessageId} is not a finished grid`);
	return { status: 200, json: { url: call.state.origin + imagePaths.image(msg.id, Number(label[1]) - 1) } };
};

export interface Route {
	methods: Partial<Record<'GET' | 'POST', Handler>>;
	/** GET variant also accepts `?authToken=` (v2 notes §1: button, describe, slash-commands, settings, info). */
	queryAuth?: boolean;
}

export const ROUTES: Record<string, Route> = {
	'/v2/imagine': { methods: { POST: imagine } },
	'/v2/button': { methods: { POST: button, GET: button }, queryAuth: true },
	'/v2/describe': { methods: { POST: describe, GET: describe }, queryAuth: true },
	'/v2/blend': { methods: { POST: blend } },
	'/v2/slash-commands': { methods: { POST: slashCommands, GET: slashCommands }, queryAuth: true },
	'/v2/settings': { methods: { GET: settings(false), POST: settings(true) }, queryAuth: true },
	'/v2/info': { methods: { GET: info }, queryAuth: true },
	'/v2/seed': { methods: { POST: seed } },
	'/v2/is-this-naughty': { methods: { POST: isThisNaughty } },
	'/getImage': { methods: { POST: getImage } },
	'/upscale-img-url': { methods: { GET: upscaleImgUrl } },
};

const MESSAGE_PATH = /^\/v2\/message\/([^/]+)$/;

/** The route of an API path, or undefined when there is none. */
export function resolveRoute(apiPath: string): Route | undefined {
	const known = ROUTES[apiPath];
	if (known) return known;
	const m = MESSAGE_PATH.exec(apiPath);
	if (m) return { methods: { GET: (call) => readMessage(call, decoded(m[1])) } };
	return undefined;
}

/** True for the paths this server answers as API (everything else is files, control or 404). */
export const isApiPath = (path: string) => path === '/v2' || path.startsWith('/v2/') || path === '/getImage' || path === '/upscale-img-url';
