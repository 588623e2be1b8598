import type { StatusHints } from '../shared/http/apiErrors';

/**
 * What to do about each status. imagine-api.txt documents 400, 401, 403, 404, 422 and 500 on every
 * endpoint; chub-imagine.md §3 adds 429 for concurrent use of one account and says media calls
 * cost credits (402 is how the emulator answers an empty balance; the docs name no code for it).
 */
export const CHUB_HINTS: StatusHints = {
	400: 'Chub rejected the request. Check the fields named in the message; for Task > Get, check that Request Type matches the operation that made the task.',
	401: 'The API key was not accepted. Open the Chub Imagine API credential: paste a key from your Chub account (it starts with CHK-) and, if it is still refused, switch Auth Header to the other style.',
	402: 'Your Chub account has too few credits for this request. Top up your credits or check your plan (Mercury, Mars), then run again.',
	403: "Chub refused the request: your plan may lack this feature, or commercial use needs Chub's prior authorization (lore@chub.ai).",
	404: 'Chub does not know this endpoint, task, voice or project. Check the ID and the Base URL in the credential (https://api.chub.ai or https://gateway.chub.ai).',
	413: 'The upload is larger than Chub accepts. Use a shorter audio sample or a smaller image.',
	422: 'Chub could not validate the request: the message names each field and what is wrong with it.',
	429: 'Chub allows few concurrent requests per account. The node already waited and retried; send fewer items at once or wait for running generations to finish.',
	500: 'Temporary Chub server problem. Try again in a moment.',
};
