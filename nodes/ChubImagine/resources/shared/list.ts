import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { parseAnswer } from '../../../shared/http/answer';
import type { ApiContext } from '../../../shared/http/apiRequest';
import { readWithRetries } from '../../../shared/http/apiRequest';
import type { PostReceive } from '../../../shared/operation/postReceive';
import { afterAnswer } from '../../../shared/operation/postReceive';
import { checkNumber } from '../../../shared/operation/validate';
import type { ApiRequest } from '../../../shared/provider';
import { CHUB } from '../../provider';

/** Return All / Limit, as n8n's "Get Many" operations have them. */
export function listFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** How many results are wanted: Infinity for Return All. */
export function wanted(ctx: IExecuteSingleFunctions): number {
	if (ctx.getNodeParameter('returnAll', false) as boolean) return Infinity;
	return checkNumber(ctx, ctx.getNodeParameter('limit', 50), 'Limit', { min: 1, integer: true });
}

export function checkWanted(this: IExecuteSingleFunctions): void {
	wanted(this);
}

const objects = (value: unknown): IDataObject[] =>
	Array.isArray(value)
		? value.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object')
		: [];

function asItems(ctx: IExecuteSingleFunctions, entries: IDataObject[]): INodeExecutionData[] {
	return entries.map((json) => ({ json, pairedItem: { item: ctx.getItemIndex() } }));
}

/** A list answered in one piece (GET /voices `{voices: [...]}`): one item per entry, up to Limit. */
export function wholeList(key: string): PostReceive {
	return afterAnswer(async function (this: IExecuteSingleFunctions, _items, response) {
		const body = (await parseAnswer.call(this, CHUB, response, false)) as IDataObject;
		return asItems(this, objects(body[key]).slice(0, wanted(this)));
	});
}

export interface Paging {
	/** Key of the entries in a page. */
	entries: string;
	/** Results per page (the `first` query parameter). */
	pageSize(ctx: IExecuteSingleFunctions): number;
	/** The request of page `page` (1-based). */
	request(ctx: IExecuteSingleFunctions, page: number): ApiRequest;
	/** The total the answer reports, when it does. */
	total(body: IDataObject): number | undefined;
}

/**
 * A paged list: the first page came with the operation's own request, the next ones are read
 * here (paced and retried like every read) until Limit is reached, a page comes back short, the
 * reported total is reached, or a page repeats the one before (a server that ignores `page`).
 */
export function pagedList(paging: Paging): PostReceive {
	return afterAnswer(async function (this: IExecuteSingleFunctions, _items, response) {
		const limit = wanted(this);
		const size = paging.pageSize(this);
		let body = (await parseAnswer.call(this, CHUB, response, false)) as IDataObject;
		let page = objects(body[paging.entries]);
		const results = [...page];
		for (let number = 2; ; number++) {
			const total = paging.total(body);
			const done =
				results.length >= limit ||
				page.length < size ||
				(total !== undefined && (number - 1) * size >= total);
			if (done) break;
			const previous = page;
			const outcome = await readWithRetries(
				this as unknown as ApiContext,
				CHUB,
				paging.request(this, number),
				(answer) => (answer && typeof answer === 'object' ? (answer as IDataObject) : undefined),
				`Reading page ${number}`,
			);
			if (!outcome.ok) throw outcome.error;
			body = outcome.value;
			page = objects(body[paging.entries]);
			if (page.length && JSON.stringify(page[0]) === JSON.stringify(previous[0])) break;
			results.push(...page);
		}
		return asItems(this, results.slice(0, limit));
	});
}
