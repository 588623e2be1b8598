import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { resultItems } from '../shared/jobResult';
import type { LegnextJob } from './job/legnextJob';
import { FINISHED, jobFiles, toJobResult } from './job/legnextJob';
import { jobOptionsFrom } from './routing/options';
import { CREDENTIAL_TYPE } from './transport/constants';
import { readJob } from './transport/readJob';
import { alreadyFinished, firstSighting, forgetSighting, markFinished } from './trigger/dedupe';
import { triggerProperties } from './trigger/properties';
import { readCallback } from './trigger/readCallback';

type TriggerEvent = 'completed' | 'failed' | 'progress';

function eventOf(status: string): TriggerEvent {
	return status === 'completed' || status === 'failed' ? status : 'progress';
}

/**
 * Receives Legnext's job callbacks so workflows carry on when a job finishes. Answers the
 * provider at once, then (after the answer) verifies, de-duplicates, filters and emits.
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
		properties: triggerProperties,
	};

	/**
	 * Legnext has no webhook registry: the callback URL travels with each job. Activation still
	 * checks what the trigger needs, so a missing webhook secret fails loudly here instead of
	 * every callback being refused later.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				if (!credentials.webhookSecret) {
					throw new NodeOperationError(this.getNode(), 'The Legnext API credential has no Webhook Secret', {
						description:
							'The trigger only accepts callbacks carrying a token derived from the webhook secret. Set a long random Webhook Secret in the credential, then activate again.',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Nothing is registered at Legnext. The de-duplication memory is kept on purpose, so
				// a job emitted before deactivation is not emitted again after reactivation.
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const check = await readCallback(this);
		if (!check.ok) {
			// Only the reason: never the query string (token) or the body.
			this.logger.warn(`Legnext Trigger refused a callback (${check.status}): ${check.message}`);
			response.status(check.status).json({ error: check.message });
			return { noWebhookResponse: true };
		}
		response.status(200).json({ received: true });

		const staticData = this.getWorkflowStaticData('node');
		const { job_id: jobId, status } = check.body;
		if (!firstSighting(staticData, jobId, status)) return { noWebhookResponse: true };

		let job = check.body as LegnextJob;
		let verified = false;
		if (this.getNodeParameter('verifyWithApi', true) as boolean) {
			const credentials = await this.getCredentials(CREDENTIAL_TYPE);
			const outcome = await readJob.call(this, String(credentials.baseUrl ?? ''), jobId);
			if (!outcome.ok) {
				forgetSighting(staticData, jobId, status);
				this.logger.warn(`Legnext Trigger could not verify job ${jobId}: ${outcome.error.message}`);
				return { noWebhookResponse: true };
			}
			job = outcome.job;
			verified = true;
			if (job.status !== status && !firstSighting(staticData, jobId, job.status)) {
				return { noWebhookResponse: true };
			}
		}

		const event = eventOf(job.status);
		if (event === 'progress' && alreadyFinished(staticData, jobId)) return { noWebhookResponse: true };
		if (FINISHED.has(job.status)) markFinished(staticData, jobId);

		const events = this.getNodeParameter('events', []) as TriggerEvent[];
		const taskTypes = this.getNodeParameter('taskTypes', []) as string[];
		if (!events.includes(event)) return { noWebhookResponse: true };
		if (taskTypes.length && !taskTypes.includes(String(job.task_type))) {
			return { noWebhookResponse: true };
		}

		const options = jobOptionsFrom(this.getNodeParameter('options', {}) as IDataObject);
		const result = { ...toJobResult(job), event, verified };
		const files = job.status === 'completed' ? jobFiles(job) : { results: [] };
		const items = await resultItems.call(this, result, files, options);
		return { noWebhookResponse: true, workflowData: [items] };
	}
}
