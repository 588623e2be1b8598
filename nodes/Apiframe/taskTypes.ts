/**
 * Kinds of APIFRAME task, one per submit endpoint (named after it), for the trigger's filter and
 * for learning run times. APIFRAME's own `task_type` is finer ("upscale#2", "pan-up",
 * "variation-1", "outpaint-2"): `taskFamily` maps it to its kind. apiframe-v1.md §3 documents
 * some values and patterns; the others (highres, video, strong/subtle variations) are not
 * captured, so they are matched by their likely prefix and otherwise kept as they are.
 */
export const TASK_TYPES = [
	{ name: 'Blend', value: 'blend' },
	{ name: 'Describe', value: 'describe' },
	{ name: 'Extend Video', value: 'imagine-video-extend' },
	{ name: 'Face Swap', value: 'faceswap' },
	{ name: 'Imagine', value: 'imagine' },
	{ name: 'Imagine Video', value: 'imagine-video' },
	{ name: 'Inpaint', value: 'inpaint' },
	{ name: 'Outpaint', value: 'outpaint' },
	{ name: 'Pan', value: 'pan' },
	{ name: 'Reroll', value: 'reroll' },
	{ name: 'Seed', value: 'seed' },
	{ name: 'Shorten', value: 'shorten' },
	{ name: 'Upscale 1x', value: 'upscale-1x' },
	{ name: 'Upscale Alt', value: 'upscale-alt' },
	{ name: 'Upscale High-Res', value: 'upscale-highres' },
	{ name: 'Variations', value: 'variations' },
];

const FAMILIES = new Set(TASK_TYPES.map((type) => type.value));

// In this order: "imagine-video-extend" before "imagine-video" before "imagine".
const PATTERNS: Array<[RegExp, string]> = [
	[/^upscale#\d+$/, 'upscale-1x'], // documented: "upscale#1"
	[/^upscale-(subtle|creative)$/, 'upscale-alt'], // documented: "upscale-creative"
	[/^upscale-?(2x|4x|high-?res)/, 'upscale-highres'], // not captured (§3 [?])
	[/^variation/, 'variations'], // documented: "variation-1"
	[/^outpaint/, 'outpaint'], // documented: "outpaint-2"
	[/^pan/, 'pan'], // documented: "pan-up"
	[/^(imagine-video-extend|extend)/, 'imagine-video-extend'],
	[/^imagine-video/, 'imagine-video'],
];

/** The kind of task an APIFRAME `task_type` (or one of our kinds) stands for. */
export function taskFamily(taskType: unknown): string | undefined {
	if (typeof taskType !== 'string' || !taskType) return undefined;
	if (FAMILIES.has(taskType)) return taskType;
	const found = PATTERNS.find(([pattern]) => pattern.test(taskType));
	return found ? found[1] : taskType;
}

/** The kind of task a submit endpoint creates: the path's last segment ("/upscale-1x" -> "upscale-1x"). */
export function familyOfEndpoint(url: string | undefined): string | undefined {
	const name = String(url ?? '')
		.split('?')[0]
		.replace(/\/+$/, '')
		.split('/')
		.pop();
	return name && FAMILIES.has(name) ? name : undefined;
}
