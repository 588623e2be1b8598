// The seed's three error bodies (imagine-api.txt; chub-imagine.md §6):
//   4xx  {error, errorCode, code}
//   422  {detail: [{loc, msg, type}]}            (FastAPI; built in validation.mts)
//   500  {error, message, type, code, errorCode: 500, param}
// The seed's examples show `errorCode: 400` on every 4xx and `code: 0`: template defaults (§6). We
// set errorCode to the HTTP status and keep code 0, so a client must read the HTTP status.

/** A 4xx/5xx answer: HTTP status, message (the body's `error`), extra headers (e.g. Retry-After). */
export class ChubError extends Error {
	readonly status: number;
	readonly headers: Record<string, string>;

	constructor(status: number, message: string, headers?: Record<string, string>) {
		super(message);
		this.status = status;
		this.headers = headers ?? {};
	}

	body(): Record<string, unknown> {
		return errorBody(this.status, this.message);
	}
}

/** 4xx → `{error, errorCode, code}`; 5xx → the seed's 500 shape (also used for 502/503 faults). */
export function errorBody(status: number, message: string): Record<string, unknown> {
	if (status < 500) return { error: message, errorCode: status, code: 0 };
	return { error: 'UNKNOWN', message, type: 'server_error', code: '', errorCode: status, param: '' };
}

/** The seed lists 401 for every route; no body text is documented, so this one is ours. */
export const unauthorized = (hint: string) => new ChubError(401, `Unauthorized: ${hint}`);

export const notFound = (what: string) => new ChubError(404, `${what} not found`);
