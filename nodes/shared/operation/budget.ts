import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiContext } from '../http/apiRequest';
import { readWithRetries } from '../http/apiRequest';
import type { Provider } from '../provider';
import { runState } from './runState';
import { checkNumber } from './validate';

/**
 * Costs before spending, for providers that publish a price list (`Provider.costs`): off unless
 * the user adds Options > Budget (Credits). The first item through the validation gate reads the
 * price list once for the run and sums the estimate of every item that will be sent; when the
 * sum is above the budget, every item of the run is refused and nothing is sent.
 *
 * A price list that cannot be read, or one that names no price for an item, refuses the run too:
 * the user asked not to spend beyond the budget, and a cost we cannot know cannot be checked.
 */

export const BUDGET_OPTION = 'budget';

/** The Options entry; shown only for providers with a price list. */
export function budgetOptionField(provider: Provider): INodeProperties {
	return {
		displayName: 'Budget (Credits)',
		name: BUDGET_OPTION,
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 100,
		description: `Before sending anything, read ${provider.name}'s price list once and refuse the whole run (every item) if its estimated cost is above this many credits`,
	};
}

/** The run's budget: the first item's Options > Budget (Credits), or undefined when not set. */
function budgetOf(first: IExecuteSingleFunctions): number | undefined {
	const options = first.getNodeParameter('options', {}) as IDataObject;
	const value = options?.[BUDGET_OPTION];
	if (value === undefined || value === null || value === '') return undefined;
	return checkNumber(first, value, 'Budget (Credits)', { min: 0 });
}

type Verdict = { ok: true } | { ok: false; message: string; description: string };

async function readPrices(ctx: IExecuteSingleFunctions, provider: Provider): Promise<Record<string, number> | Error> {
	const costs = provider.costs!;
	const outcome = await readWithRetries(
		ctx as unknown as ApiContext,
		provider,
		costs.request,
		(answer) => costs.parse(answer),
		'Reading the price list',
	);
	return outcome.ok ? outcome.value : outcome.error;
}

async function judgeRun(
	provider: Provider,
	budget: number,
	items: Array<{ index: number; view: IExecuteSingleFunctions }>,
): Promise<Verdict> {
	const reader = items[0].view;
	const prices = await readPrices(reader, provider);
	const off = 'Nothing was sent. Remove Options > Budget (Credits) to run without the check.';
	if (prices instanceof Error) {
		return {
			ok: false,
			message: `${provider.name}: the price list could not be read, so the budget of ${budget} credits cannot be checked`,
			description: `${prices.message}. ${off}`,
		};
	}
	let total = 0;
	const byPrice = new Map<string, { count: number; credits: number }>();
	for (const { index, view } of items) {
		const estimate = provider.costs!.estimate(view, prices);
		if (!estimate) {
			const operation = String(view.getNodeParameter('operation', ''));
			return {
				ok: false,
				message: `${provider.name}'s price list names no price for item ${index + 1} (operation "${operation}"), so the budget of ${budget} credits cannot be checked`,
				description: off,
			};
		}
		total += estimate.credits;
		const entry = byPrice.get(estimate.price) ?? { count: 0, credits: estimate.credits };
		entry.count++;
		byPrice.set(estimate.price, entry);
	}
	if (total <= budget) return { ok: true };
	const breakdown = [...byPrice.entries()].map(([price, { count, credits }]) => `${count} × ${price} (${credits})`).join(', ');
	return {
		ok: false,
		message: `Over budget: this run would cost about ${total} credits, more than the budget of ${budget} credits`,
		description: `${items.length} item${items.length === 1 ? '' : 's'} at ${provider.name}'s current prices: ${breakdown}. Nothing was sent. Raise Options > Budget (Credits) or send fewer items.`,
	};
}

/**
 * Refuses this item when the run is over budget (one verdict per run, shared by its items).
 * `items` lists the run's items that will be sent, each with a context of its own; undefined
 * when the gate could not see the whole run (then a set budget cannot be checked).
 */
export async function checkBudget(
	ctx: IExecuteSingleFunctions,
	provider: Provider | undefined,
	items: (() => Array<{ index: number; view: IExecuteSingleFunctions }>) | undefined,
): Promise<void> {
	if (!provider?.costs) return;
	const verdict = await runState(ctx, 'budget', async (): Promise<Verdict> => {
		const sent = items?.();
		const budget = budgetOf(sent?.[0]?.view ?? ctx);
		if (budget === undefined) return { ok: true };
		if (!sent) {
			return {
				ok: false,
				message: `The run's cost cannot be estimated, so the budget of ${budget} credits cannot be checked`,
				description: 'This n8n version does not let the node see every item of the run. Nothing was sent. Remove Options > Budget (Credits) to run without the check.',
			};
		}
		if (!sent.length) return { ok: true };
		return await judgeRun(provider, budget, sent);
	});
	if (!verdict.ok) {
		throw new NodeOperationError(ctx.getNode(), verdict.message, {
			itemIndex: ctx.getItemIndex(),
			description: verdict.description,
		});
	}
}
