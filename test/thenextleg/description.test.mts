// The node descriptions as n8n loads them (with its Request Options added), checked with n8n's own
// helpers, the ones the editor uses: every operation's fields resolve (the two GET submits show
// only Wait for Result and Submit Only), and the example workflows' TheNextLeg nodes have no
// parameter issues.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadPackageTypes, nw, PACKAGE_ROOT } from '../harness/index.mts';
import { TNL, TNL_TRIGGER } from './support.mts';

let action: INodeTypeDescription;
let trigger: INodeTypeDescription;
beforeAll(async () => {
	const types = await loadPackageTypes();
	action = types.nodeTypes[TNL].description;
	trigger = types.nodeTypes[TNL_TRIGGER].description;
});

const OPERATIONS: Record<string, string[]> = {
	image: ['blend', 'button', 'describe', 'getImage', 'imagine', 'seed', 'seedInstant'],
	message: ['get'],
	account: ['getSettings', 'info', 'switchMode', 'toggleSetting'],
};

function node(parameters: INodeParameters, type = TNL): INode {
	return { id: 'n1', name: 'TheNextLeg', type, typeVersion: 1, position: [0, 0], parameters };
}

/** The parameters the editor shows for these values (n8n's own resolution, defaults filled in). */
function shown(parameters: INodeParameters): INodeParameters {
	return nw.NodeHelpers.getNodeParameters(action.properties, parameters, true, false, node(parameters), action) ?? {};
}

function waitModes(parameters: INodeParameters): string[] {
	const visible = action.properties.filter(
		(p) => p.name === 'waitMode' && nw.NodeHelpers.displayParameter(parameters, p, node(parameters), action),
	);
	return visible.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => String(o.value)));
}

describe('the TheNextLeg node description', () => {
	it('lists every operation under its resource, alphabetically', () => {
		for (const [resource, values] of Object.entries(OPERATIONS)) {
			const field = action.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
			const options = field?.options as INodePropertyOptions[];
			expect(options.map((o) => o.value).sort()).toEqual([...values].sort());
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('each operation resolves; the POST submits offer the callback modes, the GET submits (Info, Get Settings) only wait and submit', () => {
		for (const [resource, values] of Object.entries(OPERATIONS)) {
			for (const operation of values) {
				const parameters = shown({ resource, operation });
				expect(parameters.operation, `${resource}.${operation}`).toBe(operation);
				const modes = waitModes({ resource, operation });
				if (['getImage', 'seedInstant', 'get'].includes(operation)) expect(modes, operation).toEqual([]);
				else if (['info', 'getSettings'].includes(operation)) expect(modes.sort(), operation).toEqual(['submit', 'wait']);
				else expect(modes.sort(), operation).toEqual(['callback', 'resume', 'submit', 'trigger', 'wait']);
			}
		}
		// One Options collection is shown at a time, whichever submit it is.
		for (const operation of ['info', 'imagine']) {
			const visible = action.properties.filter((p: INodeProperties) => p.name === 'options' && nw.NodeHelpers.displayParameter({ resource: 'image', operation }, p, node({ operation }), action));
			expect(visible, operation).toHaveLength(1);
		}
	});

	it('is usable as a tool, has its credential, and says the original service is gone', () => {
		expect(action.usableAsTool).toBe(true);
		expect(action.credentials).toEqual([{ name: 'theNextLegApi', required: true }]);
		expect(action.description).toMatch(/switched off in January 2024/);
		expect(trigger.webhooks?.[0]).toMatchObject({ httpMethod: 'POST', path: 'thenextleg' });
		// n8n added its Request Options (proxy, timeout, batching) to the declarative node.
		expect(action.properties.some((p) => p.name === 'requestOptions')).toBe(true);
	});

	it('the issue check finds a missing required field (so a clean example means something)', () => {
		const bad = node({ resource: 'image', operation: 'imagine', prompt: '' });
		const parameters = nw.NodeHelpers.getNodeParameters(action.properties, bad.parameters, true, false, bad, action);
		expect(nw.NodeHelpers.getNodeParametersIssues(action.properties, { ...bad, parameters: parameters ?? {} }, action)).toMatchObject({
			parameters: { prompt: expect.any(Array) },
		});
	});

	for (const example of ['thenextleg-callback-pipeline', 'thenextleg-batch-prompts']) {
		it(`${example}: the TheNextLeg nodes have no parameter issues`, () => {
			const json = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples', `${example}.json`), 'utf8')) as { nodes: INode[] };
			const ours = json.nodes.filter((n) => n.type === TNL || n.type === TNL_TRIGGER);
			expect(ours.length).toBeGreaterThan(0);
			for (const ourNode of ours) {
				const description = ourNode.type === TNL ? action : trigger;
				const parameters = nw.NodeHelpers.getNodeParameters(description.properties, ourNode.parameters, true, false, ourNode, description);
				const issues = nw.NodeHelpers.getNodeParametersIssues(description.properties, { ...ourNode, parameters: parameters ?? {} }, description);
				expect(issues, ourNode.name).toBeNull();
			}
		});
	}
});
