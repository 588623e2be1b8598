import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { checkHttpUrl, checkNumber } from '../../shared/validate';
import { jobOptions, waitMode } from './options';

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
}

/**
 * RoutingNode fixes every request's timeout at 5 minutes after the parameters are read, so the
 * user's request timeout can only be applied here.
 */
export async function prepareRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.timeout = jobOptions(this).requestTimeoutSeconds * 1000;
	return requestOptions;
}
