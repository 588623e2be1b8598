import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One credential for both APIFRAME nodes: the action node sends the API key, and in "Send Result
 * to APIFRAME Trigger" mode also the webhook secret (APIFRAME sends it back in the
 * `x-webhook-secret` header, which the trigger checks).
 */
export class ApiframeApi implements ICredentialType {
	name = 'apiframeApi';

	displayName = 'APIFRAME API';

	icon: Icon = { light: 'file:../icons/apiframe.svg', dark: 'file:../icons/apiframe.dark.svg' };

	documentationUrl =
		'https://github.com/midjourney-api-n8n/n8n-nodes-midjourney-api#apiframe-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your key from the APIFRAME dashboard. It is sent as is in the Authorization header (no "Bearer").',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any long random string. Jobs sent to an APIFRAME Trigger carry it as webhook_secret; APIFRAME sends it back in the x-webhook-secret header and the trigger rejects callbacks without it. Changing it invalidates callbacks still on their way.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.apiframe.pro',
			description:
				'Change only to use a proxy or the bundled emulator (for example http://127.0.0.1:4020)',
		},
	];

	// apiframe-v1.md §1: the raw key, no "Bearer" prefix.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.apiKey}}',
			},
		},
	};

	// Reading the account costs nothing and fails with 401 on a wrong key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/account',
			method: 'GET',
		},
	};
}
