// Binary data through n8n's BinaryDataService, in both modes the harness offers.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { core, runNode, runWorkflow } from './index.mts';
import { PNG_BYTES, startTestApi, testCredentialTypes, testNodeTypes, type TestApi } from './fixtures.mts';
import { di } from './n8n-runtime.mts';

let api: TestApi;
beforeAll(async () => {
	api = await startTestApi();
});
afterAll(async () => await api.close());

const downloadThenInspect = () => ({
	nodes: [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
		{ name: 'Download', type: 'harnessDownload', parameters: { url: `${api.url}/image.png` } },
		{ name: 'Inspect', type: 'harnessBinaryInfo', parameters: {} },
	],
	connections: {
		Start: { main: [[{ node: 'Download', type: 'main' as const, index: 0 }]] },
		Download: { main: [[{ node: 'Inspect', type: 'main' as const, index: 0 }]] },
	},
});

describe.each(['default', 'filesystem'] as const)('binaryMode %s', (binaryMode) => {
	it('prepareBinaryData stores the bytes and they read back, in the test and in a downstream node', async () => {
		const result = await runWorkflow(downloadThenInspect(), {
			binaryMode,
			extraNodeTypes: testNodeTypes,
			extraCredentialTypes: testCredentialTypes,
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output('Download');
		const meta = item.binary!.data;
		expect(meta).toMatchObject({ mimeType: 'image/png', fileName: 'image.png', fileExtension: 'png' });
		if (binaryMode === 'filesystem') {
			// Stored on disk: the item only holds a reference.
			expect(meta.id).toMatch(/^filesystem-v2:/);
			expect(meta.data).toBe('filesystem-v2');
			expect(existsSync(di.Container.get(core.BinaryDataService).getPath(meta.id!))).toBe(true);
		} else {
			expect(meta.id).toBeUndefined();
			expect(meta.data).toBe(PNG_BYTES.toString('base64'));
		}
		expect((await result.binary(item, 'data')).equals(PNG_BYTES)).toBe(true);
		expect(result.output('Inspect')[0].json).toEqual({ size: PNG_BYTES.length, hex: '89504e47' });
	});

	it('feeds binary input items to a node (base64 in the item, as pinned data would be)', async () => {
		const input = [
			{ json: { n: 1 }, binary: { data: { data: PNG_BYTES.toString('base64'), mimeType: 'image/png', fileName: 'in.png' } } },
		];
		const { items, error } = await runNode({ type: 'harnessBinaryInfo', parameters: {} }, input, {
			binaryMode,
			extraNodeTypes: testNodeTypes,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ size: PNG_BYTES.length, hex: '89504e47' });
	});
});

it('binary() explains a missing key', async () => {
	const result = await runNode({ type: 'harness.items', parameters: { items: '[{"a":1}]' } }, [{}]);
	expect(result.items.map((i) => i.json)).toEqual([{ a: 1 }]);
	await expect(result.binary(result.items[0], 'data')).rejects.toThrow(/no binary "data"/);
});

it('runs with different binary modes concurrently without mixing them up', async () => {
	const run = (binaryMode: 'default' | 'filesystem') =>
		runWorkflow(downloadThenInspect(), { binaryMode, extraNodeTypes: testNodeTypes });
	const [a, b, c] = await Promise.all([run('filesystem'), run('default'), run('filesystem')]);
	expect(a.output('Download')[0].binary!.data.id).toMatch(/^filesystem-v2:/);
	expect(b.output('Download')[0].binary!.data.id).toBeUndefined();
	expect(c.output('Download')[0].binary!.data.id).toMatch(/^filesystem-v2:/);
});
