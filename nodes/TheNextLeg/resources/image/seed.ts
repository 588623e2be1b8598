import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { SEED_BUTTON } from '../../labels';
import {
	buttonMessageIdField,
	checkButtonMessageId,
	checkMessageId,
	messageIdField,
	refField,
} from '../shared/fields';

/**
 * The seed has two routes that disagree (thenextleg-v2.md §2 [?]): the docs press the ✉️ button
 * and the finished message carries `seed`; the client libraries POST /seed {messageId} and get
 * `{seed}` at once. The documented route is the operation Get Seed; the SDK route is offered
 * beside it as Get Seed (Instant), for servers that do not take the ✉️ button.
 */
export const seed = jobSpec('image', {
	value: 'seed',
	name: 'Get Seed',
	action: 'Get the seed of an image message',
	description: 'Press the ✉️ button of a finished image message; the result carries its seed',
	path: '/button',
	fields: [buttonMessageIdField, refField],
	check(this: IExecuteSingleFunctions) {
		checkButtonMessageId(this);
	},
	build: [
		bodyFrom('button', () => SEED_BUTTON),
		bodyFrom('buttonMessageId', function (this: IExecuteSingleFunctions) {
			return checkButtonMessageId(this);
		}),
	],
});

/** POST /seed {messageId} (Node SDK, Go client): answers `{seed}` at once, no message to wait for. */
export const seedInstant: OperationSpec = {
	resource: 'image',
	value: 'seedInstant',
	name: 'Get Seed (Instant)',
	action: 'Get the seed of an image message at once',
	description: "The client libraries' /seed route: answers the seed at once, for servers that have it",
	method: 'POST',
	path: '/seed',
	kind: 'account',
	fields: [messageIdField('The finished image message whose seed to read')],
	check(this: IExecuteSingleFunctions) {
		checkMessageId(this);
	},
	build: [
		bodyFrom('messageId', function (this: IExecuteSingleFunctions) {
			return checkMessageId(this);
		}),
	],
	pick: (body: IDataObject) => ({ ...body, seed: body.seed !== undefined && body.seed !== null ? String(body.seed) : null }),
};
