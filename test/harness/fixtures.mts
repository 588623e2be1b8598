// Test-only node types, credential types and a tiny local API, used to prove the harness on its
// own (before dist exists). They mirror what our real nodes do: a declarative node with
// requestDefaults + routing + preSend/postReceive, generic-auth credentials, binary output,
// and a webhook trigger that checks an HMAC over the raw body and keeps static data.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { nw } from './index.mts';

export const PNG_BYTES = Buffer.from(
	'89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082',
	'hex',
);

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface TestApi {
	url: string;
	requests: RecordedRequest[];
	close: () => Promise<void>;
}

/** Local stand-in for a provider API; records every request it gets. */
export async function startTestApi(): Promise<TestApi> {
	const requests: RecordedRequest[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const body = Buffer.concat(chunks).toString('utf8');
			requests.push({
				method: req.method ?? '',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
			});
			const json = (status: number, data: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(data));
			};
			const thing = /^\/things\/([^/]+)$/.exec(url.pathname);
			if (req.method === 'GET' && thing) return json(200, { id: thing[1], name: `thing-${thing[1]}` });
			if (req.method === 'POST' && url.pathname === '/things') {
				return json(201, { created: true, received: body ? JSON.parse(body) : null });
			}
			if (url.pathname === '/fail') return json(500, { error: 'boom' });
			if (url.pathname === '/image.png') {
				res.writeHead(200, { 'content-type': 'image/png' });
				return res.end(PNG_BYTES);
			}
			json(404, { error: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Generic auth, like legnextApi: an x-api-key header from the credential. */
export class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';
	displayName = 'Harness Test API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Webhook Secret', name: 'webhookSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			headers: { 'x-api-key': '={{$credentials.apiKey}}' },
			qs: { region: '={{$credentials.region}}' },
		},
	};
}

/** Function-style authenticate. */
export class HarnessFunctionAuthApi implements ICredentialType {
	name = 'harnessFunctionAuthApi';
	displayName = 'Harness Function Auth API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Token', name: 'token', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		requestOptions.headers = { ...requestOptions.headers, authorization: `Bearer ${String(credentials.token)}` };
		return requestOptions;
	}
}

async function addTraceHeader(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	// preSend: sees the resolved parameters and can rewrite the request.
	requestOptions.headers = { ...requestOptions.headers, 'x-trace': `trace-${String(this.getNodeParameter('name'))}` };
	requestOptions.body = { ...(requestOptions.body as IDataObject), stamped: true };
	return requestOptions;
}

async function unwrapCreated(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	// postReceive: runs on the HTTP response after RoutingNode turned it into items.
	return items.map((item) => ({ json: { ...(item.json.received as IDataObject), status: response.statusCode } }));
}

const declarativeDescription: INodeTypeDescription = {
	displayName: 'Harness Declarative',
	name: 'harnessDeclarative',
	group: ['transform'],
	version: 1,
	description: 'Declarative test node',
	defaults: { name: 'Harness Declarative' },
	inputs: [nw.NodeConnectionTypes.Main],
	outputs: [nw.NodeConnectionTypes.Main],
	credentials: [{ name: 'harnessTestApi', required: true }],
	requestDefaults: {
		baseURL: '={{$credentials.baseUrl}}',
		headers: { accept: 'application/json' },
	},
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			default: 'get',
			options: [
				{ name: 'Get', value: 'get', action: 'Get a thing', routing: { request: { method: 'GET', url: '=/things/{{$parameter.id}}' } } },
				{
					name: 'Create',
					value: 'create',
					action: 'Create a thing',
					routing: {
						request: { method: 'POST', url: '/things' },
						send: { preSend: [addTraceHeader] },
						output: { postReceive: [unwrapCreated] },
					},
				},
				{ name: 'Fail', value: 'fail', action: 'Fail', routing: { request: { method: 'GET', url: '/fail' } } },
			],
		},
		{ displayName: 'ID', name: 'id', type: 'string', default: '', displayOptions: { show: { operation: ['get'] } } },
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			displayOptions: { show: { operation: ['create'] } },
			routing: { send: { type: 'body', property: 'name' } },
		},
	],
};

export class HarnessDeclarative implements INodeType {
	description = declarativeDescription;
}

/** Same request through function-style auth, to prove both authenticate kinds. */
export class HarnessFunctionAuth implements INodeType {
	description: INodeTypeDescription = {
		...declarativeDescription,
		displayName: 'Harness Function Auth',
		name: 'harnessFunctionAuth',
		credentials: [{ name: 'harnessFunctionAuthApi', required: true }],
	};
}

/** Programmatic node: downloads an image and stores it with prepareBinaryData. */
export class HarnessDownload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Download',
		name: 'harnessDownload',
		group: ['transform'],
		version: 1,
		description: 'Downloads a file into binary data',
		defaults: { name: 'Harness Download' },
		inputs: [nw.NodeConnectionTypes.Main],
		outputs: [nw.NodeConnectionTypes.Main],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const url = this.getNodeParameter('url', i) as string;
			const body = (await this.helpers.httpRequest({ url, encoding: 'arraybuffer' })) as ArrayBuffer;
			const binary = await this.helpers.prepareBinaryData(Buffer.from(body), 'image.png', 'image/png');
			this.logger.info('downloaded image', { url, bytes: binary.bytes });
			out.push({ json: { url }, binary: { data: binary }, pairedItem: { item: i } });
		}
		return [out];
	}
}

/** Reads binary bytes back through the engine, as a downstream node would. */
export class HarnessBinaryInfo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Binary Info',
		name: 'harnessBinaryInfo',
		group: ['transform'],
		version: 1,
		description: 'Reports binary size',
		defaults: { name: 'Harness Binary Info' },
		inputs: [nw.NodeConnectionTypes.Main],
		outputs: [nw.NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
			out.push({ json: { size: buffer.length, hex: buffer.subarray(0, 4).toString('hex') }, pairedItem: { item: i } });
		}
		return [out];
	}
}

/** Webhook trigger: HMAC over the raw body, static data counter, node-built 401. */
export class HarnessWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Webhook Trigger',
		name: 'harnessWebhookTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Receives signed callbacks',
		defaults: { name: 'Harness Webhook Trigger' },
		inputs: [],
		outputs: [nw.NodeConnectionTypes.Main],
		credentials: [{ name: 'harnessTestApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
		properties: [{ displayName: 'Tag', name: 'tag', type: 'string', default: 'none' }],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const { webhookSecret } = await this.getCredentials('harnessTestApi');
		const req = this.getRequestObject();
		const expected = createHmac('sha256', String(webhookSecret)).update(req.rawBody).digest('hex');
		if (req.headers['x-signature'] !== expected) {
			const res = this.getResponseObject();
			res.status(401).json({ error: 'bad signature' });
			return { noWebhookResponse: true };
		}
		const staticData = this.getWorkflowStaticData('node');
		staticData.count = ((staticData.count as number | undefined) ?? 0) + 1;
		const body = this.getBodyData();
		return {
			webhookResponse: { received: true, count: staticData.count },
			workflowData: [
				[
					{
						json: {
							body,
							query: this.getQueryData() as IDataObject,
							tag: this.getNodeParameter('tag') as string,
							count: staticData.count as number,
							url: this.getNodeWebhookUrl('default') ?? '',
						},
					},
				],
			],
		};
	}
}

export const testNodeTypes = [
	new HarnessDeclarative(),
	new HarnessFunctionAuth(),
	new HarnessDownload(),
	new HarnessBinaryInfo(),
	new HarnessWebhookTrigger(),
];
export const testCredentialTypes = [new HarnessTestApi(), new HarnessFunctionAuthApi()];
