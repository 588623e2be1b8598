import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../http/asNodeError';
import type { Provider } from '../provider';
import { checkBudget } from './budget';
import { itemCount, runState } from './runState';

/**
 * "Validate before spending" for a whole batch, not just one item.
 *
 * RoutingNode starts each item's request as soon as that item is prepared (and with n8n's
 * Request Options > Batching, the next items only after a pause), so an invalid item 7 would
 * otherwise fail the node after items 0-6 were submitted and charged. The first item to reach
 * this step therefore checks every item of the run, each through a view of its own context
 * pointed at the other item (same parameters, expressions resolved for that item). If any item
 * is invalid and the node does not continue on fail, no item is sent.
 *
 * It must be the FIRST preSend of an operation. Where the provider has a price list and the
 * user set a budget, the run's estimated cost is checked here too, once (budget.ts).
 */
export type ItemCheck = (this: IExecuteSingleFunctions) => void;

type Invalid = Error & { description?: string | null };

interface GateState {
	/** Error per item index, for the items that failed their check. */
	invalid: Map<number, Invalid>;
	total: number;
	/** False when another item's context could not be viewed: each item is then checked alone. */
	wholeRun: boolean;
	/** Each item's context, by index (whole runs only). */
	views: IExecuteSingleFunctions[];
}

/**
 * The context of item `itemIndex`, made from another item's. n8n's per-item context reads its
 * item from `this.itemIndex` (parameters, input data, expressions), so an object that inherits
 * everything and overrides that one field is a faithful context of the other item. Checked:
 * if the engine ever stops working that way, undefined is returned and items are checked alone.
 */
function viewOf(ctx: IExecuteSingleFunctions, itemIndex: number): IExecuteSingleFunctions | undefined {
	if (itemIndex === ctx.getItemIndex()) return ctx;
	const view = Object.create(ctx, { itemIndex: { value: itemIndex } }) as IExecuteSingleFunctions;
	return view.getItemIndex() === itemIndex ? view : undefined;
}

function checkAll(ctx: IExecuteSingleFunctions, check: ItemCheck): GateState {
	const total = itemCount(ctx);
	const views: IExecuteSingleFunctions[] = [];
	const state: GateState = { invalid: new Map(), total, wholeRun: true, views };
	for (let index = 0; index < total; index++) {
		const view = viewOf(ctx, index);
		if (!view) return { invalid: new Map(), total, wholeRun: false, views: [] };
		views.push(view);
	}
	views.forEach((view, index) => {
		try {
			check.call(view);
		} catch (error) {
			state.invalid.set(index, asNodeError(ctx.getNode(), error, index));
		}
	});
	return state;
}

export function validateBeforeSending(check: ItemCheck, provider?: Provider) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const gate = runState(this, 'validationGate', () => checkAll(this, check));
		const itemIndex = this.getItemIndex();
		if (!gate.wholeRun) {
			check.call(this);
			await checkBudget(this, provider, undefined);
			return requestOptions;
		}
		const own = gate.invalid.get(itemIndex);
		if (own) throw own;
		if (!this.continueOnFail() && gate.invalid.size > 0) {
			const [firstIndex, first] = [...gate.invalid.entries()][0];
			throw new NodeOperationError(this.getNode(), first.message, {
				itemIndex,
				description: `Item ${firstIndex + 1} of ${gate.total} is invalid, so no item was sent. ${first.description ?? ''}`.trim(),
			});
		}
		// The items that will be sent: the valid ones (under Continue On Fail, invalid ones only error).
		await checkBudget(this, provider, () =>
			gate.views.map((view, index) => ({ index, view })).filter(({ index }) => !gate.invalid.has(index)),
		);
		return requestOptions;
	};
}
