// Turns a test's workflow JSON into an n8n Workflow: node types (harness + built package +
// test-only), credentials helper, and the node fields the n8n editor would normally fill in.
import { randomUUID } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeType,
	IWorkflowSettings,
	Workflow,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper.mts';
import { nw } from './n8n-runtime.mts';
import { HarnessNodeTypes, harnessNodeTypes, normaliseExtraNodeTypes } from './node-types.mts';
import { loadPackageTypesIfBuilt } from './package-types.mts';

export interface WorkflowInput {
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
}

/** Nodes as tests write them: only name, type and parameters are required. */
export type NodeInput = Omit<INode, 'id' | 'typeVersion' | 'position'> &
	Partial<Pick<INode, 'id' | 'typeVersion' | 'position'>>;

export interface SetupOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	extraNodeTypes?: INodeType[] | Record<string, INodeType>;
	extraCredentialTypes?: ICredentialType[] | Record<string, ICredentialType>;
	staticData?: IDataObject;
	/**
	 * The workflow's id. n8n builds a fresh Workflow for every webhook request of one saved
	 * workflow; give calls the same id (and the node the same `id`) to be that workflow.
	 */
	workflowId?: string;
}

export interface PreparedWorkflow {
	workflow: Workflow;
	nodeTypes: HarnessNodeTypes;
	credentialsHelper: HarnessCredentialsHelper;
	workflowData: {
		id: string;
		name: string;
		nodes: INode[];
		connections: IConnections;
		settings: IWorkflowSettings;
		active: boolean;
	};
}

let counter = 0;

/** Async because the package's types are loaded with n8n's own (async) loader, once per process. */
export async function prepareWorkflow(
	input: { nodes: NodeInput[]; connections: IConnections; settings?: IWorkflowSettings },
	options: SetupOptions,
): Promise<PreparedWorkflow> {
	const pkg = await loadPackageTypesIfBuilt();
	const nodeTypes = new HarnessNodeTypes(
		pkg.nodeTypes,
		harnessNodeTypes,
		normaliseExtraNodeTypes(options.extraNodeTypes),
	);
	const credentialTypes = { ...pkg.credentialTypes, ...normaliseCredentialTypes(options.extraCredentialTypes) };
	const credentials = options.credentials ?? {};
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);

	// Workflow mutates node parameters (adds defaults), so never touch the caller's objects.
	const nodes = structuredClone(input.nodes).map((node, index) =>
		completeNode(node, index, nodeTypes, credentials),
	);
	const id = options.workflowId ?? `harness-workflow-${++counter}`;
	// New workflows in n8n 1.x+ use execution order v1.
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...input.settings };
	const connections = structuredClone(input.connections);
	const workflow = new nw.Workflow({
		id,
		name: id,
		nodes,
		connections,
		nodeTypes,
		settings,
		active: false,
		staticData: options.staticData,
	});
	return {
		workflow,
		nodeTypes,
		credentialsHelper,
		workflowData: { id, name: id, nodes, connections, settings, active: false },
	};
}

function completeNode(
	node: NodeInput,
	index: number,
	nodeTypes: HarnessNodeTypes,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): INode {
	const complete: INode = {
		...node,
		id: node.id ?? randomUUID(),
		typeVersion: node.typeVersion ?? nodeTypes.defaultVersion(node.type),
		position: node.position ?? [index * 220, 0],
		parameters: node.parameters ?? {},
	};
	const { description } = nodeTypes.getByNameAndVersion(complete.type, complete.typeVersion);
	// Webhook nodes get a webhookId when added in the editor; their URL path is built from it.
	if (description.webhooks?.length && !complete.webhookId) complete.webhookId = randomUUID();
	// Attach credentials the test supplied for types this node declares, as selecting them in
	// the editor would. n8n refuses to hand out credentials the node has no reference to.
	for (const { name } of description.credentials ?? []) {
		if (credentials[name] === undefined || complete.credentials?.[name]) continue;
		complete.credentials = { ...complete.credentials, [name]: { id: `harness-${name}`, name: `${name} (harness)` } };
	}
	return complete;
}

function normaliseCredentialTypes(
	extra: ICredentialType[] | Record<string, ICredentialType> | undefined,
): Record<string, ICredentialType> {
	if (!extra) return {};
	if (!Array.isArray(extra)) return extra;
	return Object.fromEntries(extra.map((type) => [type.name, type]));
}
