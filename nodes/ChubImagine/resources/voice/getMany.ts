import type { OperationSpec } from '../../../shared/operation/spec';
import { checkWanted, listFields, wholeList } from '../shared/list';

/** GET /voices (imagine-api.txt): `{voices: [...]}`, one item per voice. */
export const getVoices: OperationSpec = {
	resource: 'voice',
	value: 'getVoices',
	name: 'Get Many',
	action: 'Get many voices',
	description: 'List your voices, one item each (free)',
	method: 'GET',
	path: '/voices',
	kind: 'account',
	fields: listFields(),
	check: checkWanted,
	postReceive: wholeList('voices'),
};
