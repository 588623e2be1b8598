import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkText } from '../../../shared/operation/validate';

/**
 * The prompt checks every APIFRAME operation shares, in one place. APIFRAME documents no length
 * limit and no flag rules for v1 (apiframe-v1.md §2: flags go inside `prompt`), so a required
 * prompt must only be non-empty.
 */
export function checkPromptParam(ctx: IExecuteSingleFunctions, required: boolean, label = 'Prompt'): string {
	return checkText(ctx, ctx.getNodeParameter('prompt', ''), label, { required });
}
