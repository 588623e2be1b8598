import type { StatusHints } from '../shared/http/apiErrors';

/** What to do about each documented error code (legnext.md, "Error Codes & Handling"). */
export const LEGNEXT_HINTS: StatusHints = {
	400: 'Legnext rejected the request parameters. Check the fields named in the message (prompt flags your model does not support are rejected with 400).',
	401: 'The API key was not accepted. Open the Legnext API credential and paste a valid key from https://legnext.ai/dashboard.',
	402: 'Your Legnext account has too few credits for this job. Top up your balance or upgrade your plan, then run again.',
	403: 'Legnext refused the content (sensitive content detected) or your plan lacks permission for this feature (e.g. v8.1 needs a Pro plan). Rephrase the prompt or check your plan.',
	404: 'Legnext does not know this job. Check the Job ID; follow-up actions work for 3 days after a job was created.',
	413: 'The file or request is larger than Legnext accepts. Use a smaller image or a shorter input.',
	422: 'A value was outside what Legnext accepts. Check the formats and ranges of the fields named in the message.',
	429: 'Legnext is rate limiting this account. The node already retried with backoff; send fewer items at once or upgrade your plan.',
	500: 'Temporary Legnext server problem. Try again in a moment.',
};
