import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiContext } from '../http/apiRequest';
import { readFromApi } from '../http/apiRequest';
import { secretsOf } from '../http/secrets';
import { redactResult, resultItems } from '../job/jobResult';
import { jobOptionsFrom } from '../operation/options';
import type { JobSnapshot, Provider } from '../provider';
import { FINISHED_STATES } from '../provider';
import { TriggerMemory } from './memory';
import { readCallback } from './readCallback';
import { credentialsOf } from '../http/credentials';

type TriggerEvent = 'completed' | 'failed' | 'progress';

function eventOf(snapshot: JobSnapshot): TriggerEvent {
	return snapshot.state === 'completed' || snapshot.state === 'failed' ? snapshot.state : 'progress';
}

/** The (job, status) a callback is about: progress callbacks count once per progress value. */
function statusKey(snapshot: JobSnapshot): string {
	return snapshot.state === 'running' && snapshot.progress !== undefined
		? `running@${snapshot.progress}`
		: snapshot.state;
}

/** A callback we could not process yet: the provider hears this status, so it delivers again. */
class NotYet extends Error {
	constructor(
		message: string,
		readonly retryAfterSeconds = 30,
	) {
		super(message);
	}
}

/** Reads tried before a callback is answered 503: about 4 s in all, well inside a sender's timeout. */
const VERIFY_ATTEMPTS = 4;
const VERIFY_PAUSE_MS = 700;

/**
 * The job as the API has it. A callback that says the job finished while the API still shows
 * it running (the API may lag behind its own callback) is read again a few times; if the API
 * still disagrees, or cannot be read, the callback is answered 503 and not remembered, so the
 * provider's retry delivers it again: nothing is lost.
 */
async function verifiedJob<Job extends IDataObject>(
	ctx: IWebhookFunctions,
	provider: Provider<Job>,
	jobId: string,
	claimed: JobSnapshot,
	claimedJob: Job,
): Promise<Job> {
	let reason = '';
	for (let attempt = 0; attempt < VERIFY_ATTEMPTS; attempt++) {
		if (attempt) await sleep(VERIFY_PAUSE_MS * attempt);
		const outcome = await readFromApi<Job>(
			ctx as unknown as ApiContext,
			provider,
			provider.statusRequest(jobId, claimedJob),
			// The id asked for: some answers do not name the job (TheNextLeg's `{progress: 37}`). Not
			// the claimed job as `last`: it is what is being verified.
			(answer) => provider.parseJob(answer, { jobId }),
			`Reading job ${jobId}`,
		);
		if (!outcome.ok) {
			if (!outcome.transient) throw new UnknownJob(outcome.error.message);
			reason = outcome.error.message;
			continue;
		}
		const actual = provider.snapshot(outcome.value);
		if (FINISHED_STATES.has(claimed.state) && !FINISHED_STATES.has(actual.state)) {
			reason = `the callback says ${claimed.state} but the API still shows ${actual.state}`;
			continue;
		}
		return outcome.value;
	}
	throw new NotYet(`could not verify job ${jobId}: ${reason}`);
}

/** The API does not know the job (404, 400...): a forged or foreign callback, dropped. */
class UnknownJob extends Error {}

/**
 * A trigger's webhook: answer only once the callback is verified and emitted (or deliberately
 * dropped), so a callback is never lost (the provider hears 503 and retries) and never doubled
 * (one claim per job and status in this process, remembered once emitted).
 */
export function triggerWebhook<Job extends IDataObject>(provider: Provider<Job>) {
	return async function (this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const check = await readCallback(this, provider);
		if (!check.ok) {
			// Only the reason: never the query string (token), the headers or the body.
			this.logger.warn(`${provider.name} Trigger refused a callback (${check.status}): ${check.message}`);
			response.status(check.status).json({ error: check.message });
			return { noWebhookResponse: true };
		}
		const claimedJob = provider.callback?.jobFromCallback(check.body);
		if (!claimedJob) {
			response.status(400).json({ error: 'Body is not a job' });
			return { noWebhookResponse: true };
		}
		const claimed = provider.snapshot(claimedJob);
		const events = this.getNodeParameter('events', []) as TriggerEvent[];
		const taskTypes = this.getNodeParameter('taskTypes', []) as string[];
		// A callback the filters drop anyway costs no read-back (APIFRAME posts ~5 progress
		// updates per task). Safe: the finished callback comes on its own and is read back then.
		const claimedEvent = eventOf(claimed);
		const claimedType = claimed.taskType === undefined ? undefined : String(claimed.taskType);
		if (!events.includes(claimedEvent) && claimedEvent === 'progress') {
			response.status(200).json({ received: true });
			return { noWebhookResponse: true };
		}
		if (taskTypes.length && claimedType !== undefined && !taskTypes.includes(claimedType)) {
			response.status(200).json({ received: true });
			return { noWebhookResponse: true };
		}
		const node = this.getNode();
		const memory = TriggerMemory.open(
			`${provider.key}:${this.getWorkflow().id ?? ''}:${node.id ?? node.name}`,
			provider.key,
			this.getWorkflowStaticData('node'),
		);

		let items: INodeExecutionData[] | undefined;
		try {
			const outcome = await memory.claim(check.jobId, statusKey(claimed), async () => {
				const verify = this.getNodeParameter('verifyWithApi', true) as boolean;
				const job = verify ? await verifiedJob(this, provider, check.jobId, claimed, claimedJob) : claimedJob;
				const snapshot = provider.snapshot(job);
				const key = statusKey(snapshot);
				if (memory.emitted(snapshot.id, key)) return true;
				const event = eventOf(snapshot);
				if (event === 'progress' && memory.finished(snapshot.id)) return true; // stale, out of order

				const wanted =
					events.includes(event) && (!taskTypes.length || taskTypes.includes(String(snapshot.taskType)));
				if (wanted) {
					const options = jobOptionsFrom(this.getNodeParameter('options', {}) as IDataObject);
					const result = redactResult(provider.toResult(job), await secretsOf(this, provider));
					const files = snapshot.state === 'completed' ? provider.files(job) : { results: [] };
					items = await resultItems.call(this, { ...result, event, verified: verify }, files, options);
				}
				// Remembered only now: a callback that failed above is tried again on redelivery.
				memory.record(snapshot.id, key, FINISHED_STATES.has(snapshot.state));
				if (key !== statusKey(claimed)) memory.record(snapshot.id, statusKey(claimed), false);
				return true;
			});
			if (outcome === 'duplicate') items = undefined;
		} catch (error) {
			if (error instanceof UnknownJob) {
				this.logger.warn(`${provider.name} Trigger dropped a callback for a job the API does not know (${check.jobId})`);
				response.status(200).json({ received: true });
				return { noWebhookResponse: true };
			}
			const retry = error instanceof NotYet ? error.retryAfterSeconds : 30;
			this.logger.warn(`${provider.name} Trigger could not process a callback for job ${check.jobId}: ${(error as Error).message}`);
			response.setHeader('Retry-After', String(retry));
			response.status(503).json({ error: 'Could not process the callback yet; deliver it again' });
			return { noWebhookResponse: true };
		}
		response.status(200).json({ received: true });
		return { noWebhookResponse: true, ...(items ? { workflowData: [items] } : {}) };
	};
}

/**
 * No provider here keeps a webhook registry (the URL travels with each job). Activation still
 * checks what the trigger needs, so a missing webhook secret fails loudly at activation
 * instead of every callback being refused later.
 */
export function triggerWebhookMethods(provider: Provider) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await credentialsOf(this, provider.credentialType);
				if (!credentials.webhookSecret) {
					throw new NodeOperationError(this.getNode(), `The ${provider.name} API credential has no Webhook Secret`, {
						description:
							'The trigger only accepts callbacks it can verify with the webhook secret. Set a long random Webhook Secret in the credential, then activate again.',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Nothing is registered at the provider. The de-duplication memory is kept on
				// purpose, so a job emitted before deactivation is not emitted again after.
				return true;
			},
		},
	};
}
