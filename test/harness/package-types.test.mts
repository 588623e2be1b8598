// loadPackageTypes reads package.json's n8n section and instantiates the dist classes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadPackageTypes, PACKAGE_ROOT, runNode } from './index.mts';
import { startTestApi, type TestApi } from './fixtures.mts';
import { loadPackageTypesIfBuilt } from './package-types.mts';

// A built community package in miniature: CommonJS files exporting classes named after the file.
const FAKE_NODE = `
class Fake {
	constructor() {
		this.description = {
			displayName: 'Fake', name: 'fake', group: ['transform'], version: [1, 2], description: '',
			defaults: { name: 'Fake' }, inputs: ['main'], outputs: ['main'],
			credentials: [{ name: 'fakeApi', required: true }],
			requestDefaults: { baseURL: '={{$credentials.baseUrl}}' },
			properties: [{ displayName: 'ID', name: 'id', type: 'string', default: 'v{{$version}}',
				routing: { request: { method: 'GET', url: '=/things/{{$value}}-v{{$version}}' } } }],
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
	it('registers node types under the community-package name and the bare name', () => {
		const { nodeTypes, credentialTypes } = loadPackageTypes(root);
		expect(Object.keys(nodeTypes).sort()).toEqual(['fake', 'n8n-nodes-fake.fake']);
		expect(nodeTypes.fake).toBe(nodeTypes['n8n-nodes-fake.fake']);
		expect(Object.keys(credentialTypes)).toEqual(['fakeApi']);
	});

	it('loaded types run through the engine (latest version by default)', async () => {
		const { nodeTypes, credentialTypes } = loadPackageTypes(root);
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

	it('fails clearly when a listed dist file is missing (runs skip it and load the rest)', () => {
		const broken = mkdtempSync(join(tmpdir(), 'harness-pkg-'));
		writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'x', n8n: { nodes: ['dist/nodes/X/X.node.js'] } }));
		expect(() => loadPackageTypes(broken)).toThrow(/missing; run `npm run build`/);
		expect(loadPackageTypesIfBuilt(broken)).toEqual({ nodeTypes: {}, credentialTypes: {} });
		rmSync(broken, { recursive: true, force: true });
	});

	// Only when every file package.json lists is built; a half-built dist is the build's problem.
	const listed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const built = [...listed.n8n.nodes, ...listed.n8n.credentials].every((f) => existsSync(join(PACKAGE_ROOT, f)));
	it.skipIf(!built)('loads this package from dist (legnext + legnextApi)', () => {
		const { nodeTypes, credentialTypes } = loadPackageTypes();
		expect(nodeTypes['n8n-nodes-midjourney-api.legnext']).toBeDefined();
		expect(nodeTypes.legnext).toBe(nodeTypes['n8n-nodes-midjourney-api.legnext']);
		expect(credentialTypes.legnextApi?.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['apiKey', 'webhookSecret', 'baseUrl']),
		);
	});
});
