import type { INodeProperties } from 'n8n-workflow';

import { binaryOptionFields } from '../operation/waitProperties';
import type { Provider } from '../provider';

/** The trigger's fields, the same for every provider; the task types are the provider's own. */
export function triggerProperties(provider: Provider): INodeProperties[] {
	const { name } = provider;
	return [
		{
			displayName: `Send jobs here from a ${name} node with Wait Mode "Send Result to ${name} Trigger" and this node's Production URL: it adds the token this trigger checks. Both nodes must use the same credential.`,
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			options: [
				{ name: 'Job Completed', value: 'completed' },
				{ name: 'Job Failed', value: 'failed' },
				{
					name: 'Job In Progress',
					value: 'progress',
					description: 'Only when the provider sends progress callbacks',
				},
			],
			default: ['completed', 'failed'],
			description: 'Which callbacks start the workflow',
		},
		{
			displayName: 'Task Types',
			name: 'taskTypes',
			type: 'multiOptions',
			options: provider.taskTypes ?? [],
			default: [],
			description: 'Only start for these kinds of job. Leave empty for all.',
		},
		{
			displayName: 'Verify with API',
			name: 'verifyWithApi',
			type: 'boolean',
			default: true,
			description: `Whether to read the job from the ${name} API by its ID and emit that authoritative job instead of the callback body, so a forged body cannot inject results`,
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: binaryOptionFields,
		},
	];
}
