// Runs a workflow through n8n-core's WorkflowExecute in 'manual' mode, the way the CLI does for
// a run started from the editor: real lifecycle hooks, real node contexts, declarative nodes
// through RoutingNode, continueOnFail/onError handled by the engine itself.
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IWorkflowSettings,
	IConnections,
	INode,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data.mts';
import { acquireBinaryMode, readBinary, type BinaryMode } from './engine-setup.mts';
import { startLogCapture } from './log-capture.mts';
import { core, nw } from './n8n-runtime.mts';
import { ITEMS_NODE_TYPE, MANUAL_TRIGGER_TYPE } from './node-types.mts';
import { prepareWorkflow, type NodeInput } from './workflow-setup.mts';

export interface RunOptions {
	/** By credential type name, e.g. { legnextApi: { apiKey, webhookSecret, baseUrl } }. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** n8n BinaryDataService mode; 'filesystem' writes binaries to a temp dir. */
	binaryMode?: BinaryMode;
	/** Cancels the execution (as n8n's workflow timeout does). Default 30 s. */
	timeoutMs?: number;
	/** Test-only node types; an array registers each under its description name. */
	extraNodeTypes?: INodeType[] | Record<string, INodeType>;
	/** Test-only credential types; an array registers each under its `name`. */
	extraCredentialTypes?: ICredentialType[] | Record<string, ICredentialType>;
	/** Node to start from; default: the one node without inputs (harness/trigger nodes first). */
	startNode?: string;
}

export interface RunResult {
	/** What WorkflowExecute returned. */
	run: IRun;
	/** run.data.resultData.error: set when a node failed and did not continue. */
	error?: ExecutionError;
	/** Items a node produced (empty if it did not run or produced nothing there). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	nodeError(nodeName: string): ExecutionError | undefined;
	/** Real bytes of item.binary[key], through n8n's BinaryDataService (inline or stored). */
	binary(item: INodeExecutionData, key: string): Promise<Buffer>;
	/** Every line n8n's loggers printed during the run, metadata included. */
	logs: string[];
}

export interface WorkflowToRun {
	nodes: Array<INode | NodeInput>;
	connections: IConnections;
	settings?: IWorkflowSettings;
}

const DEFAULT_TIMEOUT_MS = 30_000;
let executionCounter = 0;

export async function runWorkflow(workflowInput: WorkflowToRun, opts: RunOptions = {}): Promise<RunResult> {
	const release = await acquireBinaryMode(opts.binaryMode ?? 'default');
	const capture = startLogCapture();
	try {
		const { workflow, workflowData, credentialsHelper } = await prepareWorkflow(workflowInput, opts);
		const startNode = pickStartNode(workflow, opts.startNode);
		const executionId = String(++executionCounter);
		const mode = 'manual';

		const hooks = new core.ExecutionLifecycleHooks(
			mode,
			executionId,
			workflowData as unknown as ConstructorParameters<typeof core.ExecutionLifecycleHooks>[2],
		);
		let resolveAfter: (run: IRun) => void = () => {};
		const afterHook = new Promise<IRun>((resolve) => (resolveAfter = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => resolveAfter(run));

		const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		const additionalData = buildAdditionalData({
			credentialsHelper,
			hooks,
			executionId,
			workflowId: workflow.id,
			executionTimeoutTimestamp: Date.now() + timeoutMs,
		});

		const workflowExecute = new core.WorkflowExecute(additionalData, mode);
		const execution = workflowExecute.run({ workflow, startNode });
		// A node stuck on I/O never returns; cancel like n8n's timeout and take the run data
		// that the cancellation hands to the workflowExecuteAfter hook.
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			workflowExecute.timedOut = true;
			execution.cancel();
		}, timeoutMs);
		let run: IRun;
		try {
			run = await Promise.race([execution, afterHook.then((r) => (r.status === 'canceled' ? r : execution))]);
		} finally {
			clearTimeout(timer);
		}
		// The engine records this error only once the stuck node returns; record it now.
		if (timedOut && !run.data.resultData.error) {
			run.data.resultData.error = new nw.TimeoutExecutionCancelledError(executionId);
		}
		return makeResult(run, capture.lines);
	} finally {
		capture.stop();
		release();
	}
}

export interface NodeUnderTest {
	type: string;
	parameters: INodeParameters;
	name?: string;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	credentials?: INodeCredentials;
	typeVersion?: number;
}

/** Runs one node fed by a harness.items start node holding `inputItems`. */
export async function runNode(
	node: NodeUnderTest,
	inputItems: IDataObject[] | INodeExecutionData[],
	opts: RunOptions = {},
): Promise<RunResult & { items: INodeExecutionData[] }> {
	const name = node.name ?? 'Node';
	const result = await runWorkflow(
		{
			nodes: [
				{ name: 'Input', type: ITEMS_NODE_TYPE, parameters: { items: JSON.stringify(inputItems) } },
				{ ...node, name },
			],
			connections: { Input: { main: [[{ node: name, type: 'main', index: 0 }]] } },
		},
		{ ...opts, startNode: 'Input' },
	);
	return Object.assign(result, { items: result.output(name) });
}

function pickStartNode(workflow: import('n8n-workflow').Workflow, requested?: string): INode {
	if (requested) {
		const node = workflow.getNode(requested);
		if (!node) throw new Error(`harness: start node "${requested}" is not in the workflow`);
		return node;
	}
	const roots = Object.values(workflow.nodes).filter(
		(node) => !node.disabled && workflow.getParentNodes(node.name, 'main', 1).length === 0,
	);
	const rank = (node: INode) => {
		if (node.type === MANUAL_TRIGGER_TYPE || node.type === ITEMS_NODE_TYPE) return 0;
		const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		return type.trigger || type.poll || type.webhook ? 1 : 2;
	};
	const [first] = roots.sort((a, b) => rank(a) - rank(b));
	const start = first ?? workflow.getStartNode();
	if (!start) throw new Error('harness: the workflow has no node to start from');
	return start;
}

function makeResult(run: IRun, logs: string[]): RunResult {
	const { runData } = run.data.resultData;
	return {
		run,
		error: run.data.resultData.error,
		logs,
		output(nodeName, outputIndex = 0, runIndex = 0) {
			return runData[nodeName]?.[runIndex]?.data?.main?.[outputIndex] ?? [];
		},
		nodeError(nodeName) {
			return runData[nodeName]?.find((task) => task.error)?.error;
		},
		async binary(item, key) {
			const binaryData = item.binary?.[key];
			if (!binaryData) {
				throw new Error(`harness: item has no binary "${key}" (has: ${Object.keys(item.binary ?? {}).join(', ') || 'none'})`);
			}
			return await readBinary(binaryData);
		},
	};
}
