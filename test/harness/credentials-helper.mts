// ICredentialsHelper for tests: credentials come from the test (by type name) instead of the
// database, but are then treated as n8n's CLI treats them: defaults from the credential type
// are filled in, expressions resolved, and `authenticate` applied (generic or function).
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { core, nw } from './n8n-runtime.mts';

const MOCK_NODE: INode = {
	id: 'harness-credentials-mock',
	name: '',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export class HarnessCredentialsHelper extends nw.ICredentialsHelper {
	private readonly credentialTypes: Record<string, ICredentialType>;

	private readonly credentials: Record<string, ICredentialDataDecryptedObject>;

	constructor(
		credentialTypes: Record<string, ICredentialType>,
		credentials: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
		this.credentialTypes = credentialTypes;
		this.credentials = credentials;
	}

	private getType(typeName: string): ICredentialType {
		const type = this.credentialTypes[typeName];
		if (!type) throw new core.UnrecognizedCredentialTypeError(typeName);
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.credentialTypes[typeName]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const { authenticate } = this.getType(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node) {
			throw new nw.UnexpectedError('Workflow and node are required for declarative credential authentication');
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			// Same merge as n8n: each section (headers, qs, body, auth) gets its resolved key/values.
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
					target[section] ??= {};
					const resolvedKey = resolveValue(key, credentials, workflow, node);
					target[section][resolvedKey] = resolveValue(value as string, credentials, workflow, node);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.getType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return ((await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.credentials[type] ?? {};
		return {
			id: nodeCredentials.id ?? undefined,
			name: nodeCredentials.name,
			type,
			data: undefined,
			getData: () => ({ ...data }),
			getDataToSave: () => ({ id: nodeCredentials.id ?? undefined, name: nodeCredentials.name, type, data: '' }),
			setData: () => {},
			updateData: () => {},
		} as unknown as ICredentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.credentials[type];
		if (!stored) {
			throw new nw.UserError(
				`harness: no credentials of type "${type}" given (node credential "${nodeCredentials.name}"); pass them in opts.credentials.${type}`,
			);
		}
		const original = structuredClone(stored);
		if (raw === true) return original;

		// Defaults for fields the test left out, as n8n's applyDefaultsAndOverwrites does.
		let data = nw.NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (data[key] === undefined && original[key] !== undefined) data[key] = original[key];
		}

		const additionalKeys = core.getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} else {
			const workflow = new nw.Workflow({
				nodes: [structuredClone(MOCK_NODE)],
				connections: {},
				active: false,
				nodeTypes: emptyNodeTypes,
			});
			data = workflow.expression.getComplexParameterValue(
				MOCK_NODE,
				data as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			nw.NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		nw.NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}

function resolveValue(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!nw.isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}

// The mock workflow used to resolve credential expressions has no real nodes.
const emptyNodeTypes = {
	getByName: () => undefined,
	getByNameAndVersion: () => undefined,
	getKnownTypes: () => ({}),
} as unknown as import('n8n-workflow').INodeTypes;
