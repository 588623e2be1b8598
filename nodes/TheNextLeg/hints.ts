import type { StatusHints } from '../shared/http/apiErrors';

/**
 * What to do about each HTTP status. TheNextLeg documents only the prefilter's 400 (docs
 * imagine, "400 Invalid Prompt"); the others are what a TheNextLeg-compatible server answers.
 * A finished message's content codes have their own hints (contentCodes.ts).
 */
export const THENEXTLEG_HINTS: StatusHints = {
	400: 'TheNextLeg refused the request. If the message reads "Invalid phrase", its banned-word prefilter matched that phrase in the prompt: rephrase it, or turn on Ignore Prefilter (Imagine). Otherwise check the fields named in the message.',
	401: 'The token was not accepted. Open the TheNextLeg API credential and check the API Token, and that the Base URL points at your TheNextLeg-compatible server (TheNextLeg itself was switched off in January 2024).',
	403: 'The server refused access to this resource with this token. Check the token and your plan at the server.',
	404: 'The server does not know this message or route. Check the Message ID, and that the Base URL ends in /v2 (for example https://api.thenextleg.io/v2).',
	413: 'The request is larger than the server accepts. Use a smaller mask or fewer image URLs.',
	429: 'TheNextLeg allows one request every 3 seconds per token. The node already paced and retried its requests; if other tools use the same token, raise Minimum Interval Between Requests in the credential.',
	500: 'Temporary server problem. Try again in a moment.',
};
