import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { pathOf } from '../../requestTypes';
import { spendOptions } from '../shared/spendOptions';
import { audioBinaryField, checkAudioBinary, sendAsForm } from '../shared/upload';

/**
 * POST /stt (imagine-api.txt): multipart with the audio file in `sample` (required); answers at
 * once with `{reference_text}`.
 */
export const speechToText: OperationSpec = {
	resource: 'audio',
	value: 'speechToText',
	name: 'Speech to Text',
	action: 'Transcribe speech',
	description: 'Write down what an audio file says (about 25 credits)',
	method: 'POST',
	path: pathOf('speechToText'),
	kind: 'account',
	fields: [
		audioBinaryField({
			required: true,
			description:
				'Name of the binary property of the incoming item that holds the audio (mp3, flv, ogg, wav, raw, m4a, mp4 or wave); it is uploaded with its file name and type',
		}),
		spendOptions(),
	],
	check(this: IExecuteSingleFunctions) {
		checkAudioBinary(this, true);
	},
	build: [
		async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
			return await sendAsForm(this, { ...requestOptions, body: {} }, checkAudioBinary(this, true));
		},
	],
};
