import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import { resultItems } from '../../shared/jobResult';
import { markAnswered } from '../../shared/sendWithRetries';
import { isLegnextJob, jobFiles, toJobResult } from '../job/legnextJob';
import { jobFailedError, waitForJob } from '../job/waitForJob';
import { PROVIDER } from '../transport/constants';
import { parseAnswer } from '../transport/parseAnswer';
import { jobOptions, waitMode } from './options';
import { sentPrompt } from './sentBody';

type PostReceive = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/** Every error after the provider answered is final for the request loop: never resend. */
function afterAnswer(step: PostReceive): PostReceive {
	return async function (this: IExecuteSingleFunctions, items, response) {
		try {
			return await step.call(this, items, response);
		} catch (error) {
			throw markAnswered(asNodeError(this.getNode(), error, this.getItemIndex()));
		}
	};
}

/**
 * After a job-creating request (`submits`) or a job read: wait if asked, fail on a failed job
 * when waiting, shape the output, download files if asked.
 */
export function finishJob(submits: boolean): PostReceive {
	return afterAnswer(async function (this: IExecuteSingleFunctions, _items, response) {
		const body = await parseAnswer.call(this, response, submits);
		if (!isLegnextJob(body)) {
			throw new NodeApiError(
				this.getNode(),
				{ message: 'answer is not a job' },
				{
					message: `${PROVIDER} answered without a job id`,
					description: submits
						? 'The request may still have created a job, so it was NOT sent again. Check your Legnext jobs before running again.'
						: 'Check the Job ID and the Base URL in the credential.',
					itemIndex: this.getItemIndex(),
				},
			);
		}
		const options = jobOptions(this);
		const wait = submits
			? waitMode(this) === 'wait'
			: (this.getNodeParameter('waitForFinish', false) as boolean);

		let job = body;
		if (wait) {
			job = await waitForJob.call(this, job, options.timeoutSeconds);
			if (job.status === 'failed') throw jobFailedError.call(this, job);
		}
		const files = job.status === 'completed' ? jobFiles(job) : { results: [] };
		const result = toJobResult(job);
		if (submits) result.prompt = sentPrompt(this);
		return await resultItems.call(this, result, files, options);
	});
}

/** GET /account/balance: the documented `data` object is the useful part. */
export const returnBalance: PostReceive = afterAnswer(async function (
	this: IExecuteSingleFunctions,
	_items,
	response,
) {
	const body = (await parseAnswer.call(this, response, false)) as IDataObject;
	const data = (body.data as IDataObject | undefined) ?? body;
	return [{ json: data, pairedItem: { item: this.getItemIndex() } }];
});
