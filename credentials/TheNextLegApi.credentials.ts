import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One credential for every TheNextLeg node: the action node sends the API token, the trigger
 * derives its callback-URL token from the webhook secret (TheNextLeg sends no secret of its own).
 * The original service was switched off in January 2024; the Base URL points the nodes at any
 * TheNextLeg-compatible server.
 */
export class TheNextLegApi implements ICredentialType {
	name = 'theNextLegApi';

	displayName = 'TheNextLeg API';

	icon: Icon = { light: 'file:../icons/thenextleg.svg', dark: 'file:../icons/thenextleg.dark.svg' };

	documentationUrl =
		'https://github.com/midjourney-api-n8n/n8n-nodes-midjourney-api#thenextleg-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'TheNextLeg itself was switched off in January 2024. Use the Base URL of a TheNextLeg-compatible server (same v2 routes and answers).',
			name: 'shutdownNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The token the server gives you; sent as "Authorization: Bearer <token>"',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any long random string. TheNextLeg signs nothing, so the TheNextLeg Trigger derives the token in its callback URL from this secret and rejects callbacks without it. Changing it invalidates callback URLs already sent.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.thenextleg.io/v2',
			description:
				'The v2 API of a TheNextLeg-compatible server, ending in /v2 (for example http://127.0.0.1:4030/v2 for the bundled emulator). Routes outside v2 (/getImage) are found by dropping the /v2.',
		},
		{
			displayName: 'Minimum Interval Between Requests (Ms)',
			name: 'minIntervalMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 3000,
			description:
				'TheNextLeg allowed one request every 3 seconds per token. Submits, status reads and image downloads of this credential are spaced by at least this much; lower it only if your server allows more.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// GET /info is documented, costs nothing and answers 401 for a wrong token. (It posts an
	// /info command on the account, which is harmless; the docs only warn against calling it on a timer.)
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/info',
			method: 'GET',
		},
	};
}
