import type { StatusHints } from '../shared/http/apiErrors';

/**
 * What to do about each status. apiframe-v1.md §6 documents 400 (`errors[].msg`), 401 (`{}`) and
 * 500 (`{}`); the SDK maps 429 and 408. 402-404 are not documented for v1 and get careful,
 * general advice.
 */
export const APIFRAME_HINTS: StatusHints = {
	400: 'APIFRAME rejected the request. Check the fields named in the message. Upscale Alt, Inpaint, Outpaint, Pan and Vary (Strong/Subtle) need an Upscale 1x task as parent; Upscale 1x, Variations 1-4 and Reroll need a finished grid task (Imagine, Reroll, Variations, Blend...).',
	401: 'The API key was not accepted. Open the APIFRAME API credential and paste the key from your APIFRAME dashboard (sent as is, without "Bearer").',
	402: 'Your APIFRAME account has too few credits for this task. Top up or upgrade your plan, then run again.',
	403: 'APIFRAME refused the request: the prompt or image may break the content rules, or your plan lacks this feature. Rephrase or check your plan.',
	404: 'APIFRAME does not know this endpoint or task. Check the Base URL in the credential (https://api.apiframe.pro) and the task ID.',
	408: 'APIFRAME took too long to answer. Try again in a moment.',
	413: 'The request is larger than APIFRAME accepts. Use a smaller mask or image.',
	429: 'APIFRAME is rate limiting this account. The node already retried with backoff; send fewer items at once.',
	500: 'Temporary APIFRAME server problem. Try again in a moment.',
};
