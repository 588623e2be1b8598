/**
 * Message types as TheNextLeg names them in `type` (docs: "imagine", "describe", "info"; the
 * docs are silent on the others, which are the route names, as the emulator uses them).
 */
export const TASK_TYPES = [
	{ name: 'Blend', value: 'blend' },
	{ name: 'Button (Upscale, Variation, Seed ...)', value: 'button' },
	{ name: 'Describe', value: 'describe' },
	{ name: 'Imagine', value: 'imagine' },
	{ name: 'Info', value: 'info' },
	{ name: 'Settings', value: 'settings' },
	{ name: 'Slash Command (Fast, Relax ...)', value: 'slash-commands' },
];
