import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkText } from '../../../shared/operation/validate';
import { APIFRAME_RULES } from '../../../shared/prompt';
import { checkFollowUpPrompt, checkImagePrompt, checkVideoPromptText } from '../../../shared/prompt/routing';

/**
 * The prompt checks of every APIFRAME operation, in one place, with APIFRAME's rule table
 * (shared/prompt/providers.ts): its docs give the prompt as a required string and say only that
 * Midjourney flags go inside it (apiframe-v1.md §2), so the table refuses nothing but an empty
 * required prompt; every flag is sent and APIFRAME decides.
 */
export function checkPromptParam(
	ctx: IExecuteSingleFunctions,
	required: boolean,
	{ video = false, label = 'Prompt' }: { video?: boolean; label?: string } = {},
): void {
	if (video) {
		const prompt = checkText(ctx, ctx.getNodeParameter('prompt', ''), label, { required });
		checkVideoPromptText(ctx, prompt, label, APIFRAME_RULES);
	} else if (required) {
		checkImagePrompt(ctx, 'prompt', label, APIFRAME_RULES);
	} else {
		checkFollowUpPrompt(ctx, 'prompt', label, APIFRAME_RULES);
	}
}
