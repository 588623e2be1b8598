// The node-type registry n8n's Workflow asks for node types, plus the harness's start nodes.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';

import { nw } from './n8n-runtime.mts';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const ITEMS_NODE_TYPE = 'harness.items';

/** Like n8n's Manual Trigger: in manual mode it emits one empty item. */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [nw.NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/**
 * Start node that outputs the items in its `items` parameter (a JSON string, or an array).
 * Plain objects become `{ json }`; objects that already have a `json` key are used as
 * INodeExecutionData (so tests can feed binary data and pairedItem).
 */
class HarnessItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items for tests',
		defaults: { name: 'Items' },
		inputs: [nw.NodeConnectionTypes.Main],
		outputs: [nw.NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]', { rawExpressions: true }) as unknown;
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[];
		return [toExecutionData(items)];
	}
}

export function toExecutionData(items: unknown[]): INodeExecutionData[] {
	return items.map((item) => {
		if (isExecutionData(item)) return { pairedItem: { item: 0 }, ...item };
		return { json: (item ?? {}) as IDataObject, pairedItem: { item: 0 } };
	});
	function isExecutionData(item: unknown): item is INodeExecutionData {
		return (
			typeof item === 'object' &&
			item !== null &&
			'json' in item &&
			typeof (item as { json: unknown }).json === 'object'
		);
	}
}

export const harnessNodeTypes: Record<string, INodeType> = {
	[MANUAL_TRIGGER_TYPE]: new ManualTrigger(),
	[ITEMS_NODE_TYPE]: new HarnessItems(),
};

type AnyNodeType = INodeType | IVersionedNodeType;

/** Resolves full names (`pkg.name`) and bare description names, like n8n's registry does for full ones. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, AnyNodeType>();

	constructor(...sources: Array<Record<string, AnyNodeType>>) {
		for (const source of sources) {
			for (const [name, type] of Object.entries(source)) this.byName.set(name, type);
		}
	}

	getByName(nodeType: string): AnyNodeType {
		const type = this.byName.get(nodeType);
		if (!type) throw this.unrecognized(nodeType);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		// Unknown types fail here like they do in n8n's own registry (UnrecognizedNodeTypeError).
		const type = this.byName.get(nodeType);
		if (!type) throw this.unrecognized(nodeType);
		return nw.NodeHelpers.getVersionedNodeType(type, version);
	}

	private unrecognized(nodeType: string) {
		const known = [...this.byName.keys()].join(', ');
		return new nw.UserError(
			`Unrecognized node type: ${nodeType} (known: ${known}; package nodes load from dist, run \`npm run build\`)`,
		);
	}

	getKnownTypes() {
		return {};
	}

	has(nodeType: string): boolean {
		return this.byName.has(nodeType);
	}

	/** Version to give a node when the caller did not say: the type's default/latest. */
	defaultVersion(nodeType: string): number {
		const type = this.getByName(nodeType);
		if ('nodeVersions' in type) return type.currentVersion;
		const { version, defaultVersion } = type.description;
		if (defaultVersion !== undefined) return defaultVersion;
		return Array.isArray(version) ? Math.max(...version) : version;
	}
}

/** Test node types given as an array are registered under their description name. */
export function normaliseExtraNodeTypes(
	extra: INodeType[] | Record<string, INodeType> | undefined,
): Record<string, INodeType> {
	if (!extra) return {};
	if (!Array.isArray(extra)) return extra;
	return Object.fromEntries(extra.map((type) => [type.description.name, type]));
}
