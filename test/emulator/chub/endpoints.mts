// The 19 endpoints of the seed (imagine-api.txt; list in chub-imagine.md §5), one route each.
import { randomUUID } from 'node:crypto';

import { renderCheck } from './check-shapes.mts';
import { complete } from './completion.mts';
import { ChubError, notFound } from './errors.mts';
import { listMine, type MineQuery } from './gallery.mts';
import { GENERATION_KINDS, SYNC_COST_KEYS } from './kinds.mts';
import type { Part } from './multipart.mts';
import { checkSchema, GENERATION_SCHEMAS, MINE_QUERY, PROJECT_SCHEMA, PROMPT_SCHEMA, VOICE_CLONE_FIELDS } from './schemas.mts';
import { audioFormat, audioPart, sha256, transcribe } from './speech.mts';
import type { ChubState } from './state.mts';
import type { GenerationEndpoint, RecordedRequest } from './types.mts';
import { jsonInvalid, missingBody, validate, validateQuery } from './validation.mts';
import { checkVoiceModel, renderVoice, Voice } from './voices.mts';

/** The request as the handlers see it. */
export interface Ctx {
	state: ChubState;
	/** Path parameters, in order. */
	params: string[];
	query: Record<string, string | string[]>;
	raw: Buffer;
	contentType: string;
	/** Set for multipart/form-data bodies. */
	parts?: Part[];
	rec: RecordedRequest;
}

export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** As the seed writes it, e.g. '/voices/{voice_id}'. */
	path: string;
	/** false only for GET /images/costs ("answers without any key", §3). */
	auth: boolean;
	handle(ctx: Ctx): unknown;
}

/**
 * The JSON body as FastAPI reads it: parsed when the Content-Type is absent or application/(…+)json;
 * any other type leaves raw bytes, which no model accepts (422 model_attributes_type).
 */
function jsonBody(ctx: Ctx): unknown {
	if (ctx.raw.length === 0) throw missingBody();
	const type = ctx.contentType.split(';')[0].trim().toLowerCase();
	const text = ctx.raw.toString('utf8');
	if (type && !/^application\/([\w.-]+\+)?json$/.test(type)) return text;
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		throw jsonInvalid(err as Error);
	}
}

/** Multipart text fields (files excluded) of a form endpoint. */
function formFields(ctx: Ctx): Record<string, string> {
	return Object.fromEntries((ctx.parts ?? []).filter((p) => p.filename === undefined).map((p) => [p.name, p.data.toString('utf8')]));
}

const success = { message: 'success', success: true };

function submit(endpoint: GenerationEndpoint): Route {
	const kind = GENERATION_KINDS[endpoint];
	return {
		method: 'POST',
		path: endpoint,
		auth: true,
		handle(ctx) {
			const body = validate(GENERATION_SCHEMAS[endpoint], jsonBody(ctx));
			const g = ctx.state.createGeneration(kind, body);
			ctx.rec.generationUuid = g.uuid;
			// The seed's queued answer.
			return { generation_uuid: g.uuid, cost: g.cost, queue_length: g.queueLength };
		},
	};
}

function check(ctx: Ctx): unknown {
	const { state } = ctx;
	const strict = state.checkRequestType === 'strict';
	const body = validate(checkSchema(strict), jsonBody(ctx));
	const g = state.generations.get(String(body.generation_uuid));
	if (!g) throw notFound(`Generation ${String(body.generation_uuid)}`);
	// request_type values are undocumented (§4): strict mode wants the one in kinds.mts.
	if (strict && body.request_type !== g.requestType)
		throw new ChubError(400, `request_type "${String(body.request_type)}" does not match this generation (expected "${g.requestType}")`);
	const phase = g.phase();
	return renderCheck(state.checkShape, {
		g,
		state: phase.state,
		queueLength: phase.queueLength,
		url: state.origin + g.filePath,
		error: g.failure ?? '',
	});
}

function stt(ctx: Ctx): unknown {
	const sample = audioPart(ctx.parts ?? [], 'sample', true) as Part;
	ctx.state.charge(SYNC_COST_KEYS.stt);
	return { reference_text: transcribe(sample, ctx.state.transcripts) };
}

/**
 * Create (no existing_id) or update (existing_id) a voice. Our choices: creating needs a sample
 * (400 otherwise); an update keeps what it does not resend, bumps `version` and processes again;
 * an absent reference_text is filled by the emulated STT (seed: "stt will be done"); an absent
 * transcript reuses the reference text; an absent name is the sample's file name.
 */
function voiceClone(ctx: Ctx): unknown {
	const { state } = ctx;
	const fields = validate(VOICE_CLONE_FIELDS, formFields(ctx));
	const given = (k: string) => (typeof fields[k] === 'string' && fields[k] !== '' ? (fields[k] as string) : undefined);
	const sample = audioPart(ctx.parts ?? [], 'sample', false);
	checkVoiceModel(given('model'));
	const existingId = given('existing_id');
	let voice = existingId ? state.voices.get(existingId) : undefined;
	if (existingId && !voice) throw notFound(`Voice ${existingId}`);
	if (!voice && !sample) throw new ChubError(400, 'A sample audio file is required to create a voice');
	state.charge(SYNC_COST_KEYS.voiceClone);
	const now = Date.now();
	const upload = sample && {
		filename: sample.filename ?? 'sample',
		contentType: sample.contentType ?? 'application/octet-stream',
		format: audioFormat(sample.filename ?? '', sample.data) ?? 'raw',
		bytes: Buffer.from(sample.data),
	};
	if (!voice) {
		voice = new Voice(randomUUID(), upload as NonNullable<typeof upload>, now, state.jobDurationMs);
		voice.name = upload!.filename.replace(/\.[^.]*$/, '');
		state.voices.set(voice.uuid, voice);
	} else {
		voice.version += 1;
		voice.startedAt = voice.updatedAt = now;
		voice.durationMs = state.jobDurationMs;
		if (upload) voice.sample = upload;
	}
	if (given('name')) voice.name = given('name')!;
	if (given('model') !== undefined || !existingId) voice.model = given('model') ?? null;
	if (given('character_id_str')) voice.characterId = given('character_id_str')!;
	if (given('reference_text')) voice.referenceText = given('reference_text')!;
	else if (upload) voice.referenceText = transcribe(sample as Part, state.transcripts);
	voice.transcript = given('transcript') ?? (voice.transcript || voice.referenceText);
	voice.failure = state.failureFor('/voice_clone', [voice.transcript, voice.name]);
	state.transcripts.set(sha256(voice.sample.bytes), voice.referenceText);
	ctx.rec.voiceUuid = voice.uuid;
	return renderVoice(voice, state.origin, now);
}

function listVoices(ctx: Ctx): unknown {
	const voices = [...ctx.state.voices.values()].sort((a, b) => a.createdAt - b.createdAt);
	return { voices: voices.map((v) => renderVoice(v, ctx.state.origin)) };
}

function deleteVoice(ctx: Ctx): unknown {
	const id = ctx.params[0];
	if (!ctx.state.voices.delete(id)) throw notFound(`Voice ${id}`);
	return success;
}

function prompt(ctx: Ctx): unknown {
	const answer = complete(validate(PROMPT_SCHEMA, jsonBody(ctx)));
	ctx.state.charge(SYNC_COST_KEYS.prompt);
	return answer;
}

/** Our choice: the uuid is a generation's; null fields leave the value unchanged. */
function patchProject(ctx: Ctx): unknown {
	const g = ctx.state.generations.get(ctx.params[0]);
	if (!g) throw notFound(`Project ${ctx.params[0]}`);
	const body = validate(PROJECT_SCHEMA, jsonBody(ctx));
	for (const key of Object.keys(PROJECT_SCHEMA)) if (body[key] !== undefined && body[key] !== null) g.project[key] = body[key];
	g.updatedAt = Date.now();
	return success;
}

function mine(ctx: Ctx): unknown {
	const q = validateQuery(MINE_QUERY, ctx.query) as MineQuery;
	return listMine(ctx.state.generations.values(), q, ctx.state.origin);
}

export const ROUTES: Route[] = [
	{ method: 'GET', path: '/images/costs', auth: false, handle: (ctx) => ({ costs: ctx.state.costTable() }) },
	{ method: 'GET', path: '/images/mine', auth: true, handle: mine },
	...(Object.keys(GENERATION_KINDS) as GenerationEndpoint[]).map(submit),
	{ method: 'POST', path: '/check', auth: true, handle: check },
	{ method: 'POST', path: '/stt', auth: true, handle: stt },
	{ method: 'POST', path: '/voice_clone', auth: true, handle: voiceClone },
	{ method: 'GET', path: '/voices', auth: true, handle: listVoices },
	{ method: 'DELETE', path: '/voices/{voice_id}', auth: true, handle: deleteVoice },
	{ method: 'POST', path: '/prompt', auth: true, handle: prompt },
	{ method: 'PATCH', path: '/imagine/project/{uuid}', auth: true, handle: patchProject },
];

/** Multipart endpoints (FastAPI Form/File parameters). */
export const FORM_PATHS = new Set(['/stt', '/voice_clone']);
