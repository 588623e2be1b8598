import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { mayExistHint, parseAnswer } from '../http/answer';
import { asNodeError } from '../http/asNodeError';
import { releaseSlot } from '../http/pacing';
import { secretsOf } from '../http/secrets';
import { markAnswered } from '../http/sendWithRetries';
import { redactResult, resultItems } from '../job/jobResult';
import { jobFailedError, waitForJob } from '../job/waitForJob';
import type { Provider } from '../provider';
import { FINISHED_STATES } from '../provider';
import { recordJob } from './batchLedger';
import { jobOptions, waitsForResult } from './options';
import { sentBody, sentPrompt, sentRequest } from './sentBody';

export type PostReceive = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/**
 * Every error after the provider answered is final for the request loop: never resend. A good
 * answer gives the request's pacer slot back before any waiting starts.
 */
export function afterAnswer(step: PostReceive): PostReceive {
	return async function (this: IExecuteSingleFunctions, items, response) {
		if (response.statusCode < 400) releaseSlot(this, 'ok');
		try {
			return await step.call(this, items, response);
		} catch (error) {
			throw markAnswered(asNodeError(this.getNode(), error, this.getItemIndex()));
		}
	};
}

/**
 * After a job-creating request (`submits`) or a job read: record the job, wait if asked, fail
 * on a failed job when waiting, shape the output, download files if asked.
 */
export function finishJob<Job extends IDataObject>(provider: Provider<Job>, submits: boolean): PostReceive {
	return afterAnswer(async function (this: IExecuteSingleFunctions, _items, response) {
		const body = await parseAnswer.call(this, provider, response, submits);
		const parsed = submits
			? provider.submitted(body, sentBody(this), sentRequest(this))
			: provider.parseJob(body, { request: sentRequest(this) });
		if (!parsed) {
			throw new NodeApiError(
				this.getNode(),
				{ message: 'answer is not a job' },
				{
					message: `${provider.name} answered without a job id`,
					description: submits ? mayExistHint(provider) : `Check the ID and the Base URL in the ${provider.name} credential.`,
					itemIndex: this.getItemIndex(),
				},
			);
		}
		if (submits) recordJob(this, provider, provider.snapshot(parsed).id, provider.snapshot(parsed).state);

		const options = jobOptions(this);
		let job = parsed;
		if (waitsForResult(this, submits)) {
			job = await waitForJob(this, provider, job, options.timeoutSeconds, submits);
			const snapshot = provider.snapshot(job);
			if (submits) recordJob(this, provider, snapshot.id, snapshot.state);
			if (snapshot.state === 'failed') throw jobFailedError.call(this, provider, snapshot);
		}
		const finished = FINISHED_STATES.has(provider.snapshot(job).state);
		const files = finished && provider.snapshot(job).state === 'completed' ? provider.files(job) : { results: [] };
		const result = redactResult(provider.toResult(job), await secretsOf(this, provider));
		if (submits) result.prompt = result.prompt ?? sentPrompt(this);
		return await resultItems.call(this, result, files, options);
	});
}

/** A plain read (account, balance, lists): the answer's useful part as one item. */
export function returnAnswer(provider: Provider, pick: (body: IDataObject) => IDataObject = (body) => body): PostReceive {
	return afterAnswer(async function (this: IExecuteSingleFunctions, _items, response) {
		const body = (await parseAnswer.call(this, provider, response, false)) as IDataObject;
		return [{ json: pick(body), pairedItem: { item: this.getItemIndex() } }];
	});
}
