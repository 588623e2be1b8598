import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { Provider } from '../provider';
import { runState } from './runState';

/**
 * Paid jobs are never lost when another item of the run fails.
 *
 * RoutingNode waits for every item, then (without Continue On Fail) throws the first failed
 * item's error and drops every other item's output. So the ledger keeps, per run, the jobs each
 * item created; when an item fails, its error lists them (in the description and in
 * `context.createdJobs`), and the other items stop: those not yet submitted are not sent (their
 * credits would buy results nobody sees), those waiting stop waiting and fail with the same
 * error. With Continue On Fail nothing stops: every item gives its result or its error item.
 */
interface CreatedJob {
	itemIndex: number;
	jobId: string;
	status: string;
}

interface Ledger {
	created: Map<number, CreatedJob>;
	/** The first failure of the run, when the node does not continue on fail. */
	failure?: FailureRecord;
	/** Every error thrown for this run's items: each gets the job list. */
	errors: Set<ListableError>;
	readOperation: string;
}

interface FailureRecord {
	itemIndex: number;
	error: ListableError;
}

type ListableError = Error & { description?: string | null; context?: Record<string, unknown> };

const ORIGINAL = new WeakMap<ListableError, string>();

function ledgerOf(ctx: IExecuteSingleFunctions, provider: Provider): Ledger {
	return runState(ctx, `ledger:${provider.key}`, () => ({
		created: new Map<number, CreatedJob>(),
		errors: new Set<ListableError>(),
		readOperation: provider.readOperation,
	}));
}

function describe(ledger: Ledger, error: ListableError): void {
	if (!ORIGINAL.has(error)) ORIGINAL.set(error, error.description ?? '');
	const original = ORIGINAL.get(error) ?? '';
	const jobs = [...ledger.created.values()].sort((a, b) => a.itemIndex - b.itemIndex);
	error.context = { ...(error.context ?? {}), createdJobs: jobs.map((job) => ({ ...job })) };
	if (!jobs.length) {
		error.description = original || null;
		return;
	}
	const list = jobs.map((job) => `item ${job.itemIndex + 1}: ${job.jobId} (${job.status})`).join(', ');
	error.description = `${original ? `${original} ` : ''}Jobs this run already created, not lost: ${list}. Read them with ${ledger.readOperation}.`;
}

function refresh(ledger: Ledger): void {
	for (const error of ledger.errors) describe(ledger, error);
}

/** A job now exists for this item (it may have been charged). */
export function recordJob(ctx: IExecuteSingleFunctions, provider: Provider, jobId: string, status: string): void {
	const ledger = ledgerOf(ctx, provider);
	ledger.created.set(ctx.getItemIndex(), { itemIndex: ctx.getItemIndex(), jobId, status });
	refresh(ledger);
}

/**
 * The item failed: the error gets the job list. Without Continue On Fail this is the run's
 * failure (if it is the first), which stops the other items.
 */
export function recordFailure<E extends ListableError>(ctx: IExecuteSingleFunctions, provider: Provider, error: E): E {
	const ledger = ledgerOf(ctx, provider);
	if (!ctx.continueOnFail()) {
		ledger.failure ??= { itemIndex: ctx.getItemIndex(), error };
		ledger.errors.add(error);
	}
	describe(ledger, error);
	return error;
}

/** The run's failure, if another item failed and the node does not continue on fail. */
export function batchFailure(ctx: IExecuteSingleFunctions, provider: Provider): ListableError | undefined {
	if (ctx.continueOnFail()) return undefined;
	const failure = ledgerOf(ctx, provider).failure;
	return failure && failure.itemIndex !== ctx.getItemIndex() ? failure.error : undefined;
}
