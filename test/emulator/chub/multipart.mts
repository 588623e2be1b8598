// multipart/form-data parsing (RFC 7578), for /stt and /voice_clone. No dependencies: the body is
// read whole (it is bounded by MAX_BODY_BYTES) and split on the boundary.

export interface Part {
	name: string;
	/** Present for file parts (even when empty). */
	filename?: string;
	contentType?: string;
	data: Buffer;
}

export class MultipartError extends Error {}

/** The boundary of a multipart/form-data Content-Type, or undefined for any other type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
	const m = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : '';
}

/** Parameters of a header value such as `form-data; name="a"; filename*=UTF-8''b%20c.wav`. */
function headerParams(value: string): Record<string, string> {
	const params: Record<string, string> = {};
	const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(value))) {
		const key = m[1].toLowerCase();
		const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
		if (key.endsWith('*')) {
			const ext = /^([^']*)'[^']*'(.*)$/.exec(raw);
			params[key.slice(0, -1)] = ext ? decodeURIComponent(ext[2]) : raw;
		} else if (!(key in params)) params[key] = raw;
	}
	return params;
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
	if (!boundary) throw new MultipartError('multipart/form-data without a boundary');
	const dash = Buffer.from(`--${boundary}`);
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	let at = body.indexOf(dash);
	if (at < 0) throw new MultipartError('boundary not found in the body');
	at += dash.length;
	const parts: Part[] = [];
	for (;;) {
		if (body.subarray(at, at + 2).toString('latin1') === '--') return parts; // closing delimiter
		if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw new MultipartError('malformed delimiter line');
		at += 2;
		const headEnd = body.indexOf('\r\n\r\n', at);
		if (headEnd < 0) throw new MultipartError('part headers not terminated');
		const headers: Record<string, string> = {};
		for (const line of body.subarray(at, headEnd).toString('utf8').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		const dataStart = headEnd + 4;
		const dataEnd = body.indexOf(delimiter, dataStart);
		if (dataEnd < 0) throw new MultipartError('closing boundary missing');
		const disposition = headers['content-disposition'] ?? '';
		if (!/^\s*form-data\b/i.test(disposition)) throw new MultipartError('part without Content-Disposition: form-data');
		const params = headerParams(disposition);
		if (params.name === undefined) throw new MultipartError('part without a name');
		const part: Part = { name: params.name, data: body.subarray(dataStart, dataEnd) };
		if (params.filename !== undefined) part.filename = params.filename;
		if (headers['content-type']) part.contentType = headers['content-type'];
		parts.push(part);
		at = dataEnd + delimiter.length;
	}
}
