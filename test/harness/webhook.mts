// Runs a webhook node's webhook() for a real HTTP request, through n8n-core's WebhookContext.
// A throwaway node:http server stands in for n8n's webhook server: it parses the body like
// n8n's body parser (rawBody kept for signature checks), gives the node express-style req/res,
// and answers the way n8n answers in the default 'onReceived' response mode.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	Workflow,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data.mts';
import { acquireBinaryMode } from './engine-setup.mts';
import { startLogCapture } from './log-capture.mts';
import { core, nw, parseIncomingMessage } from './n8n-runtime.mts';
import type { RunOptions } from './run-workflow.mts';
import { prepareWorkflow } from './workflow-setup.mts';

export interface WebhookRequest {
	method?: string;
	/** Default: the node's own webhook path, /webhook/<webhookId>/<path>. */
	path?: string;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	/** Objects are sent as JSON (content-type set unless given). */
	body?: string | Buffer | object;
}

export interface WebhookNode {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	name?: string;
	typeVersion?: number;
	webhookId?: string;
	/** The node's id; with `opts.workflowId`, repeated calls are requests to one saved workflow. */
	id?: string;
}

export interface WebhookCallResult {
	status: number;
	/** Parsed JSON when the response is JSON, else the text. */
	body: unknown;
	headers: Record<string, string>;
	/** What webhook() returned to start the workflow with (undefined: no run). */
	workflowData?: INodeExecutionData[][];
	/** The workflow's static data after the call; pass it back to the next call. */
	staticData: IDataObject;
	/** Everything n8n's loggers printed while handling the request. */
	logs: string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
let executionCounter = 0;

export async function callWebhook(
	node: WebhookNode,
	request: WebhookRequest,
	opts: RunOptions & { staticData?: IDataObject; workflowId?: string } = {},
): Promise<WebhookCallResult> {
	const release = await acquireBinaryMode(opts.binaryMode ?? 'default');
	const capture = startLogCapture();
	const staticData = opts.staticData ?? {};
	const name = node.name ?? 'Webhook';
	const server = createServer();
	try {
		// A copy goes into the Workflow and is copied back after the call, the way n8n saves
		// static data to the database and loads it for the next execution.
		const { workflow, credentialsHelper } = await prepareWorkflow(
			{ nodes: [{ ...node, name }], connections: {} },
			{ ...opts, staticData: structuredClone(staticData) },
		);
		const workflowNode = workflow.getNode(name) as INode;
		const nodeType = workflow.nodeTypes.getByNameAndVersion(workflowNode.type, workflowNode.typeVersion);
		if (!nodeType.webhook) throw new Error(`harness: node type "${node.type}" has no webhook()`);

		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const webhooks = describeWebhooks(workflow, workflowNode, nodeType);
		const method = (request.method ?? webhooks[0]?.httpMethod ?? 'POST').toUpperCase();
		const defaultPath = webhooks.find((w) => w.httpMethod === method)?.path ?? webhooks[0]?.path ?? '';
		const path = request.path ?? `/webhook/${defaultPath}`;

		let workflowData: INodeExecutionData[][] | undefined;
		// A node that answers itself can finish webhook() after the client got its response.
		let handled: Promise<void> = Promise.resolve();
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			handled = (async () => {
				const additionalData = buildAdditionalData({
					credentialsHelper,
					executionId: `webhook-${++executionCounter}`,
					workflowId: workflow.id,
					webhookBaseUrl: `${baseUrl}/webhook`,
				});
				const { webhookData, params } = matchWebhook(webhooks, req, additionalData, workflow.id, name);
				const httpRequest = await asExpressRequest(req, params, workflowNode.typeVersion);
				additionalData.httpRequest = httpRequest as never;
				additionalData.httpResponse = asExpressResponse(res) as never;
				const context = new core.WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData, [], null);
				const result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;
				workflowData = result.workflowData;
				if (result.noWebhookResponse === true || res.headersSent) return; // the node answered itself
				const { webhookDescription } = webhookData;
				const mode = evaluate(workflow, workflowNode, webhookDescription.responseMode, 'onReceived');
				if (mode !== 'onReceived') {
					nw.LoggerProxy.warn(`harness: responseMode "${String(mode)}" is answered like onReceived`);
				}
				const code = Number(evaluate(workflow, workflowNode, webhookDescription.responseCode, 200)) || 200;
				// n8n's defaults: 'Webhook call received' when no run starts, 'Workflow was started' otherwise.
				const fallback = { message: result.workflowData ? 'Workflow was started' : 'Webhook call received' };
				send(res, code, result.webhookResponse !== undefined ? result.webhookResponse : fallback);
			})().catch((error: Error) => {
				if (error instanceof BodyParseError) {
					return send(res, 422, { code: 422, message: error.message, hint: error.hint });
				}
				nw.LoggerProxy.error(`harness: webhook() of "${name}" threw: ${error.message}`, { error });
				if (res.headersSent) return void res.end();
				// n8n hides the cause from the caller; the logs keep it.
				send(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			});
		});

		const response = await sendRequest(`${baseUrl}${path}`, method, request, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
		await handled;
		const newStaticData = plainStaticData(workflow.staticData);
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, newStaticData);
		return { ...response, workflowData, staticData, logs: capture.lines };
	} finally {
		server.close();
		server.closeAllConnections();
		capture.stop();
		release();
	}
}

interface DescribedWebhook {
	httpMethod: string;
	path: string;
	description: IWebhookDescription;
}

/** Method and path of each webhook the node declares, resolved as n8n's WebhookService does. */
function describeWebhooks(workflow: Workflow, node: INode, nodeType: INodeType): DescribedWebhook[] {
	const result: DescribedWebhook[] = [];
	for (const description of nodeType.description.webhooks ?? []) {
		let nodePath = String(workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {}) ?? '');
		nodePath = nodePath.replace(/^\//, '').replace(/\/$/, '');
		const isFullPath = workflow.expression.getSimpleParameterValue(node, description.isFullPath, 'internal', {}, undefined, false) as boolean;
		const restart = workflow.expression.getSimpleParameterValue(node, description.restartWebhook, 'internal', {}, undefined, false) as boolean;
		const path = nw.NodeHelpers.getNodeWebhookPath(workflow.id, node, nodePath, isFullPath, restart);
		const methods = workflow.expression.getSimpleParameterValue(node, description.httpMethod, 'internal', {}, undefined, 'GET');
		for (const method of String(methods).split(',')) {
			if (method.trim()) result.push({ httpMethod: method.trim().toUpperCase(), path, description });
		}
	}
	return result;
}

function matchWebhook(
	webhooks: DescribedWebhook[],
	req: IncomingMessage,
	additionalData: IWebhookData['workflowExecuteAdditionalData'],
	workflowId: string,
	nodeName: string,
): { webhookData: IWebhookData; params: Record<string, string> } {
	const requestPath = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/webhook(-test)?\//, '');
	const requestSegments = requestPath.split('/');
	let chosen: DescribedWebhook | undefined;
	let params: Record<string, string> = {};
	for (const webhook of webhooks.filter((w) => w.httpMethod === req.method)) {
		const segments = webhook.path.split('/');
		if (segments.length !== requestSegments.length) continue;
		const found: Record<string, string> = {};
		const matches = segments.every((segment, i) => {
			if (segment.startsWith(':')) return (found[segment.slice(1)] = decodeURIComponent(requestSegments[i])), true;
			return segment === requestSegments[i];
		});
		if (matches) {
			chosen = webhook;
			params = found;
			break;
		}
	}
	// A test may post to any path; fall back to the first webhook for the method, then any.
	chosen ??= webhooks.find((w) => w.httpMethod === req.method) ?? webhooks[0];
	if (!chosen) throw new Error('harness: node declares no webhooks');
	return {
		params,
		webhookData: {
			httpMethod: chosen.httpMethod as IWebhookData['httpMethod'],
			node: nodeName,
			path: chosen.path,
			webhookDescription: chosen.description,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			isTest: false,
		},
	};
}

type ExpressLikeRequest = IncomingMessage & {
	body?: unknown;
	rawBody?: Buffer;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
	path: string;
	contentType?: string;
	encoding?: BufferEncoding;
	readRawBody: () => Promise<void>;
	get: (name: string) => string | string[] | undefined;
	header: (name: string) => string | string[] | undefined;
};

class BodyParseError extends Error {
	readonly hint: string;

	constructor(hint: string) {
		super('Failed to parse request body');
		this.hint = hint;
	}
}

function isParsable(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return ['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((t) => contentType.startsWith(t));
}

/** The fields n8n's webhook server puts on express's request before calling webhook(). */
async function asExpressRequest(
	req: IncomingMessage,
	params: Record<string, string>,
	typeVersion: number,
): Promise<ExpressLikeRequest> {
	const request = req as ExpressLikeRequest;
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of url.searchParams) {
		const existing = query[key];
		query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
	}
	parseIncomingMessage(req);
	Object.assign(request, {
		query,
		params,
		path: url.pathname,
		get: (name: string) => req.headers[name.toLowerCase()],
		header: (name: string) => req.headers[name.toLowerCase()],
		readRawBody: async () => {
			if (request.rawBody) return;
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			request.rawBody = Buffer.concat(chunks);
		},
	});
	// n8n parses JSON, urlencoded and text bodies (XML too, not done here); v1 nodes always.
	if (typeVersion === 1 || isParsable(request.contentType)) {
		await request.readRawBody();
		const text = request.rawBody!.toString(request.encoding ?? 'utf-8');
		try {
			if (request.rawBody!.length) {
				if (request.contentType === 'application/json') request.body = nw.jsonParse(text);
				else if (request.contentType === 'application/x-www-form-urlencoded') request.body = Object.fromEntries(new URLSearchParams(text));
				else if (request.contentType === 'text/plain') request.body = text;
			}
		} catch (error) {
			// n8n answers unparsable bodies with 422 before the node runs.
			throw new BodyParseError((error as Error).message);
		}
	}
	request.body ??= {};
	return request;
}

/** The express response methods nodes call on getResponseObject(). */
function asExpressResponse(res: ServerResponse) {
	const response = res as ServerResponse & Record<string, unknown>;
	Object.assign(response, {
		status: (code: number) => ((res.statusCode = code), response),
		set: (field: string | Record<string, string>, value?: string) => {
			if (typeof field === 'string') res.setHeader(field, value ?? '');
			else for (const [k, v] of Object.entries(field)) res.setHeader(k, v);
			return response;
		},
		header: (field: string, value: string) => (res.setHeader(field, value), response),
		json: (body: unknown) => (send(res, res.statusCode, body === undefined ? null : body, true), response),
		send: (body: unknown) => (send(res, res.statusCode, body), response),
		sendStatus: (code: number) => (send(res, code, String(code)), response),
	});
	return response;
}

/** Like express: objects as JSON, strings as HTML text, Buffers as octet-stream. */
function send(res: ServerResponse, status: number, body: unknown, forceJson = false): void {
	res.statusCode = status;
	let payload: string | Buffer = '';
	let type = 'text/html; charset=utf-8';
	if (Buffer.isBuffer(body)) {
		payload = body;
		type = 'application/octet-stream';
	} else if (forceJson || (typeof body === 'object' && body !== null)) {
		payload = JSON.stringify(body);
		type = 'application/json; charset=utf-8';
	} else if (body !== undefined && body !== null) {
		payload = String(body);
	}
	if (!res.hasHeader('content-type')) res.setHeader('content-type', type);
	res.end(payload);
}

function evaluate(workflow: Workflow, node: INode, value: unknown, fallback: unknown): unknown {
	if (value === undefined) return fallback;
	return workflow.expression.getSimpleParameterValue(node, value as string, 'webhook', {}, undefined, fallback as string);
}

async function sendRequest(
	url: string,
	method: string,
	request: WebhookRequest,
	timeoutMs: number,
): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
	const target = new URL(url);
	for (const [key, value] of Object.entries(request.query ?? {})) target.searchParams.append(key, value);
	const headers: Record<string, string> = { ...request.headers };
	let body: string | Buffer | undefined;
	if (request.body !== undefined) {
		if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) body = request.body;
		else {
			body = JSON.stringify(request.body);
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
		}
	}
	const response = await fetch(target, {
		method,
		headers,
		body: method === 'GET' || method === 'HEAD' ? undefined : body,
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	const responseHeaders = Object.fromEntries(response.headers.entries());
	let parsed: unknown = text;
	if (responseHeaders['content-type']?.includes('json') && text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
	}
	return { status: response.status, body: parsed, headers: responseHeaders };
}

/** Static data as n8n would persist it: plain JSON, without ObservableObject bookkeeping. */
function plainStaticData(staticData: IDataObject): IDataObject {
	return JSON.parse(
		JSON.stringify(staticData, (key, value: unknown) => (key === '__dataChanged' ? undefined : value)),
	) as IDataObject;
}
