import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bodyFrom, jobSpec } from '../../../shared/operation/jobSpec';
import type { OperationSpec } from '../../../shared/operation/spec';
import { chosenLabel, settingFields } from '../../labels';
import { refField } from '../shared/fields';
import { checkNoCallbackMode } from './getOnly';

/** GET /settings (docs /v2/settings): the finished message lists the settings as `buttons`. */
export const getSettings: OperationSpec = {
	resource: 'account',
	value: 'getSettings',
	name: 'Get Settings',
	action: 'Get account settings',
	description: 'Read the Midjourney settings; the result lists them as buttons',
	method: 'GET',
	path: '/settings',
	kind: 'job',
	check(this: IExecuteSingleFunctions) {
		checkNoCallbackMode(this, 'Get Settings');
	},
};

const spec = jobSpec('account', {
	value: 'toggleSetting',
	name: 'Toggle Setting',
	action: 'Toggle an account setting',
	description: 'Press one settings button (version, quality, style, remix, fast/relax, public/stealth)',
	path: '/settings',
	fields: [refField],
	check(this: IExecuteSingleFunctions) {
		chosenLabel(this, 'setting');
	},
	build: [
		bodyFrom('settingsToggle', function (this: IExecuteSingleFunctions) {
			return chosenLabel(this, 'setting');
		}),
	],
});

/**
 * POST /settings {settingsToggle} (client libraries; thenextleg-v2.md §2). The labels are the
 * SDK's, not the docs' (which redact "MJ"): an expression or "Other" may send any label, so the
 * setting fields are not checked against their options list.
 */
export const toggleSetting: OperationSpec = { ...spec, fields: [...settingFields, ...(spec.fields ?? [])] };
