import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { jobSpec } from '../../../shared/operation/jobSpec';
import { failField } from '../../../shared/operation/validate';
import { pathOf } from '../../requestTypes';
import { ADDITIONAL_FIELDS, additionalFields, bodyOption } from '../shared/fields';
import { audioBinaryField, checkAudioBinary, sendAsForm } from '../shared/upload';

const text = (property: string, displayName: string, name: string, description: string) =>
	bodyOption(property, { displayName, name, type: 'string', default: '', description });

const options = additionalFields(
	[
		text(
			'character_id_str',
			'Character ID',
			'characterId',
			'Set the voice of this character to the new voice (character_id_str)',
		),
		text(
			'existing_id',
			'Existing Voice ID',
			'existingId',
			'Update this voice instead of creating one (existing_id); the sample may then be left out',
		),
		text(
			'model',
			'Model',
			'model',
			'Which model makes the examples: "all", or empty for the default',
		),
		text(
			'reference_text',
			'Reference Text',
			'referenceText',
			'What is said in the sample; when empty, Chub transcribes the sample itself',
		),
		text('transcript', 'Transcript', 'transcript', 'The text the example readings say'),
	],
	{ context: false },
);

const existingId = (ctx: IExecuteSingleFunctions) =>
	String((ctx.getNodeParameter(ADDITIONAL_FIELDS, {}) as IDataObject).existingId ?? '').trim();

/**
 * POST /voice_clone (imagine-api.txt): multipart, the audio file in `sample`, text fields beside
 * it. It answers with the voice object (`uuid`, `is_done`, `is_failed`, example readings); whether
 * it finishes later is not documented (chub-imagine.md §5, §7 q5 [?]), so the node treats the voice
 * as a task: Wait for Result reads GET /voices until the voice is done or failed.
 */
export const cloneVoice = jobSpec('voice', {
	value: 'cloneVoice',
	name: 'Clone',
	action: 'Clone a voice from an audio sample',
	description: 'Create (or update) a voice from an audio sample (about 25 credits)',
	path: pathOf('cloneVoice'),
	fields: [
		audioBinaryField({
			required: false,
			description:
				'Name of the binary property of the incoming item that holds the sample (mp3, flv, ogg, wav, raw, m4a, mp4 or wave); it is uploaded with its file name and type. May be empty when updating an existing voice.',
		}),
		{
			displayName: 'Name',
			name: 'voiceName',
			type: 'string',
			default: '',
			description: 'The name of the voice',
			routing: { send: { type: 'body', property: 'name' } },
		},
		options,
	],
	check(this: IExecuteSingleFunctions) {
		const sample = checkAudioBinary(this, false);
		if (!sample && !existingId(this)) {
			failField(
				this,
				'Audio Binary Property',
				'a new voice needs an audio sample',
				'Name the binary property that holds the sample, or set Additional Fields > Existing Voice ID to update a voice. Nothing was sent.',
			);
		}
	},
	build: [
		async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
			return await sendAsForm(this, requestOptions, checkAudioBinary(this, false));
		},
	],
});
