// Chub emulator: the ten queued endpoints (answer, cost, recorded request, generation kind), their
// FastAPI 422 validation, the JSON body rules, credits (402), /prompt and the project PATCH.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { call, submit, type Json } from './chub/client.mts';
import { DEFAULT_COSTS, GENERATION_KINDS, startChubEmulator, type ChubEmulator, type GenerationEndpoint } from './chub/index.mts';

let emu: ChubEmulator;

beforeAll(async () => {
	emu = await startChubEmulator({ jobDurationMs: 60 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const IMG = 'https://example.com/some_image_url.png';

/** The smallest valid body of each endpoint, and its required fields. */
const MINIMAL: Record<GenerationEndpoint, [Json, string[]]> = {
	'/images/text2img': [{ prompt: 'a cat' }, ['prompt']],
	'/images/img2img': [{ prompt: 'a cat', init_image: IMG }, ['prompt', 'init_image']],
	'/images/animate': [{ init_image: IMG }, ['init_image']],
	'/video': [{ prompt: 'a river' }, ['prompt']],
	'/images/upscale': [{ image: IMG }, ['image']],
	'/images/inpaint': [{ prompt: 'a hat', image: IMG, mask: 'data:image/png;base64,iVBORw0KGgo=' }, ['prompt', 'image']],
	'/images/removebg_mask': [{ image: IMG }, ['image']],
	'/music': [{ prompt: 'lofi beats' }, ['prompt']],
	'/tts': [{ transcript: 'Hello there' }, ['transcript']],
	'/foley': [{ prompt: 'thunder' }, ['prompt']],
};
const ENDPOINTS = Object.keys(MINIMAL) as GenerationEndpoint[];

const detail = (r: { status: number; json: Json }) => {
	expect(r.status).toBe(422);
	expect(Object.keys(r.json)).toEqual(['detail']);
	return r.json.detail as { loc: (string | number)[]; msg: string; type: string }[];
};

describe('queued endpoints', () => {
	it.each(ENDPOINTS)('%s answers {generation_uuid, cost, queue_length} and records the generation', async (path) => {
		const before = emu.credits;
		const r = await call(emu, 'POST', path, { body: MINIMAL[path][0] });
		expect(r.status).toBe(200);
		expect(Object.keys(r.json).sort()).toEqual(['cost', 'generation_uuid', 'queue_length']);
		const kind = GENERATION_KINDS[path];
		expect(r.json.cost).toBe(DEFAULT_COSTS[kind.costKey]);
		expect(r.json.queue_length).toBe(3);
		expect(emu.credits).toBe(before - r.json.cost);
		const g = emu.generations.get(r.json.generation_uuid)!;
		expect(g).toMatchObject({ endpoint: path, requestType: kind.requestType, cost: r.json.cost });
		expect(emu.requests.at(-1)).toMatchObject({ method: 'POST', apiPath: path, body: MINIMAL[path][0], status: 200, generationUuid: g.uuid });
	});

	it.each(ENDPOINTS)('%s: each required field missing or empty → 422', async (path) => {
		const [body, required] = MINIMAL[path];
		for (const field of required) {
			const { [field]: _, ...rest } = body;
			const missing = detail(await call(emu, 'POST', path, { body: rest }));
			expect(missing).toEqual([{ type: 'missing', loc: ['body', field], msg: 'Field required', input: rest }]);
			const empty = detail(await call(emu, 'POST', path, { body: { ...body, [field]: '  ' } }));
			expect(empty[0]).toMatchObject({ type: 'string_too_short', loc: ['body', field] });
		}
		expect(emu.generations.size).toBe(0);
	});

	// One wrong value per endpoint, covering each pydantic error type the emulator produces.
	const WRONG: [GenerationEndpoint, Json, string, (string | number)[]][] = [
		['/images/text2img', { width: 'wide' }, 'int_parsing', ['body', 'width']],
		['/images/text2img', { aspect_ratio: '7:5' }, 'literal_error', ['body', 'aspect_ratio']],
		['/images/img2img', { strength: 'strong' }, 'float_parsing', ['body', 'strength']],
		['/images/animate', { loop: 'sometimes' }, 'bool_parsing', ['body', 'loop']],
		['/video', { num_frames: 1.5 }, 'int_from_float', ['body', 'num_frames']],
		['/images/upscale', { preserve_transparency: null }, 'bool_type', ['body', 'preserve_transparency']],
		['/images/inpaint', { strength: [] }, 'float_type', ['body', 'strength']],
		['/images/removebg_mask', { alpha_matting_erode_size: {} }, 'int_type', ['body', 'alpha_matting_erode_size']],
		['/music', { tags: 'rock' }, 'list_type', ['body', 'tags']],
		['/music', { tags: ['rock', 7] }, 'string_type', ['body', 'tags', 1]],
		['/tts', { voice_id: 42 }, 'string_type', ['body', 'voice_id']],
		['/foley', { duration: 'long' }, 'float_parsing', ['body', 'duration']],
		['/foley', { seed: 'lucky' }, 'int_parsing', ['body', 'seed']],
	];
	it.each(WRONG)('%s %j → 422 %s', async (path, patch, type, loc) => {
		const issues = detail(await call(emu, 'POST', path, { body: { ...MINIMAL[path][0], ...patch } }));
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ type, loc });
		expect(issues[0].msg).toMatch(/^Input should be/);
	});

	it('the enum message lists the Stages SDK aspect ratios; unions report each member', async () => {
		const [ratio] = detail(await call(emu, 'POST', '/images/text2img', { body: { prompt: 'x', aspect_ratio: '7:5' } }));
		expect(ratio.msg).toBe("Input should be '1:1', '16:9', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16' or '9:21'");
		const union = detail(await call(emu, 'POST', '/tts', { body: { transcript: 'x', character_id: { id: 1 } } }));
		expect(union.map((i) => i.loc)).toEqual([
			['body', 'character_id', 'str'],
			['body', 'character_id', 'int'],
		]);
	});

	it('every error of a body is reported at once', async () => {
		const issues = detail(await call(emu, 'POST', '/images/img2img', { body: { prompt: 3, width: 'w', loop: 'x' } }));
		expect(issues.map((i) => i.loc.at(-1))).toEqual(['prompt', 'width', 'init_image']);
	});

	it("lax coercion as pydantic's: numeric strings, 'yes'/'no', 5.0 as an int; extra fields ignored", async () => {
		const body = { prompt: 'x', width: '512', height: 512.0, guidance_scale: '7.5', remove_background: 'yes', unknown_field: [1] };
		expect((await call(emu, 'POST', '/images/text2img', { body })).status).toBe(200);
		const [g] = emu.generations.values();
		expect(g.request).toMatchObject({ width: 512, height: 512, guidance_scale: 7.5, remove_background: true });
	});

	it("the seed's own example bodies are accepted (with a prompt filled in)", async () => {
		const context = { seed: 0, extension_source: 'string', chat_id: 'string', uuid: 'string', mode: 'string', sub_mode: 'string', parent_image: 'string', item_id: 'string' };
		const prompted = { ...context, prompt: 'a cat', negative_prompt: 'string', width: 1024, height: 1024, num_inference_steps: 50, guidance_scale: 3.5, aspect_ratio: null };
		const motion = { ...prompted, init_image: IMG, end_image: 'string', num_frames: 12, loop: false, fps_id: 8 };
		const bodies: [string, Json][] = [
			['/images/text2img', { ...prompted, remove_background: false }],
			['/images/img2img', { ...prompted, init_image: IMG, type: 'canny', strength: 0.7, remove_background: false }],
			['/images/animate', motion],
			['/video', motion],
			['/images/upscale', { ...context, prompt: '', image: IMG, negative_prompt: 'string', preserve_transparency: true, num_inference_steps: 30 }],
			['/images/removebg_mask', { ...context, image: IMG, alpha_matting: false, post_process_mask: false, alpha_matting_foreground_threshold: 0, alpha_matting_background_threshold: 0, alpha_matting_erode_size: 0 }],
			['/tts', { ...context, transcript: "A wizard's job is to vex chumps quickly in fog.", voice_id: 'cb65ff32-576b-4c2b-b9ae-6f64957f986a', character_id: null, model: null, remove_silence: true, stream: false }],
			['/foley', { ...context, duration: 4, prompt: 'two starships are fighting in space with laser cannons', negative_prompt: 'distorted', num_inference_steps: 30 }],
		];
		for (const [path, body] of bodies) expect([path, (await call(emu, 'POST', path, { body })).status]).toEqual([path, 200]);
	});

	it('inpaint and music take the Stages SDK fields; inpaint needs a mask (search_prompt is not implemented)', async () => {
		const music = { prompt: 'sea shanty', lyrics: 'yo ho', tags: ['folk', 'sea'], title: 'Brine', instrumental: false, lyrics_prompt: null };
		expect((await call(emu, 'POST', '/music', { body: music })).status).toBe(200);
		const noMask = await call(emu, 'POST', '/images/inpaint', { body: { prompt: 'hat', image: IMG } });
		expect([noMask.status, noMask.json]).toEqual([400, { error: 'A mask is required (data URL or URL)', errorCode: 400, code: 0 }]);
		const search = await call(emu, 'POST', '/images/inpaint', { body: { prompt: 'hat', image: IMG, search_prompt: 'the face' } });
		expect(search.json.error).toMatch(/search_prompt is not implemented/);
		expect(emu.generations.size).toBe(1);
	});
});

describe('JSON bodies as FastAPI reads them', () => {
	it('malformed JSON → 422 json_invalid at the error position; no body → 422 missing ["body"]', async () => {
		const bad = detail(await call(emu, 'POST', '/images/text2img', { body: '{"prompt": }' }));
		expect(bad[0]).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error' });
		expect(bad[0].loc[0]).toBe('body');
		expect(typeof bad[0].loc[1]).toBe('number');
		const none = detail(await call(emu, 'POST', '/images/text2img', { headers: { 'content-type': 'application/json' } }));
		expect(none).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
	});

	it('a non-object body or a non-JSON content type → 422 model_attributes_type', async () => {
		for (const r of [
			await call(emu, 'POST', '/images/text2img', { body: [{ prompt: 'x' }] }),
			await call(emu, 'POST', '/images/text2img', { body: JSON.stringify({ prompt: 'x' }), contentType: 'text/plain' }),
		])
			expect(detail(r)[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'] });
	});
});

describe('credits', () => {
	it('402 in the 4xx shape when the cost exceeds the credits; nothing is created', async () => {
		emu.setCredits(30);
		expect((await call(emu, 'POST', '/images/text2img', { body: { prompt: 'a' } })).status).toBe(200);
		const broke = await call(emu, 'POST', '/images/text2img', { body: { prompt: 'b' } });
		expect(broke.status).toBe(402);
		expect(broke.json).toEqual({ error: 'Insufficient credits: this text2img request costs 25 credits and the account has 5', errorCode: 402, code: 0 });
		expect(emu.generations.size).toBe(1);
		expect((await call(emu, 'POST', '/images/removebg_mask', { body: { image: IMG } })).status).toBe(200); // 5 fits
		expect(emu.credits).toBe(0);
		expect((await call(emu, 'POST', '/prompt', { body: { messages: [{ role: 'user', content: 'hi' }] } })).status).toBe(402);
	});

	it('the costs option overrides /images/costs and the charge', async () => {
		const cheap = await startChubEmulator({ costs: { text2img: 2 } });
		try {
			expect((await call(cheap, 'GET', '/images/costs')).json.costs.text2img).toBe(2);
			expect((await submit(cheap, '/images/text2img', { prompt: 'x' })).cost).toBe(2);
		} finally {
			await cheap.close();
		}
	});
});

describe('POST /prompt', () => {
	it('answers a chat.completion object, synchronously, for 1 credit', async () => {
		const before = emu.credits;
		const r = await call(emu, 'POST', '/prompt', {
			body: { model: 'mobile', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Tell me about owls' }] },
		});
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ object: 'chat.completion', model: 'mobile', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }] });
		expect(r.json.id).toMatch(/^chatcmpl-/);
		expect(r.json.choices[0].message.content).toContain('Tell me about owls');
		expect(r.json.usage).toMatchObject({ prompt_tokens: 6 });
		expect(r.json.usage.total_tokens).toBe(r.json.usage.prompt_tokens + r.json.usage.completion_tokens);
		expect(emu.credits).toBe(before - 1);
		expect(emu.generations.size).toBe(0);
	});

	it('prompt/template instead of messages; max_tokens cuts with finish_reason "length"; n choices', async () => {
		const r = await call(emu, 'POST', '/prompt', { body: { template: 'Hi how are you?', max_tokens: 3, n: 2 } });
		expect(r.json.choices).toHaveLength(2);
		expect(r.json.choices[0]).toMatchObject({ finish_reason: 'length' });
		expect(r.json.choices[0].message.content.split(' ')).toHaveLength(3);
	});

	it('unknown model → 404; nothing to complete → 400; wrong types → 422', async () => {
		const model = await call(emu, 'POST', '/prompt', { body: { model: 'gpt-9', prompt: 'x' } });
		expect([model.status, model.json.errorCode]).toEqual([404, 404]);
		expect((await call(emu, 'POST', '/prompt', { body: { messages: [] } })).status).toBe(400);
		const issues = detail(await call(emu, 'POST', '/prompt', { body: { messages: [{ content: 'x' }], max_tokens: 0, response_format: { type: 'xml' } } }));
		expect(issues.map((i) => [i.type, i.loc])).toEqual([
			['missing', ['body', 'messages', 0, 'role']],
			['greater_than_equal', ['body', 'max_tokens']],
			['literal_error', ['body', 'response_format', 'type']],
		]);
	});
});

describe('PATCH /imagine/project/{uuid}', () => {
	it('updates a generation\'s metadata ({message, success}); unknown uuid → 404; bad types → 422', async () => {
		const { generation_uuid: uuid } = await submit(emu, '/images/text2img', { prompt: 'x' });
		const ok = await call(emu, 'PATCH', `/imagine/project/${uuid}`, { body: { name: 'Cat', is_published: true, description: null, opacity: 0.5 } });
		expect([ok.status, ok.json]).toEqual([200, { message: 'success', success: true }]);
		expect(emu.generations.get(uuid)!.project).toEqual({ name: 'Cat', is_published: true, opacity: 0.5 });
		const node = (await call(emu, 'GET', `/images/mine?generation_uuid=${uuid}`)).json.nodes[0];
		expect(node).toMatchObject({ name: 'Cat', is_published: true, description: null });
		expect((await call(emu, 'PATCH', '/imagine/project/nope', { body: { name: 'x' } })).status).toBe(404);
		expect(detail(await call(emu, 'PATCH', `/imagine/project/${uuid}`, { body: { is_nsfw: 'perhaps' } }))[0].type).toBe('bool_parsing');
	});
});
