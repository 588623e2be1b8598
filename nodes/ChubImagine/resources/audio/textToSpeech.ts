import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyOption, checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';

/**
 * POST /tts (imagine-api.txt): transcript and voice, optional character, model and silence
 * removal. `stream` is never sent: the node waits for the queued task and downloads its file.
 */
export const textToSpeech = generation('audio', {
	value: 'textToSpeech',
	name: 'Text to Speech',
	action: 'Speak a text',
	description: 'Read a text aloud in a voice (about 25 credits)',
	fields: [
		promptField('Transcript', 'transcript', 'transcript', 'The text to speak', {
			placeholder: "A wizard's job is to vex chumps quickly in fog.",
		}),
		{
			displayName: 'Voice ID',
			name: 'voiceId',
			type: 'string',
			default: '',
			placeholder: 'cb65ff32-576b-4c2b-b9ae-6f64957f986a',
			description:
				'The voice to speak in (voice_id): one of your voices (Voice > Get Many) or a cloned one; empty for the default voice',
			routing: { send: { type: 'body', property: 'voice_id' } },
		},
	],
	options: [
		bodyOption('character_id', {
			displayName: 'Character ID',
			name: 'characterId',
			type: 'string',
			default: '',
			description: 'Speak in the voice of this character (character_id)',
		}),
		bodyOption('model', {
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: '',
			description: 'The speech model; empty for the default',
		}),
		bodyOption('remove_silence', {
			displayName: 'Remove Silence',
			name: 'removeSilence',
			type: 'boolean',
			default: true,
			description: 'Whether to trim silence (seed default true)',
		}),
	],
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'transcript', 'Transcript');
	},
});
