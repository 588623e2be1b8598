import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

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
	return holdErrorsUntilAllStarted(async function (
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
	});
}

/**
 * RoutingNode starts the items' requests one after the other and only then awaits them all
 * (Promise.allSettled). With n8n's Request Options > Batching it sleeps between batches, so an
 * item whose gate fails early rejects while nobody listens for it yet: Node reports an unhandled
 * rejection (n8n logs it as an error, test runners fail on it), although RoutingNode takes the
 * error up later. So the gate holds its errors until the run's last item has reached it, i.e.
 * until every request was started and RoutingNode is about to await them. This costs nothing:
 * RoutingNode reports no error before its loop is done anyway.
 */
interface Arrivals {
	lastArrived: boolean;
	wake: () => void;
	all: Promise<void>;
}

function arrivalsOf(ctx: IExecuteSingleFunctions): Arrivals {
	return runState(ctx, 'validationGate:arrivals', () => {
		let wake = () => {};
		const all = new Promise<void>((resolve) => (wake = resolve));
		return { lastArrived: false, wake, all };
	});
}

/** n8n's Request Options > Batching as RoutingNode reads it: items per batch, pause in ms. */
function batching(ctx: IExecuteSingleFunctions): { size: number; intervalMs: number } {
	let batch: { batchSize?: unknown; batchInterval?: unknown } | undefined;
	try {
		batch = ctx.getNodeParameter('requestOptions.batching.batch', undefined) as typeof batch;
	} catch {
		batch = undefined;
	}
	const size = Number(batch?.batchSize);
	const intervalMs = Number(batch?.batchInterval);
	return { size: size > 0 ? size : 1, intervalMs: intervalMs > 0 ? intervalMs : 0 };
}

/**
 * Resolves once RoutingNode has started the request of the run's last item (at once without
 * Batching). Any step that fails an item early should await it before throwing.
 */
export async function untilAllItemsStarted(ctx: IExecuteSingleFunctions): Promise<void> {
	const arrivals = arrivalsOf(ctx);
	const { size, intervalMs } = batching(ctx);
	// Without batching, RoutingNode starts every item in one synchronous loop: nothing to wait for.
	if (arrivals.lastArrived || !intervalMs) return;
	// RoutingNode skips an item whose request it could not prepare (Continue On Fail), so the last
	// item may never arrive: never wait longer than its loop can take, plus a second.
	const batchesLeft = Math.ceil(itemCount(ctx) / size) - Math.floor(ctx.getItemIndex() / size) - 1;
	const deadline = Date.now() + Math.max(0, batchesLeft) * intervalMs + 1000;
	const signal = ctx.getExecutionCancelSignal();
	while (!arrivals.lastArrived && Date.now() < deadline && !signal?.aborted) {
		await Promise.race([arrivals.all, sleep(Math.min(250, Math.max(1, deadline - Date.now())))]);
	}
}

type GateStep = (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

function holdErrorsUntilAllStarted(step: GateStep): GateStep {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		if (this.getItemIndex() >= itemCount(this) - 1) {
			const arrivals = arrivalsOf(this);
			arrivals.lastArrived = true;
			arrivals.wake();
		}
		try {
			return await step.call(this, requestOptions);
		} catch (error) {
			await untilAllItemsStarted(this);
			throw asNodeError(this.getNode(), error, this.getItemIndex());
		}
	};
}
