import type { IExecuteData, IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * State shared by the items of one node run. RoutingNode hands every item of a run the same
 * execute data, so it is the key; the state goes away with the run.
 */
const states = new WeakMap<IExecuteData, Map<string, unknown>>();

export function runState<T>(ctx: IExecuteSingleFunctions, name: string, create: () => T): T {
	const key = ctx.getExecuteData();
	let byName = states.get(key);
	if (!byName) {
		byName = new Map();
		states.set(key, byName);
	}
	if (!byName.has(name)) byName.set(name, create());
	return byName.get(name) as T;
}

/** How many items this run has (the main input, or the AI tool input when used as a tool). */
export function itemCount(ctx: IExecuteSingleFunctions): number {
	const inputs = ctx.getExecuteData().data ?? {};
	const items = inputs.main?.[0] ?? inputs.ai_tool?.[0];
	return items?.length ?? 1;
}
