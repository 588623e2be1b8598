import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { providerApiError, transportApiError } from '../../shared/apiErrors';
import type { ReadOutcome } from '../../shared/poll';
import { classifyTransportError, retryAfterMs } from '../../shared/transportErrors';
import type { LegnextJob } from '../job/legnextJob';
import { isLegnextJob, snapshotOf } from '../job/legnextJob';
import { CREDENTIAL_TYPE, LEGNEXT_HINTS, PROVIDER } from './constants';
import type { LegnextContext } from './parseAnswer';
import { credentialSecrets, jsonBody } from './parseAnswer';

/** One status read (GET /v1/job/{job_id}), classified for the poller: never throws. */
export async function readJob(
	this: LegnextContext,
	baseUrl: string,
	jobId: string,
): Promise<ReadOutcome<LegnextJob>> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: 'GET',
			baseURL: baseUrl,
			url: `/v1/job/${encodeURIComponent(jobId)}`,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const kind = classifyTransportError(error);
		return {
			ok: false,
			transient: kind !== 'other' && kind !== 'dns',
			error: transportApiError(this.getNode(), PROVIDER, error, `Reading job ${jobId}`, this.getItemIndex?.()),
		};
	}

	const status = response.statusCode;
	if (status >= 400) {
		const error = providerApiError(this.getNode(), {
			provider: PROVIDER,
			status,
			body: response.body,
			hints: LEGNEXT_HINTS,
			itemIndex: this.getItemIndex?.(),
			secrets: await credentialSecrets.call(this),
		});
		if (status === 429 || status >= 500) {
			return { ok: false, transient: true, retryAfterMs: retryAfterMs(response.headers), error };
		}
		return { ok: false, transient: false, error };
	}

	const parsed = jsonBody(response.body);
	const body = parsed.ok ? parsed.value : undefined;
	if (!isLegnextJob(body)) {
		// A garbled status answer is worth another read, not a failed workflow.
		return {
			ok: false,
			transient: true,
			error: new NodeApiError(
				this.getNode(),
				{ message: 'unreadable job status' },
				{
					message: `${PROVIDER} answered the status read for job ${jobId} with something that is not a job`,
					itemIndex: this.getItemIndex?.(),
				},
			),
		};
	}
	return { ok: true, job: body, snapshot: snapshotOf(body) };
}
