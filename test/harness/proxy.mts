// A tiny recording HTTP forward proxy, for tests that set n8n's Request Options > Proxy.
//
// Plain node:http. A proxied request for an http:// target arrives in absolute form
// (`GET http://host:port/path HTTP/1.1`); it is forwarded as is and logged. HTTPS targets come as
// `CONNECT host:port` and are tunnelled (logged, not readable). A request in origin form
// (`GET /path`) is not a proxy request: it is logged and answered 400, so a test sees it.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyLogEntry {
	method: string;
	/** Absolute target URL (http), or `host:port` for CONNECT. */
	url: string;
	/** 'forward': absolute-form http request; 'connect': tunnel; 'origin-form': not a proxy request. */
	kind: 'forward' | 'connect' | 'origin-form';
	/** Status the target answered (0: no answer, or a tunnel). */
	status: number;
	at: number;
}

export interface RecordingProxy {
	/** e.g. http://127.0.0.1:PORT: what goes into Request Options > Proxy. */
	url: string;
	port: number;
	log: ProxyLogEntry[];
	close(): Promise<void>;
}

// Hop-by-hop headers a proxy must not pass on (RFC 9110 7.6.1), plus the proxy's own.
const HOP_BY_HOP = new Set([
	'connection',
	'keep-alive',
	'proxy-connection',
	'proxy-authorization',
	'proxy-authenticate',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
]);

function forwardHeaders(req: IncomingMessage): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
	}
	return out;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
	const log: ProxyLogEntry[] = [];
	const tunnels = new Set<Socket>();

	const server: Server = createServer((req, res) => {
		const target = req.url ?? '';
		if (!/^http:\/\//i.test(target)) {
			log.push({ method: req.method ?? '', url: target, kind: 'origin-form', status: 400, at: Date.now() });
			res.writeHead(400, { 'content-type': 'text/plain' }).end('not a proxy request (origin-form URL)');
			return;
		}
		const entry: ProxyLogEntry = { method: req.method ?? '', url: target, kind: 'forward', status: 0, at: Date.now() };
		log.push(entry);
		const upstream = httpRequest(target, { method: req.method, headers: forwardHeaders(req) }, (answer) => {
			entry.status = answer.statusCode ?? 0;
			const headers = Object.fromEntries(
				Object.entries(answer.headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name)),
			) as Record<string, string | string[]>;
			res.writeHead(answer.statusCode ?? 502, headers);
			answer.pipe(res);
			answer.on('error', () => res.destroy());
		});
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('proxy: upstream failed');
			else res.destroy();
		});
		// The client gave up (timeout, cancel): drop the upstream request too, as a real proxy does.
		res.on('close', () => {
			if (!res.writableFinished) upstream.destroy();
		});
		req.pipe(upstream);
	});

	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		const target = req.url ?? '';
		log.push({ method: 'CONNECT', url: target, kind: 'connect', status: 0, at: Date.now() });
		const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
		const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		tunnels.add(client).add(upstream);
		const drop = () => {
			client.destroy();
			upstream.destroy();
			tunnels.delete(client);
			tunnels.delete(upstream);
		};
		upstream.on('error', drop).on('close', drop);
		client.on('error', drop).on('close', drop);
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		log,
		async close() {
			for (const socket of tunnels) socket.destroy();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
