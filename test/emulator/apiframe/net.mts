// Listening and shutting down (the bits of index.mts that are plain node:http plumbing).
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and returns the URL clients should use (a wildcard host is shown as 127.0.0.1). */
export async function listenOn(server: Server, port: number, host: string): Promise<string> {
	server.listen({ port, host });
	await once(server, 'listening'); // rejects on 'error' (port taken, bad host)
	const bound = (server.address() as AddressInfo).port;
	const wildcard = host === '0.0.0.0' || host === '::';
	const name = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return `http://${name}:${bound}`;
}

/** Stops accepting, drops open (keep-alive or hanging) connections, resolves once closed. */
export async function shutDown(server: Server): Promise<void> {
	if (!server.listening) return;
	const closed = once(server, 'close');
	server.close();
	server.closeAllConnections();
	await closed;
}
