import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './provider';
import { theNextLegProperties } from './resources';

/**
 * TheNextLeg (Midjourney API) action node, for TheNextLeg-compatible servers: the original
 * service was switched off in January 2024. Declarative: each operation is a spec in
 * ./resources; waiting, pacing, retries, binaries and errors are the provider core's
 * (../shared); ./provider.ts is TheNextLeg's adapter.
 */
export class TheNextLeg implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TheNextLeg',
		name: 'theNextLeg',
		icon: { light: 'file:../../icons/thenextleg.svg', dark: 'file:../../icons/thenextleg.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Generate Midjourney images through a TheNextLeg-compatible API (TheNextLeg itself was switched off in January 2024)',
		defaults: {
			name: 'TheNextLeg',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Status codes are turned into errors by the core's answer handling, with hints.
			ignoreHttpStatusErrors: true,
		},
		properties: [
			{
				displayName:
					'TheNextLeg itself was switched off in January 2024: this node works with TheNextLeg-compatible servers, set by the Base URL of the credential',
				name: 'shutdownNotice',
				type: 'notice',
				default: '',
			},
			...theNextLegProperties,
		],
	};
}
