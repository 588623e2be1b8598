import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One credential for every Legnext node: the action node sends the API key, the trigger node
 * derives its callback-URL token from the webhook secret.
 */
export class LegnextApi implements ICredentialType {
	name = 'legnextApi';

	displayName = 'Legnext API';

	icon: Icon = { light: 'file:../icons/legnext.svg', dark: 'file:../icons/legnext.dark.svg' };

	documentationUrl =
		'https://github.com/midjourney-api-n8n/n8n-nodes-midjourney-api#legnext-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your key from the Legnext dashboard (https://legnext.ai/dashboard)',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any long random string. The Legnext Trigger derives the token in its callback URL from it and rejects callbacks without that token. Changing it invalidates callback URLs already sent.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.legnext.ai/api',
			description:
				'Change only to use a proxy or the bundled emulator (for example http://127.0.0.1:4010/api)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	// Reading the balance costs nothing and fails with 401 on a wrong key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/account/balance',
			method: 'GET',
		},
	};
}
