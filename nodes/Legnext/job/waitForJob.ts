import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import { PollTimeoutError, pollUntilFinished } from '../../shared/poll';
import { CREDENTIAL_TYPE, PROVIDER } from '../transport/constants';
import { readJob } from '../transport/readJob';
import type { LegnextJob } from './legnextJob';
import { FINISHED } from './legnextJob';

/** Polls a submitted job until it completes or fails, within the user's timeout. */
export async function waitForJob(
	this: IExecuteSingleFunctions,
	job: LegnextJob,
	timeoutSeconds: number,
): Promise<LegnextJob> {
	if (FINISHED.has(job.status)) return job;
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl ?? '');
	try {
		const { job: finished } = await pollUntilFinished(
			async () => await readJob.call(this, baseUrl, job.job_id),
			{ timeoutMs: timeoutSeconds * 1000, signal: this.getExecutionCancelSignal() },
		);
		return finished;
	} catch (error) {
		if (error instanceof PollTimeoutError) {
			const last = (error.lastJob as LegnextJob | undefined) ?? job;
			const progress = typeof last.progress === 'number' ? `, ${last.progress}%` : '';
			throw new NodeOperationError(
				this.getNode(),
				`${PROVIDER} job ${job.job_id} is still ${last.status}${progress} after ${timeoutSeconds} s`,
				{
					itemIndex: this.getItemIndex(),
					description: `The job keeps running at ${PROVIDER} and was not submitted again. Raise Options > Timeout, or fetch the result later with Job > Get (Job ID ${job.job_id}).`,
				},
			);
		}
		const failure = asNodeError(this.getNode(), error, this.getItemIndex());
		failure.description =
			`${failure.description ?? ''} Job ${job.job_id} was submitted and was not sent again; fetch it later with Job > Get.`.trim();
		throw failure;
	}
}

export function jobFailedError(this: IExecuteSingleFunctions, job: LegnextJob): NodeApiError {
	const message = job.error?.message || job.error?.raw_message || 'no reason given';
	return new NodeApiError(
		this.getNode(),
		{ message, code: job.error?.code ?? null },
		{
			message: `${PROVIDER} job ${job.job_id} failed: ${message}`,
			description:
				'The provider could not produce a result. Its credits are normally returned for failed jobs. Adjust the input (prompt, image, parameters) and run again.',
			itemIndex: this.getItemIndex(),
		},
	);
}
