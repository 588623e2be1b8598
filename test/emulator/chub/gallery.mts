// GET /images/mine → {count, nodes[], page} (seed). Paging: `first` (page size, default 40), `page`
// (1-based, default 1), `count` (default true). The node fields are undocumented (§5 / §7 q6: "the
// write-ups show uuid and primary_image_path [L]"); the ones below are our choice:
//   - every generation of the account, newest first, finished or not (primary_image_path null until
//     completed, and for failed ones), so a client using the gallery as a fallback must check it;
//   - TTS results only with include_tts=true; music and foley are listed (they are not "tts");
//   - generated_only has no effect: everything in the emulator is generated;
//   - count=false → `count: null`;
//   - filters compare with the request's fields: chat_id, parent_image, extension_id ↔ extension_source,
//     primary_character_id ↔ character_id (tts), generation_uuid ↔ uuid;
//   - PATCH /imagine/project/{uuid} fields override the node's fields of the same name.
import { isoSeconds } from '../legnext/http.mts';
import type { Generation } from './generation.mts';
import { MIME } from './media.mts';

const MEDIA_TYPE = { png: 'image', mp4: 'video', mp3: 'audio', wav: 'audio' } as const;

export function galleryNode(g: Generation, origin: string, now = Date.now()) {
	const { state } = g.phase(now);
	const url = state === 'completed' ? origin + g.filePath : null;
	const r = g.request;
	const text = (v: unknown) => (typeof v === 'string' ? v : null);
	return {
		uuid: g.uuid,
		generation_uuid: g.uuid,
		request_type: g.requestType,
		imagination_type: MEDIA_TYPE[g.media.format],
		content_type: MIME[g.media.format],
		primary_image_path: url,
		primary_media_url: url,
		prompt: text(r.prompt) ?? text(r.transcript),
		negative_prompt: text(r.negative_prompt),
		name: null as string | null,
		description: null as string | null,
		width: g.media.width ?? null,
		height: g.media.height ?? null,
		duration: g.media.seconds ?? null,
		seed: g.seed,
		cost: g.cost,
		is_done: state === 'completed' || state === 'failed',
		is_failed: state === 'failed',
		is_published: false,
		is_nsfw: false,
		is_nsfl: false,
		visible: true,
		comments_enabled: true,
		parent_image: text(r.parent_image),
		chat_id: text(r.chat_id),
		extension_source: text(r.extension_source),
		item_id: text(r.item_id),
		primary_character_id: r.character_id ?? null,
		created_at: isoSeconds(g.createdAt),
		updated_at: isoSeconds(g.updatedAt),
		...g.project,
	};
}

export interface MineQuery {
	first?: number;
	page?: number;
	extension_id?: number | null;
	chat_id?: number | null;
	primary_character_id?: number | null;
	parent_image?: string | null;
	generation_uuid?: string | null;
	count?: boolean | null;
	include_tts?: boolean | null;
	generated_only?: boolean | null;
}

export function listMine(generations: Iterable<Generation>, q: MineQuery, origin: string) {
	const first = q.first ?? 40;
	const page = q.page ?? 1;
	const same = (want: unknown, have: unknown) => want === undefined || want === null || String(want) === String(have);
	const matching = [...generations]
		.filter((g) => q.include_tts === true || g.endpoint !== '/tts')
		.filter((g) => same(q.generation_uuid, g.uuid))
		.filter((g) => same(q.chat_id, g.request.chat_id))
		.filter((g) => same(q.parent_image, g.request.parent_image))
		.filter((g) => same(q.extension_id, g.request.extension_source))
		.filter((g) => same(q.primary_character_id, g.request.character_id))
		.reverse() // newest first (Map keeps insertion order)
		.sort((a, b) => b.createdAt - a.createdAt);
	const nodes = matching.slice((page - 1) * first, page * first).map((g) => galleryNode(g, origin));
	return { count: q.count === false ? null : matching.length, nodes, page };
}
