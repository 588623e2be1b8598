import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from '../shared/trigger/properties';
import { triggerWebhook, triggerWebhookMethods } from '../shared/trigger/webhookFlow';
import { CREDENTIAL_TYPE, LEGNEXT } from './provider';

/**
 * Receives Legnext's job callbacks so workflows carry on when a job finishes. The flow
 * (verify, de-duplicate, filter, emit) is the core's: see shared/trigger/webhookFlow.ts.
 */
export class LegnextTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Legnext Trigger',
		name: 'legnextTrigger',
		icon: { light: 'file:../../icons/legnext.svg', dark: 'file:../../icons/legnext.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when a Legnext (Midjourney API) job finishes',
		defaults: {
			name: 'Legnext Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'legnext',
			},
		],
		properties: triggerProperties(LEGNEXT),
	};

	webhookMethods = triggerWebhookMethods(LEGNEXT);

	webhook = triggerWebhook(LEGNEXT);
}
