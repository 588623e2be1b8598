import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { checkHttpUrl, checkText } from '../../../shared/operation/validate';

/**
 * The incoming item's message, so chained nodes need no expression: `jobId` is what the
 * TheNextLeg node and Trigger output, `originatingMessageId` a raw message, and `body...` the
 * callback a Wait node ("On Webhook Call") received, in either body shape.
 */
export const MESSAGE_ID_DEFAULT =
	'={{ $json.jobId || $json.messageId || $json.originatingMessageId || $json.body?.originatingMessageId || $json.body?.response?.originatingMessageId }}';

/** The id a Button request needs: the source message's `buttonMessageId`, found the same ways. */
export const BUTTON_MESSAGE_ID_DEFAULT =
	'={{ $json.buttonMessageId || $json.raw?.buttonMessageId || $json.body?.buttonMessageId || $json.body?.response?.buttonMessageId }}';

const FROM_ITEM = "Defaults to the incoming item's (from a TheNextLeg node, TheNextLeg Trigger or Wait node)";

export function messageIdField(description: string): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: MESSAGE_ID_DEFAULT,
		required: true,
		description: `${description}. ${FROM_ITEM}.`,
	};
}

export function checkMessageId(ctx: IExecuteSingleFunctions): string {
	return checkText(ctx, ctx.getNodeParameter('messageId', ''), 'Message ID').trim();
}

export const buttonMessageIdField: INodeProperties = {
	displayName: 'Button Message ID',
	name: 'buttonMessageId',
	type: 'string',
	default: BUTTON_MESSAGE_ID_DEFAULT,
	required: true,
	description: `The \`buttonMessageId\` of the finished message whose button to press (not its message ID). ${FROM_ITEM}.`,
};

export function checkButtonMessageId(ctx: IExecuteSingleFunctions): string {
	return checkText(ctx, ctx.getNodeParameter('buttonMessageId', ''), 'Button Message ID').trim();
}

/** `ref` (every submit, thenextleg-v2.md §2): free text TheNextLeg echoes in the message and the webhook. */
export const refField: INodeProperties = {
	displayName: 'Reference',
	name: 'ref',
	type: 'string',
	default: '',
	description:
		'Free text TheNextLeg passes back in the result and its webhook (`ref`), e.g. a row ID so a pipeline can match results to its rows',
	routing: { send: { type: 'body', property: 'ref' } },
};

export function imageUrlField(name: string, description: string, required: boolean): INodeProperties {
	return {
		displayName: 'Image URL',
		name,
		type: 'string',
		default: '',
		required,
		placeholder: 'https://example.com/image.png',
		description,
	};
}

export function checkImageUrl(ctx: IExecuteSingleFunctions, name: string, label = 'Image URL'): string {
	return checkHttpUrl(ctx, ctx.getNodeParameter(name, ''), label);
}
