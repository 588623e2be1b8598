// loadPackageTypes loads the dist classes package.json's n8n section lists, through n8n-core's
// PackageDirectoryLoader, so node types carry what n8n adds at load time (Request Options).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadPackageTypes, PACKAGE_ROOT, runNode } from './index.mts';
import { startTestApi, type TestApi } from './fixtures.mts';
import { loadPackageTypesIfBuilt } from './package-types.mts';

// A built community package in miniature: CommonJS files exporting classes named after the file.
// Like the Legnext node, every instance shares one module-level properties array.
const FAKE_NODE = `
const properties = [{ displayName: 'ID', name: 'id', type: 'string', default: 'v{{$version}}',
	routing: { request: { method: 'GET', url: '=/things/{{$value}}-v{{$version}}' } } }];
class Fake {
	constructor() {
		this.description = {
			displayName: 'Fake', name: 'fake', group: ['transform'], version: [1, 2], description: '',
			defaults: { name: 'Fake' }, inputs: ['main'], outputs: ['main'],
			credentials: [{ name: 'fakeApi', required: true }],
			requestDefaults: { baseURL: '={{$credentials.baseUrl}}' },
			properties,
		};
	}
}
module.exports = { Fake };
`;
const FAKE_CREDENTIAL = `
class FakeApi {
	constructor() {
		this.name = 'fakeApi';
		this.displayName = 'Fake API';
		this.properties = [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		];
		this.authenticate = { type: 'generic', properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } } };
	}
}
module.exports = { FakeApi };
`;

let root: string;
let api: TestApi;
beforeAll(async () => {
	api = await startTestApi();
	root = mkdtempSync(join(tmpdir(), 'harness-pkg-'));
	mkdirSync(join(root, 'dist/nodes/Fake'), { recursive: true });
	mkdirSync(join(root, 'dist/credentials'), { recursive: true });
	writeFileSync(join(root, 'dist/nodes/Fake/Fake.node.js'), FAKE_NODE);
	writeFileSync(join(root, 'dist/credentials/FakeApi.credentials.js'), FAKE_CREDENTIAL);
	writeFileSync(
		join(root, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-fake',
			n8n: { nodes: ['dist/nodes/Fake/Fake.node.js'], credentials: ['dist/credentials/FakeApi.credentials.js'] },
		}),
	);
});
afterAll(async () => {
	rmSync(root, { recursive: true, force: true });
	await api.close();
});

describe('loadPackageTypes', () => {
	it('registers node types under the community-package name and the bare name', async () => {
		const { nodeTypes, credentialTypes } = await loadPackageTypes(root);
		expect(Object.keys(nodeTypes).sort()).toEqual(['fake', 'n8n-nodes-fake.fake']);
		expect(nodeTypes.fake).toBe(nodeTypes['n8n-nodes-fake.fake']);
		expect(Object.keys(credentialTypes)).toEqual(['fakeApi']);
	});

	it('loaded types run through the engine (latest version by default)', async () => {
		const { nodeTypes, credentialTypes } = await loadPackageTypes(root);
		api.requests.length = 0;
		const { items, error } = await runNode({ type: 'n8n-nodes-fake.fake', parameters: { id: 'a' } }, [{}], {
			extraNodeTypes: nodeTypes,
			extraCredentialTypes: credentialTypes,
			credentials: { fakeApi: { apiKey: 'pkg-key', baseUrl: api.url } },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ id: 'a-v2', name: 'thing-a-v2' });
		expect(api.requests[0].headers['x-api-key']).toBe('pkg-key');
	});

	it('fails clearly when a listed dist file is missing (runs skip it and load the rest)', async () => {
		const broken = mkdtempSync(join(tmpdir(), 'harness-pkg-'));
		writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'x', n8n: { nodes: ['dist/nodes/X/X.node.js'] } }));
		await expect(loadPackageTypes(broken)).rejects.toThrow(/missing; run `npm run build`/);
		expect(await loadPackageTypesIfBuilt(broken)).toEqual({ nodeTypes: {}, credentialTypes: {} });
		rmSync(broken, { recursive: true, force: true });
	});

	// Only when every file package.json lists is built; a half-built dist is the build's problem.
	const listed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const built = [...listed.n8n.nodes, ...listed.n8n.credentials].every((f) => existsSync(join(PACKAGE_ROOT, f)));
	it.skipIf(!built)('loads this package from dist (legnext + legnextApi)', async () => {
		const { nodeTypes, credentialTypes } = await loadPackageTypes();
		expect(nodeTypes['n8n-nodes-midjourney-api.legnext']).toBeDefined();
		expect(nodeTypes.legnext).toBe(nodeTypes['n8n-nodes-midjourney-api.legnext']);
		expect(credentialTypes.legnextApi?.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['apiKey', 'webhookSecret', 'baseUrl']),
		);
	});

	it('adds n8n\'s Request Options to declarative nodes, as n8n does when it loads a package', async () => {
		const { nodeTypes } = await loadPackageTypes(root);
		const fake = nodeTypes.fake as unknown as { description: { properties: Array<{ name: string }> } };
		expect(fake.description.properties.map((p) => p.name)).toEqual(['id', 'requestOptions']);
	});

	it.skipIf(!built)('the Legnext node has the Request Options property exactly as n8n adds it', async () => {
		const { nodeTypes } = await loadPackageTypes();
		// n8n-core's own definition of what it adds (DirectoryLoader.applyDeclarativeNodeOptionParameters).
		const { commonDeclarativeNodeOptionParameters } = createRequire(import.meta.url)(
			'n8n-core/dist/nodes-loader/constants',
		) as { commonDeclarativeNodeOptionParameters: unknown };
		const { properties } = nodeTypes['n8n-nodes-midjourney-api.legnext'].description;
		const requestOptions = properties.filter((p) => p.name === 'requestOptions');
		expect(requestOptions).toHaveLength(1);
		expect(requestOptions[0]).toEqual(commonDeclarativeNodeOptionParameters);
		expect(requestOptions[0].options?.map((o) => o.name)).toEqual(['batching', 'allowUnauthorizedCerts', 'proxy', 'timeout']);
		// n8n appends it after the node's own properties (it is a node setting).
		expect(properties[properties.length - 1]).toBe(requestOptions[0]);
		// The trigger is a webhook node: n8n adds nothing to it.
		expect(nodeTypes['n8n-nodes-midjourney-api.legnextTrigger'].description.properties.map((p) => p.name)).not.toContain(
			'requestOptions',
		);
		// The loader also attached the codex from Legnext.node.json, as n8n does.
		expect(nodeTypes['n8n-nodes-midjourney-api.legnext'].description.codex?.categories).toBeDefined();
	});

	it('loading a package again (other files built) starts from fresh modules: the options are added once', async () => {
		const again = mkdtempSync(join(tmpdir(), 'harness-pkg-'));
		mkdirSync(join(again, 'dist/nodes/Fake'), { recursive: true });
		writeFileSync(join(again, 'dist/nodes/Fake/Fake.node.js'), FAKE_NODE);
		writeFileSync(
			join(again, 'package.json'),
			JSON.stringify({ name: 'n8n-nodes-fake', n8n: { nodes: ['dist/nodes/Fake/Fake.node.js'], credentials: ['dist/credentials/FakeApi.credentials.js'] } }),
		);
		const first = await loadPackageTypesIfBuilt(again); // the credential is not built yet
		mkdirSync(join(again, 'dist/credentials'), { recursive: true });
		writeFileSync(join(again, 'dist/credentials/FakeApi.credentials.js'), FAKE_CREDENTIAL);
		const second = await loadPackageTypesIfBuilt(again);
		rmSync(again, { recursive: true, force: true });
		expect(Object.keys(first.credentialTypes)).toEqual([]);
		expect(Object.keys(second.credentialTypes)).toEqual(['fakeApi']);
		for (const { nodeTypes } of [first, second]) {
			const { properties } = nodeTypes.fake.description;
			expect(properties.map((p) => p.name)).toEqual(['id', 'requestOptions']);
			// A second application would merge n8n's options into themselves: 8 options.
			expect(properties[1].options?.map((o) => o.name)).toEqual(['batching', 'allowUnauthorizedCerts', 'proxy', 'timeout']);
		}
	});
});
