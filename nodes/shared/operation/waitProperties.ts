import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Provider } from '../provider';
import { budgetOptionField } from './budget';

import { DEFAULT_REQUEST_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS } from './options';

/** Download options, shared by the action node's Options and the trigger's. */
export const binaryOptionFields: INodeProperties[] = [
	{
		displayName: 'Binary Layout',
		name: 'binaryLayout',
		type: 'options',
		options: [
			{
				name: 'One Item per File',
				value: 'perFile',
				description: 'Each file in its own item, under the binary property name',
			},
			{
				name: 'All Files in One Item',
				value: 'oneItem',
				description: 'One item holding data_0, data_1, … (and data_grid) for binary property "data"',
			},
		],
		default: 'perFile',
	},
	{
		displayName: 'Binary Property',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description: 'Name of the binary property the downloaded files are put in',
	},
	{
		displayName: 'Download Files',
		name: 'download',
		type: 'options',
		options: [
			{ name: 'No', value: 'none', description: 'Output URLs only' },
			{
				name: 'Result Files',
				value: 'results',
				description: 'The separate images (or videos) as binary data',
			},
			{ name: 'Grid Image', value: 'grid', description: 'Only the 2x2 grid image' },
			{ name: 'Grid and Result Files', value: 'all' },
		],
		default: 'none',
		description:
			'Download finished results as n8n binary data, ready for Drive, S3, Telegram and other nodes',
	},
];

/**
 * The fields every job-creating operation shares: how to wait for the result, and what to do
 * with it. `jobOperations` create jobs; `readOperations` read one (and may wait for it). The
 * callback modes are offered only where the provider can call back.
 */
export function waitProperties(provider: Provider, jobOperations: string[], readOperations: string[]): INodeProperties[] {
	const { name } = provider;
	const callbackModes: INodePropertyOptions[] = provider.callback
		? [
				{
					name: 'Resume This Execution (Wait Node)',
					value: 'resume',
					description: `${name} posts the finished job to this execution's resume URL; follow with a Wait node set to On Webhook Call`,
				},
				{
					name: 'Send Result to Callback URL',
					value: 'callback',
					description: `${name} posts the finished job to any URL you give (for example a webhook)`,
				},
				{
					name: `Send Result to ${name} Trigger`,
					value: 'trigger',
					description: `${name} posts the finished job to a ${name} Trigger node; the security token is added for you`,
				},
			]
		: [];
	const callbackFields: INodeProperties[] = provider.callback
		? [
				{
					displayName: 'Trigger URL',
					name: 'triggerUrl',
					type: 'string',
					default: '',
					required: true,
					placeholder: `https://n8n.example.com/webhook/${provider.key}-results`,
					description: `The Production URL of a ${name} Trigger node, or just its webhook path. The node adds the token derived from the credential's webhook secret.`,
					displayOptions: { show: { operation: jobOperations, waitMode: ['trigger'] } },
				},
				{
					displayName: `Add a Wait node after this one with Resume set to "On Webhook Call" (HTTP method POST) and a time limit; after the limit, read the job with ${provider.readOperation} so a lost callback never strands the workflow. One item per execution.`,
					name: 'resumeNotice',
					type: 'notice',
					default: '',
					displayOptions: { show: { operation: jobOperations, waitMode: ['resume'] } },
				},
				{
					displayName: 'Callback URL',
					name: 'callbackUrl',
					type: 'string',
					default: '',
					required: true,
					placeholder: `https://example.com/webhook/${provider.key}`,
					description: `${name} posts the finished job (JSON) to this http(s) URL`,
					displayOptions: { show: { operation: jobOperations, waitMode: ['callback'] } },
				},
			]
		: [];
	return [
		{
			displayName: 'Wait Mode',
			name: 'waitMode',
			type: 'options',
			displayOptions: { show: { operation: jobOperations } },
			options: [
				...callbackModes,
				{
					name: 'Submit Only',
					value: 'submit',
					description: `Output the new job right away; fetch it later with ${provider.readOperation}`,
				},
				{
					name: 'Wait for Result',
					value: 'wait',
					description: 'Poll the job until it completes or fails, then output the result (and files if asked)',
				},
			].sort((a, b) => a.name.localeCompare(b.name)),
			default: 'wait',
		},
		...callbackFields,
		{
			displayName: 'Wait Until Finished',
			name: 'waitForFinish',
			type: 'boolean',
			default: false,
			description: 'Whether to poll the job until it completes or fails instead of returning its current state',
			displayOptions: { show: { operation: readOperations } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { operation: [...jobOperations, ...readOperations] } },
			options: [
				...binaryOptionFields,
				// Only where the provider publishes prices, and only for operations that spend.
				...(provider.costs
					? [{ ...budgetOptionField(provider), displayOptions: { show: { '/operation': jobOperations } } }]
					: []),
				{
					displayName: 'Request Timeout (Seconds)',
					name: 'requestTimeout',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
					description:
						'How long one API request may take, unless Request Options > Timeout is set. A submit that times out is reported, never sent twice.',
				},
				{
					displayName: 'Timeout (Seconds)',
					name: 'timeout',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_TIMEOUT_SECONDS,
					description:
						'How long to wait for the job to finish when waiting for the result. The job keeps running after a timeout.',
				},
			],
		},
	];
}
