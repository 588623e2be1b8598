import { jobSpec, optionsField } from '../../../shared/operation/jobSpec';
import { refField } from '../shared/fields';

/**
 * POST /slash-commands {cmd} (docs /v2/slash-commands): how fast and relax are switched; there is
 * no per-job mode field (thenextleg-v2.md §2). private and stealth are the docs' other commands
 * (pro tier).
 */
export const switchMode = jobSpec('account', {
	value: 'switchMode',
	name: 'Switch Mode',
	action: 'Switch the account mode',
	description: 'Run /fast or /relax (or /private, /stealth) on the Midjourney account',
	path: '/slash-commands',
	fields: [
		optionsField('cmd', {
			displayName: 'Mode',
			name: 'mode',
			options: [
				{ name: 'Fast', value: 'fast', description: 'Jobs use fast hours (/fast)' },
				{ name: 'Private (Pro Plan)', value: 'private', description: 'Hide new jobs from the gallery (/private)' },
				{ name: 'Relax', value: 'relax', description: 'Jobs queue without using fast hours (/relax)' },
				{ name: 'Stealth (Pro Plan)', value: 'stealth', description: 'Hide new jobs from the gallery (/stealth)' },
			],
			default: 'relax',
			description: 'The slash command to run',
		}),
		refField,
	],
});
