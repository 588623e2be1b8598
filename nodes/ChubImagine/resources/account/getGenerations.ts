import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import type { ApiRequest } from '../../../shared/provider';
import { checkCollection } from '../shared/fields';
import { checkWanted, listFields, pagedList, wanted } from '../shared/list';

/** `first` when the seed says nothing else: its documented default page size. */
const PAGE_SIZE = 40;

const filter = (
	name: string,
	displayName: string,
	type: 'string' | 'number' | 'boolean',
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type,
	...(type === 'number' ? { typeOptions: { numberPrecision: 0 } } : {}),
	default: type === 'boolean' ? false : type === 'number' ? 0 : '',
	description,
});

/** The documented filters of GET /images/mine, under their query names. */
const FILTERS: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		filter('chat_id', 'Chat ID', 'number', 'Only generations of this chat'),
		filter('extension_id', 'Extension ID', 'number', 'Only generations of this extension'),
		filter(
			'generated_only',
			'Generated Only',
			'boolean',
			'Whether to return only generated images',
		),
		filter('generation_uuid', 'Generation UUID', 'string', 'Only this generation'),
		filter(
			'include_tts',
			'Include Text to Speech',
			'boolean',
			'Whether to include text-to-speech results',
		),
		filter('parent_image', 'Parent Image', 'string', 'Only generations derived from this image'),
		filter(
			'primary_character_id',
			'Primary Character ID',
			'number',
			'Only generations of this character',
		),
	],
};

function query(ctx: IExecuteSingleFunctions, page: number): IDataObject {
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(filters)) {
		if (value === '' || value === null || value === undefined) continue;
		qs[key] = typeof value === 'string' ? value.trim() : value;
	}
	return { ...qs, first: pageSize(ctx), page };
}

/** Pages of 40 (the seed's default), or fewer when Limit asks for fewer. */
function pageSize(ctx: IExecuteSingleFunctions): number {
	return Math.min(PAGE_SIZE, wanted(ctx));
}

const request = (ctx: IExecuteSingleFunctions, page: number): ApiRequest => ({
	method: 'GET',
	url: '/images/mine',
	qs: query(ctx, page),
});

/**
 * GET /images/mine, "Get all images generated under your account" (imagine-api.txt): paged with
 * `first` (page size) and `page` (1-based), `{count, nodes, page}` per page; one item per node.
 * The nodes' fields are not documented (chub-imagine.md §5 [?]): they are put out as received.
 */
export const getGenerations: OperationSpec = {
	resource: 'account',
	value: 'getGenerations',
	name: 'Get Many Generations',
	action: 'Get many generations of the account',
	description:
		'List the images, videos and sounds generated under your account, one item each (free)',
	method: 'GET',
	path: '/images/mine',
	kind: 'account',
	fields: [...listFields(), FILTERS],
	check(this: IExecuteSingleFunctions) {
		checkWanted.call(this);
		checkCollection(this, FILTERS);
	},
	build: [
		async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
			requestOptions.qs = { ...(requestOptions.qs ?? {}), ...query(this, 1) };
			return requestOptions;
		},
	],
	postReceive: pagedList({
		entries: 'nodes',
		pageSize,
		request,
		total: (body) => (typeof body.count === 'number' ? body.count : undefined),
	}),
};
