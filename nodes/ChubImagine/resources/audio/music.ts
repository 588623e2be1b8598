import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { ADDITIONAL_FIELDS, bodyOption, checkPrompt, promptField } from '../shared/fields';
import { generation } from '../shared/generation';

const text = (property: string, displayName: string, name: string, description: string) =>
	bodyOption(property, {
		displayName,
		name,
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description,
	});

/** The SDK's `tags` is a list: a comma-separated text (or a list from an expression) becomes one. */
async function sendTags(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const value = (this.getNodeParameter(ADDITIONAL_FIELDS, {}) as IDataObject).tags;
	if (value === undefined || value === null || value === '') return requestOptions;
	const tags = (Array.isArray(value) ? value : String(value).split(','))
		.map((tag) => String(tag).trim())
		.filter((tag) => tag);
	requestOptions.body = { ...(requestOptions.body as IDataObject), tags };
	return requestOptions;
}

/**
 * POST /music. The seed gives no body (chub-imagine.md §5 [?]): the fields are the Stages SDK's
 * MusicGenerationRequest (prompt, lyrics, tags[], title, instrumental, lyrics_prompt); Extra Body
 * Fields (JSON) sends anything else the API may want.
 */
export const generateMusic = generation('audio', {
	value: 'generateMusic',
	name: 'Generate Music',
	action: 'Generate music from a prompt',
	description: 'Create a piece of music from a prompt (price not published)',
	fields: [
		promptField('Prompt', 'prompt', 'prompt', 'The style and mood of the music', {
			placeholder: 'Upbeat synthwave with a driving bassline',
		}),
	],
	options: [
		bodyOption('instrumental', {
			displayName: 'Instrumental',
			name: 'instrumental',
			type: 'boolean',
			default: false,
			description: 'Whether to make music without vocals',
		}),
		text('lyrics', 'Lyrics', 'lyrics', 'The words to sing'),
		text(
			'lyrics_prompt',
			'Lyrics Prompt',
			'lyricsPrompt',
			'What the lyrics should be about, when Chub writes them',
		),
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'synthwave, 80s, energetic',
			description: 'Genres and moods, separated by commas (sent as a list)',
		},
		text('title', 'Title', 'title', 'The title of the piece'),
	],
	extraBody: true,
	build: [sendTags],
	check(this: IExecuteSingleFunctions) {
		checkPrompt(this, 'prompt', 'Prompt');
	},
});
