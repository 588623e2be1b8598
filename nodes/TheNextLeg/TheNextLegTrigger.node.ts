import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from '../shared/trigger/properties';
import { triggerWebhook, triggerWebhookMethods } from '../shared/trigger/webhookFlow';
import { CREDENTIAL_TYPE, THENEXTLEG } from './provider';

/**
 * Receives TheNextLeg's webhooks (`webhookOverride`) so workflows carry on when a message
 * finishes. TheNextLeg sends no secret: the URL carries our token, derived from the credential's
 * webhook secret, and by default the message is read back from the API before it is emitted.
 * The flow (verify, de-duplicate, filter, emit) is the core's: see shared/trigger/webhookFlow.ts.
 */
export class TheNextLegTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TheNextLeg Trigger',
		name: 'theNextLegTrigger',
		icon: { light: 'file:../../icons/thenextleg.svg', dark: 'file:../../icons/thenextleg.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when a TheNextLeg (Midjourney API) message finishes, on TheNextLeg-compatible servers',
		defaults: {
			name: 'TheNextLeg Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'thenextleg',
			},
		],
		properties: triggerProperties(THENEXTLEG),
	};

	webhookMethods = triggerWebhookMethods(THENEXTLEG);

	webhook = triggerWebhook(THENEXTLEG);
}
