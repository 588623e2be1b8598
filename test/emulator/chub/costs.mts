// `GET /images/costs` → {costs: {<operation>: credits}}. The seed shows only `{"costs": {}}`; the
// values below are the ones a live probe reported (chub-imagine.md §5, source C2, [M]), plus our
// guesses for the keys §4 lists without a value, plus three keys for seed operations the report
// does not name. Every charge the emulator makes is looked up here (kinds.mts names the key).

export const DEFAULT_COSTS: Readonly<Record<string, number>> = {
	// Reported (§5): 25 for text2img/img2img/inpaint/upscale/tts/stt/voice_clone ...
	text2img: 25,
	img2img: 25,
	inpaint: 25,
	upscale: 25,
	tts: 25,
	stt: 25,
	voice_clone: 25,
	// ... 50 for expressions/model3d/imagine; 100 for video; 5 for removebg/background; 1 for prompt/llm.
	expressions: 50,
	model3d: 50,
	imagine: 50,
	video: 100,
	removebg: 5,
	background: 5,
	prompt: 1,
	llm: 1,
	// Listed in §4 with no value reported: our guesses, by analogy.
	generate: 25,
	video2video: 100,
	completions: 1,
	// Not reported at all, but the seed has these operations: our choice.
	animate: 100, // makes a video, like /video
	music: 50,
	foley: 25,
};
