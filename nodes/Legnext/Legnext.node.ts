import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { legnextProperties } from './resources';
import { CREDENTIAL_TYPE } from './provider';

/**
 * Legnext (Midjourney API) action node. Declarative: each operation is routing in the
 * description (see routing/jobOperation.ts); waiting, retries, binaries and errors are shared
 * machinery in ../shared (the provider core); ./provider.ts is Legnext's adapter.
 */
export class Legnext implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Legnext',
		name: 'legnext',
		icon: { light: 'file:../../icons/legnext.svg', dark: 'file:../../icons/legnext.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate and edit Midjourney images and videos with the Legnext API',
		defaults: {
			name: 'Legnext',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Status codes are turned into errors by our own postReceive step, with hints.
			ignoreHttpStatusErrors: true,
		},
		properties: legnextProperties,
	};
}
