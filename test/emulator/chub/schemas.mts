// Request schemas, field by field from the seed (imagine-api.txt). Where the seed gives no body
// (inpaint, music) the fields come from Chub's Stages SDK (chub-imagine.md §5). See validation.mts
// for how "required", "nullable" and the 422 messages work.
//
// Required fields are our choice: the seed shows `prompt: ""` and `image: ""` defaults, which would
// make them optional in FastAPI, but a generation without its input means nothing. So each
// endpoint requires the input it works on (a prompt, an image, a transcript), non-empty.
import type { GenerationEndpoint } from './types.mts';
import { maybe, opt, req, T, type Schema } from './validation.mts';

/** Stages SDK `AspectRatio` enum (images.ts); the seed says only `aspect_ratio: null`. */
export const ASPECT_RATIOS = ['1:1', '16:9', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21'];

/** Context fields common to every generation body (§5). */
const CONTEXT: Schema = {
	seed: maybe(T.int),
	extension_source: maybe(T.str),
	chat_id: maybe(T.str),
	uuid: maybe(T.str),
	mode: maybe(T.str),
	sub_mode: maybe(T.str),
	parent_image: maybe(T.str),
	item_id: maybe(T.str),
};

const PROMPTED: Schema = {
	...CONTEXT,
	prompt: req(T.text),
	negative_prompt: maybe(T.str),
	width: opt(T.int),
	height: opt(T.int),
	num_inference_steps: opt(T.int),
	guidance_scale: opt(T.float),
	aspect_ratio: maybe(T.literal(...ASPECT_RATIOS)),
};

const MOTION: Schema = {
	end_image: maybe(T.str),
	num_frames: opt(T.int),
	loop: opt(T.bool),
	fps_id: opt(T.int),
};

export const GENERATION_SCHEMAS: Record<GenerationEndpoint, Schema> = {
	'/images/text2img': { ...PROMPTED, remove_background: opt(T.bool) },
	'/images/img2img': { ...PROMPTED, init_image: req(T.text), type: maybe(T.str), strength: opt(T.float), remove_background: opt(T.bool) },
	// "Create a new animation from a base image": the image is the input, the prompt is optional.
	'/images/animate': { ...PROMPTED, prompt: opt(T.str), init_image: req(T.text), ...MOTION },
	// "Create a new video from a prompt": the image is optional.
	'/video': { ...PROMPTED, init_image: maybe(T.str), ...MOTION },
	'/images/upscale': {
		...CONTEXT,
		prompt: opt(T.str),
		image: req(T.text),
		negative_prompt: maybe(T.str),
		preserve_transparency: opt(T.bool),
		num_inference_steps: opt(T.int),
	},
	// Not in the seed. Stages SDK InpaintRequest (extends ImageToImageRequest): image, mask, prompt,
	// strength, search_prompt ("not implemented", §5): see kinds.mts for the mask rule.
	'/images/inpaint': {
		...CONTEXT,
		prompt: req(T.text),
		negative_prompt: maybe(T.str),
		aspect_ratio: maybe(T.literal(...ASPECT_RATIOS)),
		remove_background: opt(T.bool),
		image: req(T.text),
		strength: opt(T.float),
		mask: maybe(T.str),
		search_prompt: maybe(T.str),
	},
	'/images/removebg_mask': {
		...CONTEXT,
		image: req(T.text),
		alpha_matting: opt(T.bool),
		post_process_mask: opt(T.bool),
		alpha_matting_foreground_threshold: opt(T.int),
		alpha_matting_background_threshold: opt(T.int),
		alpha_matting_erode_size: opt(T.int),
	},
	// Not in the seed. Stages SDK MusicGenerationRequest.
	'/music': {
		...CONTEXT,
		prompt: req(T.text),
		lyrics: maybe(T.str),
		tags: maybe(T.list(T.str)),
		title: maybe(T.str),
		instrumental: opt(T.bool),
		lyrics_prompt: maybe(T.str),
	},
	'/tts': {
		...CONTEXT,
		transcript: req(T.text),
		voice_id: maybe(T.str),
		character_id: maybe(T.union({ str: T.str, int: T.int })), // the seed shows only `null`
		model: maybe(T.str),
		remove_silence: opt(T.bool),
		stream: opt(T.bool),
	},
	'/foley': {
		...CONTEXT,
		prompt: req(T.text),
		negative_prompt: maybe(T.str),
		duration: opt(T.float),
		num_inference_steps: opt(T.int),
	},
};

/** POST /check: the submit answer plus request_type (§4). Lenient mode makes request_type optional. */
export function checkSchema(strict: boolean): Schema {
	return {
		generation_uuid: req(T.text),
		cost: opt(T.int),
		queue_length: opt(T.int),
		request_type: strict ? req(T.text) : maybe(T.str),
	};
}

/** POST /prompt: the OpenAI/vLLM completion body. Only the fields the emulator uses are typed. */
export const PROMPT_SCHEMA: Schema = {
	messages: opt(
		T.list(
			T.model({
				role: req(T.str),
				content: maybe(T.union({ str: T.str, list: T.list(T.any) })),
				name: maybe(T.str),
			}),
		),
	),
	prompt: maybe(T.str),
	template: maybe(T.str),
	model: opt(T.str),
	max_tokens: maybe({ kind: 'int', ge: 1 }),
	n: opt({ kind: 'int', ge: 1 }),
	temperature: opt(T.float),
	top_p: opt(T.float),
	frequency_penalty: opt(T.float),
	presence_penalty: opt(T.float),
	seed: maybe(T.int),
	stop: maybe(T.union({ str: T.str, list: T.list(T.str) })),
	stream: opt(T.bool),
	response_format: maybe(T.model({ type: req(T.literal('text', 'json_object', 'json_schema', 'structural_tag')) })),
};

/** PATCH /imagine/project/{uuid}: every field optional; null leaves the field unchanged. */
export const PROJECT_SCHEMA: Schema = {
	description: maybe(T.str),
	comments_enabled: maybe(T.bool),
	duration: maybe(T.float),
	width: maybe(T.int),
	height: maybe(T.int),
	dpi: maybe(T.int),
	z_index: maybe(T.int),
	opacity: maybe(T.float),
	visible: maybe(T.bool),
	locked: maybe(T.bool),
	start_time: maybe(T.float),
	end_time: maybe(T.float),
	in_point: maybe(T.float),
	out_point: maybe(T.float),
	name: maybe(T.str),
	parent_image: maybe(T.str),
	is_published: maybe(T.bool),
	is_nsfw: maybe(T.bool),
	is_nsfl: maybe(T.bool),
	imagination_type: maybe(T.str),
	image: maybe(T.str),
	preview: maybe(T.str),
	effects: maybe(T.str),
};

/** GET /images/mine query (seed). `first`/`page` ≥ 1 is our choice (the seed gives no bound). */
export const MINE_QUERY: Schema = {
	first: opt({ kind: 'int', ge: 1 }),
	page: opt({ kind: 'int', ge: 1 }),
	extension_id: maybe(T.int),
	chat_id: maybe(T.int),
	primary_character_id: maybe(T.int),
	parent_image: maybe(T.str),
	generation_uuid: maybe(T.str),
	count: maybe(T.bool),
	include_tts: maybe(T.bool),
	generated_only: maybe(T.bool),
};

/** Multipart /voice_clone text fields (seed): all `string | null`. */
export const VOICE_CLONE_FIELDS: Schema = {
	transcript: maybe(T.str),
	model: maybe(T.str),
	reference_text: maybe(T.str),
	character_id_str: maybe(T.str),
	name: maybe(T.str),
	existing_id: maybe(T.str),
};
