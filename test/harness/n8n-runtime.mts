// The n8n runtime modules, loaded with `require` instead of `import`.
//
// Why: n8n-workflow ships two builds (ESM and CommonJS). n8n-core and our compiled dist nodes
// `require` the CommonJS one, so an ESM `import` here would give a second LoggerProxy and a
// second set of error classes (n8n's `instanceof NodeApiError` checks would then fail).
// n8n-core also has its own nested copies of @n8n/di, @n8n/backend-common and
// @n8n/backend-network (newer than the top-level ones); the DI Container is a per-copy
// singleton, so it must be resolved from n8n-core's location.
//
// Test code that builds node types or throws n8n errors should use `nw` from here too.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
const requireFromCore = createRequire(requireHere.resolve('n8n-core'));

export const core = requireHere('n8n-core') as typeof import('n8n-core');
export const nw = requireFromCore('n8n-workflow') as typeof import('n8n-workflow');
export const di = requireFromCore('@n8n/di') as typeof import('@n8n/di');
export const backendCommon = requireFromCore(
	'@n8n/backend-common',
) as typeof import('@n8n/backend-common');

// parseIncomingMessage sets req.contentType / req.encoding the way n8n's webhook server does.
type IncomingMessageParser = (message: import('node:http').IncomingMessage) => void;
export const parseIncomingMessage = (
	requireFromCore('@n8n/backend-network') as { parseIncomingMessage: IncomingMessageParser }
).parseIncomingMessage;

if (requireHere('n8n-workflow') !== nw) {
	// Our dist nodes resolve n8n-workflow from the package root; if that is not the copy
	// n8n-core uses, error classes and LoggerProxy would be split in two.
	throw new Error('harness: n8n-core and this package resolve different n8n-workflow copies');
}
