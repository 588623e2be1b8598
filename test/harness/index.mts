// Test harness: runs real n8n workflows through n8n-core's engine (WorkflowExecute, RoutingNode,
// WebhookContext) with our built node package loaded from dist.
//
//   const { items, error } = await runNode({ type: "n8n-nodes-midjourney-api.legnext", parameters }, [{}],
//     { credentials: { legnextApi: { apiKey, baseUrl } } });
//
// Credentials given in opts are attached to every node that declares that credential type.
export { runWorkflow, runNode } from './run-workflow.mts';
export type { RunOptions, RunResult, NodeUnderTest, WorkflowToRun } from './run-workflow.mts';
export { callWebhook } from './webhook.mts';
export type { WebhookCallResult, WebhookNode, WebhookRequest } from './webhook.mts';
export { loadPackageTypes, PACKAGE_ROOT } from './package-types.mts';
export type { PackageTypes } from './package-types.mts';
export { ITEMS_NODE_TYPE, MANUAL_TRIGGER_TYPE } from './node-types.mts';
export { N8N_BASE_URL } from './additional-data.mts';
/** n8n-workflow / n8n-core as the engine sees them (CommonJS); use these for errors and helpers in tests. */
export { core, nw } from './n8n-runtime.mts';
export { startRecordingProxy } from './proxy.mts';
export type { ProxyLogEntry, RecordingProxy } from './proxy.mts';
export { probeTls, selfSignedCertificate, startTlsFrontend } from './tls.mts';
export type { SelfSignedCertificate, TlsFrontend, TlsRequestLogEntry } from './tls.mts';
