import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from '../shared/trigger/properties';
import { triggerWebhook, triggerWebhookMethods } from '../shared/trigger/webhookFlow';
import { APIFRAME, CREDENTIAL_TYPE } from './provider';

/**
 * Receives APIFRAME's webhooks (progress updates and final results) so workflows carry on when a
 * task finishes. A delivery is accepted when its x-webhook-secret header equals the credential's
 * webhook secret, or when its URL carries our token (for proxies that strip the header); the
 * flow (verify, de-duplicate, filter, emit) is the core's: see shared/trigger/webhookFlow.ts.
 */
export class ApiframeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'APIFRAME Trigger',
		name: 'apiframeTrigger',
		icon: { light: 'file:../../icons/apiframe.svg', dark: 'file:../../icons/apiframe.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when an APIFRAME (Midjourney API) task finishes or progresses',
		defaults: {
			name: 'APIFRAME Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'apiframe',
			},
		],
		properties: triggerProperties(APIFRAME),
	};

	webhookMethods = triggerWebhookMethods(APIFRAME);

	webhook = triggerWebhook(APIFRAME);
}
