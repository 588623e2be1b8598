import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { rememberTransport, userTimeoutMs } from '../http/transport';
import type { Provider } from '../provider';
import { callbackToken, withToken } from '../trigger/callbackToken';
import { jobOptions, waitMode, waitsForResult } from './options';
import { itemCount } from './runState';
import { rememberBody } from './sentBody';
import { checkHttpUrl, checkNumber, checkText, failField } from './validate';
import { credentialsOf } from '../http/credentials';

/** Checks of the shared wait fields; runs inside the validation gate (synchronously). */
export function waitChecks(this: IExecuteSingleFunctions, provider: Provider, submits: boolean): void {
	const options = jobOptions(this);
	if (waitsForResult(this, submits)) {
		checkNumber(this, options.timeoutSeconds, 'Timeout (Seconds)', { min: 0, exclusiveMin: true });
	}
	checkNumber(this, options.requestTimeoutSeconds, 'Request Timeout (Seconds)', {
		min: 0,
		exclusiveMin: true,
	});
	if (!submits) return;
	const mode = waitMode(this);
	if (mode === 'callback') {
		checkHttpUrl(this, this.getNodeParameter('callbackUrl', ''), 'Callback URL');
	}
	if (mode === 'trigger') {
		// An expression that resolves to nothing must not become the text "undefined".
		const target = String(this.getNodeParameter('triggerUrl', '') ?? '').trim();
		if (/^[a-z][a-z0-9+.-]*:/i.test(target)) checkHttpUrl(this, target, 'Trigger URL');
		else checkText(this, target, 'Trigger URL');
	}
	// n8n's Wait node resumes an execution once: every other item's result would be lost.
	const items = itemCount(this);
	if (mode === 'resume' && items > 1) {
		failField(
			this,
			'Wait Mode',
			`"Resume This Execution" takes one item per execution, got ${items}`,
			`The Wait node resumes once, so the results of the other ${items - 1} items would never arrive. Use "Send Result to ${provider.name} Trigger" (one execution per result) or "Wait for Result", or put a Loop Over Items node (batch size 1) before this node. Nothing was sent.`,
		);
	}
}

/** The production webhook URL of a trigger, from a full URL or a bare webhook path. */
function triggerCallbackUrl(this: IExecuteSingleFunctions, target: string): string {
	if (/^https?:\/\//i.test(target)) return target;
	// n8n serves production webhooks beside the resume endpoint: <base>/webhook/<path>.
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', this.getItemIndex()));
	const base = resumeUrl.replace(/\/webhook-waiting\/.*$/, '');
	return `${base}/webhook/${target.replace(/^\/+/, '')}`;
}

async function webhookSecret(this: IExecuteSingleFunctions, provider: Provider): Promise<string> {
	const credentials = await credentialsOf(this, provider.credentialType);
	const secret = String(credentials.webhookSecret ?? '');
	if (!secret) {
		throw new NodeOperationError(this.getNode(), `Webhook Secret is empty in the ${provider.name} credential`, {
			itemIndex: this.getItemIndex(),
			description: `The ${provider.name} Trigger only accepts callbacks it can verify with the webhook secret. Set a long random Webhook Secret in the credential (the same credential the trigger uses).`,
		});
	}
	return secret;
}

/** Puts the callback URL of the chosen wait mode into the submit body, the provider's way. */
async function attachCallback(this: IExecuteSingleFunctions, provider: Provider, body: IDataObject): Promise<void> {
	const mode = waitMode(this);
	if (!provider.callback || (mode !== 'resume' && mode !== 'trigger' && mode !== 'callback')) return;
	if (mode === 'resume') {
		const url = String(this.evaluateExpression('{{ $execution.resumeUrl }}', this.getItemIndex()));
		provider.callback.attach(body, url, '');
	} else if (mode === 'callback') {
		// The user's own receiver: the webhook secret is ours and is not handed to it.
		provider.callback.attach(body, String(this.getNodeParameter('callbackUrl', '')).trim(), '');
	} else {
		const secret = await webhookSecret.call(this, provider);
		const target = String(this.getNodeParameter('triggerUrl', '') ?? '').trim();
		const url = withToken(triggerCallbackUrl.call(this, target), callbackToken(secret, provider.key));
		provider.callback.attach(body, url, secret);
	}
}

/**
 * The last preSend step. RoutingNode sets every request's timeout to the user's Request Options
 * > Timeout or else 5 minutes; without the former, our own Request Timeout option applies. The
 * options RoutingNode built (proxy, certificates, timeout) are kept for the node's own requests.
 */
export function prepareRequest(provider: Provider, submits: boolean) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (userTimeoutMs(this) === undefined) requestOptions.timeout = jobOptions(this).requestTimeoutSeconds * 1000;
		// Only a provider that calls back changes the body here: any other body (e.g. a multipart
		// upload built as bytes) is sent exactly as the operation built it.
		if (submits && provider.callback) {
			const body = { ...((requestOptions.body as IDataObject | undefined) ?? {}) };
			await attachCallback.call(this, provider, body);
			requestOptions.body = body;
		}
		rememberTransport(this, requestOptions);
		rememberBody(this, requestOptions.body, requestOptions.url);
		return requestOptions;
	};
}
