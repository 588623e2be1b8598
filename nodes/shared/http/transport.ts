import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

/**
 * n8n adds "Request Options" (Batching, Timeout, Proxy, Ignore SSL Issues) to every declarative
 * node and applies them to the request RoutingNode sends. The node also makes requests of its
 * own (status reads, downloads): they get the same proxy, certificate and timeout settings,
 * taken from the submit as RoutingNode prepared it, so the user's choice reaches every request.
 */
export interface TransportSettings {
	proxy?: IHttpRequestOptions['proxy'];
	skipSslCertificateValidation?: boolean;
	/** The user's Request Options > Timeout (ms), when set: it wins over our own defaults. */
	timeoutMs?: number;
	/** The timeout the submit was sent with (the user's, or our Request Timeout option). */
	apiTimeoutMs?: number;
}

const remembered = new WeakMap<object, TransportSettings>();

/** n8n's Request Options > Timeout, when the user set one. */
export function userTimeoutMs(ctx: IExecuteSingleFunctions): number | undefined {
	let timeout: unknown;
	try {
		timeout = ctx.getNodeParameter('requestOptions.timeout', 0);
	} catch {
		timeout = 0;
	}
	const ms = Number(timeout);
	return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Called from the last preSend step with the options RoutingNode built for this item. */
export function rememberTransport(ctx: IExecuteSingleFunctions, options: IHttpRequestOptions): void {
	remembered.set(ctx, {
		proxy: options.proxy,
		skipSslCertificateValidation: options.skipSslCertificateValidation,
		timeoutMs: userTimeoutMs(ctx),
		apiTimeoutMs: options.timeout,
	});
}

/**
 * The settings to put on a request the node makes itself. API reads take the submit's timeout;
 * downloads (large files) take `defaultTimeoutMs` unless the user set Request Options > Timeout.
 */
export function transportOptions(
	ctx: object,
	defaultTimeoutMs: number,
	kind: 'api' | 'download' = 'api',
): Partial<IHttpRequestOptions> {
	const settings = remembered.get(ctx) ?? {};
	const timeout = kind === 'api' ? (settings.apiTimeoutMs ?? defaultTimeoutMs) : (settings.timeoutMs ?? defaultTimeoutMs);
	const options: Partial<IHttpRequestOptions> = { timeout };
	if (settings.proxy) options.proxy = settings.proxy;
	if (settings.skipSslCertificateValidation) options.skipSslCertificateValidation = true;
	return options;
}

