import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { checkText } from '../../../shared/operation/validate';

/** DELETE /voices/{voice_id} (imagine-api.txt): `{message: "success", success: true}`. */
export const deleteVoice: OperationSpec = {
	resource: 'voice',
	value: 'deleteVoice',
	name: 'Delete',
	action: 'Delete a voice',
	description: 'Delete one of your voices (free)',
	method: 'DELETE',
	path: '=/voices/{{ encodeURIComponent(String($parameter["voiceId"]).trim()) }}',
	kind: 'account',
	fields: [
		{
			displayName: 'Voice ID',
			name: 'voiceId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The voice to delete (its uuid, as Voice > Get Many and Voice > Clone output it)',
		},
	],
	check(this: IExecuteSingleFunctions) {
		checkText(this, this.getNodeParameter('voiceId', ''), 'Voice ID');
	},
};
