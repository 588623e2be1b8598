import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The Chub Imagine node's credential. chub-imagine.md §3: the API declares `CH-API-KEY` and
 * `Authorization` key headers; `CH-API-KEY: <key>` is sent by default, `Authorization: Bearer
 * <key>` on request. Chub has no callbacks, so there is no webhook secret.
 */
export class ChubImagineApi implements ICredentialType {
	name = 'chubImagineApi';

	displayName = 'Chub Imagine API';

	icon: Icon = { light: 'file:../icons/chub.svg', dark: 'file:../icons/chub.dark.svg' };

	documentationUrl =
		'https://github.com/midjourney-api-n8n/n8n-nodes-midjourney-api#chub-imagine-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A key from your Chub account (it starts with CHK-)',
		},
		{
			displayName: 'Auth Header',
			name: 'authHeader',
			type: 'options',
			options: [
				{
					name: 'Authorization: Bearer',
					value: 'bearer',
					description: 'Send the key as Authorization: Bearer &lt;key&gt;',
				},
				{
					name: 'CH-API-KEY',
					value: 'chApiKey',
					description: 'Send the key in the CH-API-KEY header (recommended)',
				},
			],
			default: 'chApiKey',
			description: 'How the key is sent; switch if Chub answers 401 with a valid key',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.chub.ai',
			description:
				'https://api.chub.ai, or https://gateway.chub.ai (the same gateway). Change only for a proxy or the bundled emulator (for example http://127.0.0.1:4040).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'={{$credentials.authHeader === "bearer" ? "Authorization" : "CH-API-KEY"}}':
					'={{$credentials.authHeader === "bearer" ? "Bearer " + $credentials.apiKey : $credentials.apiKey}}',
			},
		},
	};

	// chub-imagine.md §3: a user-scoped read (GET /images/costs answers without any key).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/images/mine',
			method: 'GET',
			qs: { first: 1, count: false },
		},
	};
}
