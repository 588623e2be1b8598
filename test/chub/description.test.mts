// The node description as n8n loads it (Request Options added, codex attached), checked with n8n's
// own helpers, the ones the editor uses: 19 operations under their resources, the wait fields only
// where a task is made or read, one Options collection at a time, the examples without parameter
// issues, and the node found by the words users search for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	INode,
	INodeParameters,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadPackageTypes, nw, PACKAGE_ROOT } from '../harness/index.mts';
import { CHUB } from './support.mts';

let action: INodeTypeDescription;
beforeAll(async () => {
	action = (await loadPackageTypes()).nodeTypes[CHUB].description;
});

const OPERATIONS: Record<string, string[]> = {
	image: ['imageToImage', 'inpaint', 'removeBackground', 'textToImage', 'upscale'],
	video: ['animate', 'generateVideo'],
	audio: ['generateMusic', 'generateSoundEffect', 'speechToText', 'textToSpeech'],
	voice: ['cloneVoice', 'deleteVoice', 'getVoices'],
	text: ['complete'],
	task: ['getTask'],
	account: ['getCosts', 'getGenerations'],
	project: ['updateProject'],
};
/** Operations that make a task (Wait for Result / Submit Only) and the one that reads one. */
const MAKES_A_TASK = new Set([
	...OPERATIONS.image,
	...OPERATIONS.video,
	'generateMusic',
	'generateSoundEffect',
	'textToSpeech',
	'cloneVoice',
]);
const SPENDS = new Set([...MAKES_A_TASK, 'speechToText', 'complete']);

function node(parameters: INodeParameters): INode {
	return {
		id: 'n1',
		name: 'Chub Imagine',
		type: CHUB,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
}

const visible = (name: string, parameters: INodeParameters) =>
	action.properties.filter(
		(p) =>
			p.name === name && nw.NodeHelpers.displayParameter(parameters, p, node(parameters), action),
	);

describe('the Chub Imagine node description', () => {
	it('lists the 19 endpoints as operations under their resources, alphabetically', () => {
		expect(Object.values(OPERATIONS).flat()).toHaveLength(19);
		for (const [resource, values] of Object.entries(OPERATIONS)) {
			const [field] = visible('operation', { resource });
			const options = field.options as INodePropertyOptions[];
			expect(options.map((o) => o.value)).toEqual(values);
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('shows the wait fields where a task is made or read, one Options collection at a time, with a budget where credits are spent', () => {
		for (const [resource, values] of Object.entries(OPERATIONS)) {
			for (const operation of values) {
				const parameters = { resource, operation };
				const modes = visible('waitMode', parameters).flatMap((p) =>
					(p.options as INodePropertyOptions[]).map((o) => o.value),
				);
				expect(modes, operation).toEqual(MAKES_A_TASK.has(operation) ? ['submit', 'wait'] : []);
				expect(visible('waitForFinish', parameters).length, operation).toBe(
					operation === 'getTask' ? 1 : 0,
				);
				const options = visible('options', parameters);
				expect(options.length, operation).toBeLessThanOrEqual(1);
				const budget = (
					options[0]?.options as Array<{ name: string; displayOptions?: object }> | undefined
				)?.find((o) => o.name === 'budget');
				const budgetShown =
					!!budget &&
					(!budget.displayOptions ||
						nw.NodeHelpers.displayParameter(
							parameters,
							{ ...budget, displayOptions: budget.displayOptions } as never,
							node(parameters),
							action,
						));
				expect(budgetShown, `${operation} budget`).toBe(SPENDS.has(operation));
			}
		}
	});

	it('is usable as a tool, has its credential, and n8n added its Request Options', () => {
		expect(action.usableAsTool).toBe(true);
		expect(action.credentials).toEqual([{ name: 'chubImagineApi', required: true }]);
		expect(action.properties.some((p) => p.name === 'requestOptions')).toBe(true);
	});

	it('is found by "Chub", "Imagine", "text to speech" and "music"', () => {
		const codex = JSON.parse(
			readFileSync(join(PACKAGE_ROOT, 'nodes/ChubImagine/ChubImagine.node.json'), 'utf8'),
		) as { alias: string[] };
		const words = [action.displayName, ...codex.alias].join(' ').toLowerCase();
		for (const search of ['chub', 'imagine', 'text to speech', 'music'])
			expect(words).toContain(search);
	});

	it('the issue check finds a missing required field (so a clean example means something)', () => {
		const bad = node({ resource: 'audio', operation: 'textToSpeech', transcript: '' });
		const parameters = nw.NodeHelpers.getNodeParameters(
			action.properties,
			bad.parameters,
			true,
			false,
			bad,
			action,
		);
		expect(
			nw.NodeHelpers.getNodeParametersIssues(
				action.properties,
				{ ...bad, parameters: parameters ?? {} },
				action,
			),
		).toMatchObject({
			parameters: { transcript: expect.any(Array) },
		});
	});

	for (const example of ['chub-image-pipeline', 'chub-speech-round-trip']) {
		it(`${example}: the Chub Imagine nodes have no parameter issues`, () => {
			const json = JSON.parse(
				readFileSync(join(PACKAGE_ROOT, 'examples', `${example}.json`), 'utf8'),
			) as { nodes: INode[] };
			const ours = json.nodes.filter((n) => n.type === CHUB);
			expect(ours.length).toBeGreaterThan(1);
			for (const ourNode of ours) {
				const parameters = nw.NodeHelpers.getNodeParameters(
					action.properties,
					ourNode.parameters,
					true,
					false,
					ourNode,
					action,
				);
				const issues = nw.NodeHelpers.getNodeParametersIssues(
					action.properties,
					{ ...ourNode, parameters: parameters ?? {} },
					action,
				);
				expect(issues, ourNode.name).toBeNull();
			}
		});
	}
});
