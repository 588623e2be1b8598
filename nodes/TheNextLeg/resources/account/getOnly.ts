import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { waitMode } from '../../../shared/operation/options';
import { failField } from '../../../shared/operation/validate';

/**
 * Info and Get Settings are GETs: their `ref` and `webhookOverride` would be query parameters
 * (docs /v2/info), which the core's callback modes do not write, so these two offer only Wait
 * for Result and Submit Only (an expression asking for a callback mode is refused, not ignored).
 */
export function checkNoCallbackMode(ctx: IExecuteSingleFunctions, operation: string): void {
	const mode = waitMode(ctx);
	if (mode !== 'wait' && mode !== 'submit') {
		failField(ctx, 'Wait Mode', `${operation} takes "Wait for Result" or "Submit Only", got "${mode}"`);
	}
}
