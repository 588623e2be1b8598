import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operation/spec';
import { checkText, failField } from '../../../shared/operation/validate';
import { pathOf } from '../../requestTypes';
import {
	additionalFields,
	bodyOption,
	checkCollection,
	EXTRA_BODY_OPTION,
	extraBody,
	sendExtraBody,
} from '../shared/fields';
import { spendOptions } from '../shared/spendOptions';

const number = (
	property: string,
	displayName: string,
	name: string,
	defaultValue: number,
	description: string,
	whole = false,
) =>
	bodyOption(property, {
		displayName,
		name,
		type: 'number',
		typeOptions: { numberPrecision: whole ? 0 : 2 },
		default: defaultValue,
		description,
	});

/** The sampling knobs most used, with the seed's defaults; the rest go through Extra Body Fields. */
const options = additionalFields(
	[
		number('frequency_penalty', 'Frequency Penalty', 'frequencyPenalty', 1.15, 'Seed default 1.15'),
		number(
			'max_tokens',
			'Max Tokens',
			'maxTokens',
			300,
			'Longest answer, in tokens (seed default 300)',
			true,
		),
		number('n', 'Number of Answers', 'n', 1, 'How many answers to generate (n)', true),
		number('presence_penalty', 'Presence Penalty', 'presencePenalty', 1.15, 'Seed default 1.15'),
		number('seed', 'Seed', 'seed', 0, 'Seed for reproducible answers', true),
		bodyOption('stop', {
			displayName: 'Stop',
			name: 'stop',
			type: 'string',
			default: '',
			description: 'A text at which the answer stops',
		}),
		number('temperature', 'Temperature', 'temperature', 0.8, 'Randomness (seed default 0.8)'),
		number('top_p', 'Top P', 'topP', 1, 'Nucleus sampling (seed default 1)'),
		EXTRA_BODY_OPTION,
	],
	{ context: false },
);

interface Message {
	role?: string;
	content?: string;
}

function messagesOf(ctx: IExecuteSingleFunctions): Message[] {
	const value = ctx.getNodeParameter('messages', {}) as { message?: Message[] };
	return Array.isArray(value?.message) ? value.message : [];
}

/**
 * POST /prompt, "API endpoint for generic completions" (imagine-api.txt): an OpenAI/vLLM-style
 * body. The node sends `model`, `messages` and the chosen knobs, and `stream: false`: the answer is
 * one chat.completion object, put out as is with the first answer's text as `text`.
 */
export const complete: OperationSpec = {
	resource: 'text',
	value: 'complete',
	name: 'Complete',
	action: 'Complete a conversation',
	description: "Get a model's answer to a list of messages (about 1 credit)",
	method: 'POST',
	path: pathOf('complete'),
	kind: 'account',
	fields: [
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: 'mobile',
			description:
				'Chub model name (seed default "mobile"; others reported: soji, asha, mixtral, mistral, mythomax)',
			routing: { send: { type: 'body', property: 'model' } },
		},
		{
			displayName: 'Messages',
			name: 'messages',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Message',
			default: { message: [{ role: 'user', content: '' }] },
			options: [
				{
					displayName: 'Message',
					name: 'message',
					values: [
						{
							displayName: 'Role',
							name: 'role',
							type: 'options',
							options: [
								{ name: 'Assistant', value: 'assistant' },
								{ name: 'System', value: 'system' },
								{ name: 'User', value: 'user' },
							],
							default: 'user',
						},
						{
							displayName: 'Content',
							name: 'content',
							type: 'string',
							typeOptions: { rows: 3 },
							default: '',
						},
					],
				},
			],
		},
		options,
		spendOptions(),
	],
	check(this: IExecuteSingleFunctions) {
		checkText(this, this.getNodeParameter('model', ''), 'Model');
		const messages = messagesOf(this);
		if (!messages.some((message) => String(message.content ?? '').trim())) {
			failField(this, 'Messages', 'add at least one message with content');
		}
		checkCollection(this, options);
		extraBody(this);
	},
	build: [
		async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
			const messages = messagesOf(this)
				.filter((message) => String(message.content ?? '').trim())
				.map((message) => ({ role: message.role ?? 'user', content: String(message.content) }));
			const body: IDataObject = {
				...(requestOptions.body as IDataObject),
				messages,
				stream: false,
			};
			// An empty optional text (Stop) means "not given".
			for (const [key, value] of Object.entries(body))
				if (typeof value === 'string' && !value.trim()) delete body[key];
			requestOptions.body = body;
			return requestOptions;
		},
		sendExtraBody,
	],
	pick: (body) => {
		const choices = Array.isArray(body.choices) ? (body.choices as IDataObject[]) : [];
		const message = choices[0]?.message as IDataObject | undefined;
		return { text: typeof message?.content === 'string' ? message.content : null, ...body };
	},
};
