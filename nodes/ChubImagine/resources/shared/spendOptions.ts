import type { INodeProperties } from 'n8n-workflow';

import { budgetOptionField } from '../../../shared/operation/budget';
import { CHUB } from '../../provider';

/**
 * The Options of the synchronous operations that cost credits (Speech to Text, Complete): the
 * core's Budget (Credits), which the queued operations get with their wait options.
 */
export function spendOptions(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [budgetOptionField(CHUB)],
	};
}
