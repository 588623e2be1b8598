// IWorkflowExecuteAdditionalData as the CLI would build it for one execution, minus database,
// sub-workflows and task runners. URLs point at a local n8n so `$execution.resumeUrl` and
// webhook URLs resolve to something sensible.
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { core, nw } from './n8n-runtime.mts';

export const N8N_BASE_URL = 'http://127.0.0.1:5678';

type Hooks = InstanceType<typeof core.ExecutionLifecycleHooks>;

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	executionId: string;
	workflowId: string;
	hooks?: Hooks;
	executionTimeoutTimestamp?: number;
	/** Overrides webhookBaseUrl (callWebhook points it at its live server). */
	webhookBaseUrl?: string;
}

export function buildAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new nw.UnexpectedError(`harness: ${what} is not supported`);
	};
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: options.workflowId,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		executionTimeoutTimestamp: options.executionTimeoutTimestamp,
		instanceBaseUrl: N8N_BASE_URL,
		restApiUrl: `${N8N_BASE_URL}/rest`,
		webhookBaseUrl: options.webhookBaseUrl ?? `${N8N_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${N8N_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${N8N_BASE_URL}/webhook-test`,
		formBaseUrl: `${N8N_BASE_URL}/form`,
		formWaitingBaseUrl: `${N8N_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${N8N_BASE_URL}/form-test`,
		mcpBaseUrl: `${N8N_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${N8N_BASE_URL}/mcp-test`,
		variables: {},
		externalSecretsProxy: new core.ExternalSecretsProxy(),
		executeWorkflow: unsupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('startRunnerTask (task runners / Code node)'),
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
	return data as IWorkflowExecuteAdditionalData;
}
