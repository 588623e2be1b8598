// HTTPS for tests of n8n's Request Options > Ignore SSL Issues: a self-signed certificate made
// at test time with openssl, and a small TLS reverse proxy that serves a plain-http server
// (e.g. a provider emulator) over https with it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
	key: Buffer;
	cert: Buffer;
}

/** A throwaway self-signed certificate for 127.0.0.1 and localhost, valid for a day. */
export function selfSignedCertificate(): SelfSignedCertificate {
	const dir = mkdtempSync(join(tmpdir(), 'harness-tls-'));
	try {
		const keyFile = join(dir, 'key.pem');
		const certFile = join(dir, 'cert.pem');
		execFileSync(
			'openssl',
			[
				'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
				'-keyout', keyFile, '-out', certFile, '-days', '1',
				'-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
			],
			{ stdio: 'pipe' },
		);
		return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export interface TlsRequestLogEntry {
	method: string;
	path: string;
	status: number;
	at: number;
}

export interface TlsFrontend {
	/** https://127.0.0.1:PORT */
	url: string;
	port: number;
	/** Every request that got through TLS to the frontend (a client that refused the certificate sent none). */
	log: TlsRequestLogEntry[];
	/** Where requests go (plain http origin); may be set after start, once the backend is up. */
	setTarget(origin: string): void;
	close(): Promise<void>;
}

/** An https server that forwards every request to a plain-http origin (set with setTarget). */
export async function startTlsFrontend(certificate: SelfSignedCertificate = selfSignedCertificate()): Promise<TlsFrontend> {
	const log: TlsRequestLogEntry[] = [];
	let target = '';
	const server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (req: IncomingMessage, res) => {
		const entry = { method: req.method ?? '', path: req.url ?? '/', status: 0, at: Date.now() };
		log.push(entry);
		if (!target) {
			res.writeHead(503).end('tls frontend: no target yet');
			return;
		}
		const headers = { ...req.headers };
		delete headers.connection;
		const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers }, (answer) => {
			entry.status = answer.statusCode ?? 0;
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end('tls frontend: upstream failed')));
		res.on('close', () => {
			if (!res.writableFinished) upstream.destroy();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `https://127.0.0.1:${port}`,
		port,
		log,
		setTarget(origin) {
			target = origin;
		},
		async close() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/** A plain https GET with Node's default checks: how any client that trusts only public CAs sees `url`. */
export async function probeTls(url: string): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const req = httpsGet(url, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('error', reject);
	});
}
