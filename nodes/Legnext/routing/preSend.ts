import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { checkHttpUrl, checkNumber, checkText } from '../../shared/validate';
import { callbackToken, withToken } from '../transport/callbackToken';
import { CREDENTIAL_TYPE } from '../transport/constants';
import { jobOptions, waitMode } from './options';
import { rememberBody } from './sentBody';

/** Checks of the shared wait fields; runs inside the validation gate (synchronously). */
export function waitChecks(this: IExecuteSingleFunctions, submits: boolean): void {
	const options = jobOptions(this);
	const waiting = submits ? waitMode(this) === 'wait' : this.getNodeParameter('waitForFinish', false);
	if (waiting) {
		checkNumber(this, options.timeoutSeconds, 'Timeout (Seconds)', { min: 0, exclusiveMin: true });
	}
	checkNumber(this, options.requestTimeoutSeconds, 'Request Timeout (Seconds)', {
		min: 0,
		exclusiveMin: true,
	});
	if (submits && waitMode(this) === 'callback') {
		checkHttpUrl(this, this.getNodeParameter('callbackUrl', ''), 'Callback URL');
	}
	if (submits && waitMode(this) === 'trigger') {
		const target = String(this.getNodeParameter('triggerUrl', '')).trim();
		if (/^[a-z][a-z0-9+.-]*:/i.test(target)) checkHttpUrl(this, target, 'Trigger URL');
		else checkText(this, target, 'Trigger URL');
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

/** The callback URL for the trigger and resume modes (the plain callback mode is routed). */
async function callbackFor(this: IExecuteSingleFunctions): Promise<string | undefined> {
	const mode = waitMode(this);
	if (mode === 'resume') {
		return String(this.evaluateExpression('{{ $execution.resumeUrl }}', this.getItemIndex()));
	}
	if (mode !== 'trigger') return undefined;
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secret = String(credentials.webhookSecret ?? '');
	if (!secret) {
		throw new NodeOperationError(this.getNode(), 'Webhook Secret is empty in the Legnext API credential', {
			itemIndex: this.getItemIndex(),
			description:
				'The Legnext Trigger only accepts callbacks that carry a token derived from the webhook secret. Set a long random Webhook Secret in the credential (the same credential the trigger uses).',
		});
	}
	const target = String(this.getNodeParameter('triggerUrl', '')).trim();
	return withToken(triggerCallbackUrl.call(this, target), callbackToken(secret));
}

/**
 * The last preSend step. RoutingNode fixes every request's timeout at 5 minutes after the
 * parameters are read, so the user's request timeout can only be applied here; the trigger
 * and resume modes need the credential or the execution to build their callback URL.
 */
export function prepareRequest(submits: boolean) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.timeout = jobOptions(this).requestTimeoutSeconds * 1000;
		const callback = submits ? await callbackFor.call(this) : undefined;
		if (callback) requestOptions.body = { ...(requestOptions.body as object), callback };
		rememberBody(this, requestOptions.body);
		return requestOptions;
	};
}
