// Declarative nodes run through n8n-core's RoutingNode against a real local HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runNode, runWorkflow } from './index.mts';
import { startTestApi, testCredentialTypes, testNodeTypes, type TestApi } from './fixtures.mts';

let api: TestApi;
const opts = () => ({
	extraNodeTypes: testNodeTypes,
	extraCredentialTypes: testCredentialTypes,
	credentials: {
		harnessTestApi: { apiKey: 'key-123', baseUrl: api.url },
		harnessFunctionAuthApi: { token: 'tok-9', baseUrl: api.url },
	},
});

beforeAll(async () => {
	api = await startTestApi();
});
afterAll(async () => await api.close());

describe('declarative nodes through RoutingNode', () => {
	it('GET: requestDefaults, url expression and generic auth (header + qs, defaults applied) reach the server', async () => {
		api.requests.length = 0;
		const { items, error } = await runNode(
			{ type: 'harnessDeclarative', parameters: { operation: 'get', id: '42' } },
			[{ a: 1 }],
			opts(),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ id: '42', name: 'thing-42' }]);
		expect(api.requests).toHaveLength(1);
		const [request] = api.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/things/42', query: { region: 'eu' } });
		expect(request.headers['x-api-key']).toBe('key-123');
		expect(request.headers.accept).toBe('application/json');
	});

	it('POST: body from routing.send, preSend rewrites the request, postReceive reshapes the output', async () => {
		api.requests.length = 0;
		const { items, error } = await runNode(
			{ type: 'harnessDeclarative', parameters: { operation: 'create', name: '={{ $json.who }}' } },
			[{ who: 'ada' }, { who: 'bob' }],
			opts(),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{ name: 'ada', stamped: true, status: 201 },
			{ name: 'bob', stamped: true, status: 201 },
		]);
		expect(api.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
		expect(api.requests.map((r) => r.headers['x-trace']).sort()).toEqual(['trace-ada', 'trace-bob']);
		expect(api.requests.every((r) => r.headers['x-api-key'] === 'key-123')).toBe(true);
		expect(JSON.parse(api.requests[0].body)).toMatchObject({ stamped: true });
	});

	it('applies function-style authenticate', async () => {
		api.requests.length = 0;
		const { error } = await runNode({ type: 'harnessFunctionAuth', parameters: { operation: 'get', id: '7' } }, [{}], opts());
		expect(error).toBeUndefined();
		expect(api.requests[0].headers.authorization).toBe('Bearer tok-9');
	});

	it('continueOnFail turns the failure into an error item', async () => {
		const { items, error, nodeError } = await runNode(
			{ type: 'harnessDeclarative', parameters: { operation: 'fail' }, continueOnFail: true },
			[{}],
			opts(),
		);
		expect(error).toBeUndefined();
		expect(nodeError('Node')).toBeUndefined();
		// As in n8n: the failed item carries the error and its message lands in json.error.
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ error: 'The service was not able to process your request' });
		expect(items[0].error).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
	});

	it('onError=continueErrorOutput routes the failure to the error output', async () => {
		const result = await runNode(
			{ type: 'harnessDeclarative', parameters: { operation: 'fail' }, onError: 'continueErrorOutput' },
			[{}],
			opts(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Node', 0)).toHaveLength(0);
		expect(result.output('Node', 1)).toHaveLength(1);
		expect(result.output('Node', 1)[0].json.error).toBeDefined();
	});

	it('a failing node surfaces the execution error', async () => {
		const { error, nodeError, items, run } = await runNode(
			{ type: 'harnessDeclarative', parameters: { operation: 'fail' } },
			[{}],
			opts(),
		);
		expect(error).toBeDefined();
		expect(error?.message).toBe('The service was not able to process your request');
		expect(nodeError('Node')).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(items).toEqual([]);
		expect(run.status).toBe('error');
	});

	it('runs a whole workflow from a Manual Trigger, resolving $execution.resumeUrl', async () => {
		api.requests.length = 0;
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
					{ name: 'Get', type: 'harnessDeclarative', parameters: { operation: 'get', id: '={{ $execution.resumeUrl.split("/").slice(-2, -1)[0] }}' } },
				],
				connections: { Start: { main: [[{ node: 'Get', type: 'main', index: 0 }]] } },
			},
			opts(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Start')).toEqual([expect.objectContaining({ json: {} })]);
		expect(api.requests[0].path).toBe('/things/webhook-waiting');
		expect(result.run.finished).toBe(true);
	});

	it('reports missing credentials like n8n does', async () => {
		const { error } = await runNode({ type: 'harnessDeclarative', parameters: { operation: 'get', id: '1' } }, [{}], {
			extraNodeTypes: testNodeTypes,
			extraCredentialTypes: testCredentialTypes,
		});
		expect(error?.message).toMatch(/credentials/i);
	});
});
