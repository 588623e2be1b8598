// Harness plumbing: log capture, quiet output, timeouts, node type naming.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { nw, runNode, runWorkflow } from './index.mts';
import { startTestApi, testCredentialTypes, testNodeTypes, type TestApi } from './fixtures.mts';

let api: TestApi;
beforeAll(async () => {
	api = await startTestApi();
});
afterAll(async () => await api.close());

/** Waits until the execution is cancelled; stands in for a node stuck on a slow API. */
class HarnessHang implements INodeType {
	description = {
		displayName: 'Harness Hang',
		name: 'harnessHang',
		group: ['transform'],
		version: 1,
		description: 'Never finishes on its own',
		defaults: { name: 'Harness Hang' },
		inputs: [nw.NodeConnectionTypes.Main],
		outputs: [nw.NodeConnectionTypes.Main],
		properties: [],
	} satisfies INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const signal = this.getExecutionCancelSignal();
		await new Promise((resolve) => signal?.addEventListener('abort', resolve));
		return [[]];
	}
}

describe('logs', () => {
	it('captures n8n engine lines and node logger lines, with metadata, per run', async () => {
		const write = vi.spyOn(process.stdout, 'write');
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
					{ name: 'Download', type: 'harnessDownload', parameters: { url: `${api.url}/image.png?token=SECRET-IN-URL` } },
				],
				connections: { Start: { main: [[{ node: 'Download', type: 'main', index: 0 }]] } },
			},
			{ extraNodeTypes: testNodeTypes, extraCredentialTypes: testCredentialTypes },
		);
		const printed = write.mock.calls.map(([chunk]) => String(chunk)).join('');
		write.mockRestore();
		expect(result.error).toBeUndefined();
		const logs = result.logs.join('\n');
		expect(logs).toContain('Workflow execution started'); // n8n-core's own LoggerProxy line
		expect(logs).toMatch(/info: downloaded image .*SECRET-IN-URL/); // this.logger in the node, metadata kept
		if (process.env.HARNESS_DEBUG !== '1') expect(printed).not.toContain('SECRET-IN-URL');

		const next = await runNode({ type: 'harness.items', parameters: {} }, [{}]);
		expect(next.logs.join('\n')).not.toContain('SECRET-IN-URL');
	});
});

describe('timeouts', () => {
	it('cancels a stuck execution after timeoutMs, as n8n’s workflow timeout does', async () => {
		const started = Date.now();
		const result = await runNode({ type: 'harnessHang', parameters: {} }, [{}], {
			timeoutMs: 300,
			extraNodeTypes: [new HarnessHang()],
		});
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.run.status).toBe('canceled');
		expect(result.error?.name).toBe('TimeoutExecutionCancelledError');
	});
});

describe('node types', () => {
	it('extraNodeTypes may be keyed by full type name', async () => {
		const [declarative] = testNodeTypes;
		const { items, error } = await runNode(
			{ type: 'n8n-nodes-test.harnessDeclarative', parameters: { operation: 'get', id: 'x' } },
			[{}],
			{
				extraNodeTypes: { 'n8n-nodes-test.harnessDeclarative': declarative },
				extraCredentialTypes: testCredentialTypes,
				credentials: { harnessTestApi: { apiKey: 'k', baseUrl: api.url } },
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ id: 'x', name: 'thing-x' });
	});

	it('unknown node types fail clearly', async () => {
		await expect(runNode({ type: 'nope.nothing', parameters: {} }, [{}])).rejects.toThrow(
			/Unrecognized node type: nope\.nothing/,
		);
	});
});
