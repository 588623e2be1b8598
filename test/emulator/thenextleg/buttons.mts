// Button labels (v2 notes §4) and what pressing each one produces.
// "Send in any button seen in your previous response. You'll need to include the emoji and label exactly
// as received" (docs /v2/buttons): labels are compared byte for byte, emoji variation selectors included.

/** On a grid: exactly the docs' example list (imagine, get-message). */
export const GRID_BUTTONS = ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4'] as const;

/** The seed flow's button (docs /v2/seed, notes §2 and §4). */
export const SEED_BUTTON = '✉️';

export const VARY_REGION = '🖌️ Vary (Region)';
export const CUSTOM_ZOOM = 'Custom Zoom';
export const MAKE_VARIATIONS = '🪄 Make Variations';
export const FAVORITE = '❤️ Favorite';
export const ZOOM_OUT = { 'Zoom Out 2x': 2, 'Zoom Out 1.5x': 1.5 } as const;
export const PAN = ['⬅️', '➡️', '⬆️', '⬇️'] as const;

/**
 * After an upscale (U1-U4). Sources: 🪄 Make Variations and ❤️ Favorite = Node SDK ButtonTypes;
 * 🖌️ Vary (Region) = docs /v2/inpaint ("After a successful upscale"); Custom Zoom = docs /v2/buttons.
 * Our invention (the docs say zoom and pan buttons exist but never spell them): 'Zoom Out 2x' and
 * 'Zoom Out 1.5x' (spelled as the TNL-style successor ImaginePro spells them) and the pan arrows.
 */
export const UPSCALE_BUTTONS = [MAKE_VARIATIONS, FAVORITE, VARY_REGION, ...Object.keys(ZOOM_OUT), CUSTOM_ZOOM, ...PAN] as const;

/** What a button makes. */
export type ButtonEffect =
	| { kind: 'upscale'; index: number }
	| { kind: 'grid'; action: 'variation' | 'reroll' | 'vary-region' | 'zoom' | 'pan'; index?: number; zoom?: number }
	| { kind: 'seed' }
	| { kind: 'favorite' };

/** The effect of a label, whatever message it is pressed on (validity is checked separately). */
export function effectOf(button: string, zoom?: number): ButtonEffect | undefined {
	const u = /^U([1-4])$/.exec(button);
	if (u) return { kind: 'upscale', index: Number(u[1]) - 1 };
	const v = /^V([1-4])$/.exec(button);
	if (v) return { kind: 'grid', action: 'variation', index: Number(v[1]) - 1 };
	if (button === '🔄') return { kind: 'grid', action: 'reroll' };
	if (button === MAKE_VARIATIONS) return { kind: 'grid', action: 'variation' };
	if (button === VARY_REGION) return { kind: 'grid', action: 'vary-region' };
	if (button === CUSTOM_ZOOM) return { kind: 'grid', action: 'zoom', zoom };
	if (button in ZOOM_OUT) return { kind: 'grid', action: 'zoom', zoom: ZOOM_OUT[button as keyof typeof ZOOM_OUT] };
	if ((PAN as readonly string[]).includes(button)) return { kind: 'grid', action: 'pan' };
	if (button === SEED_BUTTON) return { kind: 'seed' };
	if (button === FAVORITE) return { kind: 'favorite' };
	return undefined;
}

/** The `buttons` list of a finished image message. */
export function buttonsFor(kind: 'grid' | 'upscale', listSeedButton: boolean): string[] {
	const list: string[] = kind === 'grid' ? [...GRID_BUTTONS] : [...UPSCALE_BUTTONS];
	if (listSeedButton) list.push(SEED_BUTTON);
	return list;
}

/**
 * May `button` be pressed on a message listing `listed`? Listed labels are; `✉️` is also accepted on any
 * image message, because in Midjourney it is a reaction, not a listed button (our choice, README).
 */
export function isPressable(button: string, listed: readonly string[], isImage: boolean): boolean {
	return listed.includes(button) || (button === SEED_BUTTON && isImage);
}
