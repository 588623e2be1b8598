import type { IExecuteData, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { asNodeError } from './asNodeError';

/**
 * "Validate before spending" for a whole batch, not just one item.
 *
 * RoutingNode prepares every item in one synchronous loop and starts each item's request
 * right away, so without this an invalid item 7 would fail the node after items 0-6 were
 * already submitted and charged, and their results would be lost. This preSend step checks
 * its own item synchronously (it runs inside that loop), then yields one macrotask: by then
 * every item of the run has been checked. If any failed and the node is not set to continue
 * on fail, no item is sent.
 *
 * It must be the FIRST preSend of an operation: later preSend steps run after an await.
 */

interface Batch {
	expected: number;
	arrived: number;
	firstInvalid?: { itemIndex: number; error: Error & { description?: string | null } };
}

// Keyed by the run's execute data, which RoutingNode hands to every item of one node run.
const batches = new WeakMap<IExecuteData, Batch>();

function itemCount(executeData: IExecuteData): number {
	const inputs = executeData.data ?? {};
	const items = inputs.main?.[0] ?? inputs.ai_tool?.[0];
	return items?.length ?? 1;
}

export type ItemCheck = (this: IExecuteSingleFunctions) => void;

export function validateBeforeSending(check: ItemCheck) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const executeData = this.getExecuteData();
		let batch = batches.get(executeData);
		if (!batch) {
			batch = { expected: itemCount(executeData), arrived: 0 };
			batches.set(executeData, batch);
		}
		try {
			check.call(this);
		} catch (error) {
			const invalid = asNodeError(this.getNode(), error, this.getItemIndex());
			batch.firstInvalid ??= { itemIndex: this.getItemIndex(), error: invalid };
			throw invalid;
		}
		batch.arrived++;

		await sleep(0);
		if (this.continueOnFail()) return requestOptions;

		const { firstInvalid } = batch;
		if (firstInvalid) {
			throw new NodeOperationError(this.getNode(), firstInvalid.error.message, {
				itemIndex: this.getItemIndex(),
				description: `Item ${firstInvalid.itemIndex + 1} of ${batch.expected} is invalid, so no item was sent. ${firstInvalid.error.description ?? ''}`.trim(),
			});
		}
		if (batch.arrived < batch.expected) {
			throw new NodeOperationError(
				this.getNode(),
				'Not sent: another item of this run could not be prepared',
				{
					itemIndex: this.getItemIndex(),
					description:
						'An earlier error in this run (see the node error) stopped the batch before anything was sent.',
				},
			);
		}
		return requestOptions;
	};
}
