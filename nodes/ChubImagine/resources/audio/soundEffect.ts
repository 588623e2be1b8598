import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyOption, checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';
import { negativePrompt, steps } from '../shared/options';

/** POST /foley (imagine-api.txt): prompt, duration in seconds, negative prompt, steps. */
export const generateSoundEffect = generation('audio', {
	value: 'generateSoundEffect',
	name: 'Generate Sound Effect',
	action: 'Generate a sound effect from a prompt',
	description: 'Create a sound effect (foley) from a prompt (price not published)',
	fields: [
		promptField('Prompt', 'prompt', 'prompt', 'The sound to make', {
			placeholder: 'two starships are fighting in space with laser cannons',
		}),
	],
	options: [
		bodyOption('duration', {
			displayName: 'Duration (Seconds)',
			name: 'duration',
			type: 'number',
			default: 4,
			description: 'Length of the sound (seed default 4)',
		}),
		negativePrompt('What the sound should not have (the seed\'s example is "distorted")'),
		steps(30),
	],
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'prompt', 'Prompt');
	},
});
