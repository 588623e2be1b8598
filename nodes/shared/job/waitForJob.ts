import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../http/asNodeError';
import { runState } from '../operation/runState';
import type { JobSnapshot, Provider } from '../provider';
import { FINISHED_STATES } from '../provider';
import { PollTimeoutError } from './poll';
import { JobWatcher } from './watcher';

/** The run's watcher for this provider: every item's job is waited for in one loop. */
export function watcherOf<Job extends IDataObject>(ctx: IExecuteSingleFunctions, provider: Provider<Job>): JobWatcher<Job> {
	return runState(ctx, `watcher:${provider.key}`, () => new JobWatcher(provider));
}

/**
 * Waits until the job completes or fails, within the user's timeout. `learn`: the job was just
 * submitted, so its run time teaches the poller what to expect of the next one.
 */
export async function waitForJob<Job extends IDataObject>(
	ctx: IExecuteSingleFunctions,
	provider: Provider<Job>,
	job: Job,
	timeoutSeconds: number,
	learn: boolean,
): Promise<Job> {
	const first = provider.snapshot(job);
	if (FINISHED_STATES.has(first.state)) return job;
	try {
		return await watcherOf(ctx, provider).wait(ctx, job, { timeoutMs: timeoutSeconds * 1000, learn });
	} catch (error) {
		if (error instanceof PollTimeoutError) {
			const lastJob = (error.lastJob as Job | undefined) ?? job;
			const last = provider.snapshot(lastJob);
			const progress = last.progress !== undefined ? `, ${last.progress}%` : '';
			// The provider's own word for the state ("processing"), as the user sees it in its docs.
			const status = provider.toResult(lastJob).status;
			throw new NodeOperationError(
				ctx.getNode(),
				`${provider.name} job ${first.id} is still ${status}${progress} after ${timeoutSeconds} s`,
				{
					itemIndex: ctx.getItemIndex(),
					description: `The job keeps running at ${provider.name} and was not submitted again. Raise Options > Timeout, or fetch the result later with ${provider.readOperation} (ID ${first.id}).`,
				},
			);
		}
		const failure = asNodeError(ctx.getNode(), error, ctx.getItemIndex());
		// Another item's failure stopping this wait carries its own, complete description.
		if (failure.context?.createdJobs) throw failure;
		failure.description =
			`${failure.description ?? ''} Job ${first.id} was submitted and was not sent again; fetch it later with ${provider.readOperation}.`.trim();
		throw failure;
	}
}

export function jobFailedError(this: IExecuteSingleFunctions, provider: Provider, snapshot: JobSnapshot): NodeApiError {
	const message = snapshot.error?.message || 'no reason given';
	return new NodeApiError(
		this.getNode(),
		{ message, code: snapshot.error?.code ?? null },
		{
			message: `${provider.name} job ${snapshot.id} failed: ${message}`,
			description:
				snapshot.error?.hint ??
				'The provider could not produce a result. Its credits are normally returned for failed jobs. Adjust the input (prompt, image, parameters) and run again.',
			itemIndex: this.getItemIndex(),
		},
	);
}
