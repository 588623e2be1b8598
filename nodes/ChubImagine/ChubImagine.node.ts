import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './provider';
import { chubProperties } from './resources';

/**
 * Chub.ai's generation API ("Imagine", imagine-api.txt; identified in chub-imagine.md): images,
 * video, music, sound effects, speech, voices, completions. Declarative: each operation is routing
 * in the description; waiting (polling /check), retries, pacing, binaries and errors are the
 * provider core's (../shared); ./provider.ts is Chub's adapter. Chub has no callbacks, so no trigger.
 */
export class ChubImagine implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chub Imagine',
		name: 'chubImagine',
		icon: { light: 'file:../../icons/chub.svg', dark: 'file:../../icons/chub.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Generate images, video, music, sound effects and speech, clone voices and transcribe audio with Chub.ai',
		defaults: {
			name: 'Chub Imagine',
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
		properties: chubProperties,
	};
}
