import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './provider';
import { apiframeProperties } from './resources';

/**
 * APIFRAME (Midjourney API v1) action node. Declarative: each operation is routing in the
 * description (resources/**, one OperationSpec each); waiting, retries, binaries and errors are
 * the provider core's (../shared); ./provider.ts is APIFRAME's adapter.
 */
export class Apiframe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'APIFRAME',
		name: 'apiframe',
		icon: { light: 'file:../../icons/apiframe.svg', dark: 'file:../../icons/apiframe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate and edit Midjourney images and videos with the APIFRAME API',
		defaults: {
			name: 'APIFRAME',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Status codes are turned into errors by the core's postReceive step, with hints.
			ignoreHttpStatusErrors: true,
		},
		properties: apiframeProperties,
	};
}
