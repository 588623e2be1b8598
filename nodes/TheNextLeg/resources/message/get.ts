import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { checkNumber } from '../../../shared/operation/validate';
import { DEFAULT_EXPIRE_MINS } from '../../provider';
import { checkMessageId, messageIdField } from '../shared/fields';

/**
 * GET /message/<messageId>?expireMins=<n> (docs get-message; thenextleg-v2.md §3). `expireMins`
 * is written into the path, not sent as a separate query: an in-progress answer (`{progress: 37}`)
 * names no message, so the adapter reads the id, and the `expireMins` later reads keep using
 * while waiting, from the request as sent (message.ts).
 */
export const getMessage: OperationSpec = {
	resource: 'message',
	value: 'get',
	name: 'Get',
	action: 'Get a message',
	description: 'Read a message: progress, result or content code; optionally wait until it finishes',
	method: 'GET',
	path: '=/message/{{ encodeURIComponent(String($parameter["messageId"]).trim()) }}?expireMins={{ encodeURIComponent(String($parameter["expireMins"])) }}',
	kind: 'read',
	fields: [
		messageIdField('The message to read (the `messageId` a submit answered)'),
		{
			displayName: 'Expire After (Minutes)',
			name: 'expireMins',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: DEFAULT_EXPIRE_MINS,
			description:
				'TheNextLeg calls an unfinished message "incomplete" once it is this many minutes old (`expireMins`, default 12). Raise it to keep waiting for a slow job.',
		},
	],
	check(this: IExecuteSingleFunctions) {
		checkMessageId(this);
		checkNumber(this, this.getNodeParameter('expireMins', DEFAULT_EXPIRE_MINS), 'Expire After (Minutes)', {
			min: 0,
			exclusiveMin: true,
		});
	},
};
