// THE table of /check answers. The seed's /check response schema repeats the submit answer
// `{generation_uuid, cost, queue_length}` and does not model a finished task (chub-imagine.md §4,
// "the core uncertainty"). Each plausible finished shape from §4 is one row below; pick one with the
// `checkShape` option (or `--check-shape`). The node must handle every row.
//
// While a generation runs, every shape answers the documented object with queue_length counting
// down (plus the row's own running markers where that shape has them).
import type { Generation } from './generation.mts';
import type { CheckShape } from './types.mts';

export interface CheckView {
	/** The generation (uuid, cost, seed). */
	g: Generation;
	state: 'queued' | 'processing' | 'completed' | 'failed';
	queueLength: number;
	/** Absolute URL of the result file (completed only). */
	url: string;
	/** Failure message (failed only). */
	error: string;
}

interface ShapeRow {
	/** Where the shape comes from (chub-imagine.md §4). */
	source: string;
	running(v: CheckView): Record<string, unknown>;
	completed(v: CheckView): Record<string, unknown>;
	failed(v: CheckView): Record<string, unknown>;
}

/** The documented running answer (seed): the submit answer, queue_length counting down. */
const queued = (v: CheckView) => ({ generation_uuid: v.g.uuid, cost: v.g.cost, queue_length: v.queueLength });

export const CHECK_SHAPES: Record<CheckShape, ShapeRow> = {
	// §4 item 1 [H]: the same API family's /voice_clone answer carries `is_done` / `is_failed`; the
	// Rostro write-up's `/imagine` example (item 3, [L]) adds `primary_media_url`. Our choice: the
	// booleans are present while running too (false/false), and a failure is is_done:true +
	// is_failed:true ("finished, and failed"): a client must test is_failed before is_done.
	is_done: {
		source: '§4 items 1 and 3: voice object booleans + Rostro `{generation_uuid, is_done, primary_media_url}`',
		running: (v) => ({ ...queued(v), is_done: false, is_failed: false }),
		completed: (v) => ({ generation_uuid: v.g.uuid, is_done: true, is_failed: false, primary_media_url: v.url }),
		failed: (v) => ({ generation_uuid: v.g.uuid, is_done: true, is_failed: true, primary_media_url: null }),
	},
	// §4 item 2 [M]: the Stages SDK's ImagineResponse `{url, seed}`; "a non-null `error` in the reply
	// means failure". Exactly those keys: no generation_uuid once finished.
	url: {
		source: '§4 item 2: Stages SDK ImagineResponse `{url, seed}`, failure = non-null `error`',
		running: queued,
		completed: (v) => ({ url: v.url, seed: v.g.seed }),
		failed: (v) => ({ url: null, seed: null, error: v.error }),
	},
	// §4 item 4 [L-M]: a third-party script reads `primary_image_path`; gallery nodes carry it too.
	// The same key holds video and audio URLs (it is a gallery path name, not an image promise).
	primary_image_path: {
		source: '§4 item 4: third-party script and gallery nodes read `primary_image_path`',
		running: queued,
		completed: (v) => ({ generation_uuid: v.g.uuid, primary_image_path: v.url }),
		failed: (v) => ({ generation_uuid: v.g.uuid, primary_image_path: null, error: v.error }),
	},
	// §4 suggested loop, step 2, names `image_url` among the fields that mean "done".
	image_url: {
		source: '§4 suggested loop: `image_url` as a done marker',
		running: queued,
		completed: (v) => ({ generation_uuid: v.g.uuid, image_url: v.url }),
		failed: (v) => ({ generation_uuid: v.g.uuid, image_url: null, error: v.error }),
	},
	// Our guess, not from any source: a conventional status field. Running answers add
	// `status: "queued" | "processing"`; the URL is under `url` (one of §4's done markers).
	status: {
		source: 'our guess: a conventional `status` field ("queued" | "processing" | "completed" | "failed")',
		running: (v) => ({ generation_uuid: v.g.uuid, status: v.state, cost: v.g.cost, queue_length: v.queueLength }),
		completed: (v) => ({ generation_uuid: v.g.uuid, status: 'completed', url: v.url }),
		failed: (v) => ({ generation_uuid: v.g.uuid, status: 'failed', error: v.error }),
	},
};

export const CHECK_SHAPE_NAMES = Object.keys(CHECK_SHAPES) as CheckShape[];

export function renderCheck(shape: CheckShape, v: CheckView): Record<string, unknown> {
	const row = CHECK_SHAPES[shape];
	if (v.state === 'completed') return row.completed(v);
	if (v.state === 'failed') return row.failed(v);
	return row.running(v);
}
