import type { IDataObject } from 'n8n-workflow';

/**
 * Remembers which (job, status) callbacks were already emitted, and which jobs already
 * finished, in the workflow's static data: it is saved with the workflow, so it survives
 * restarts. Bounded, oldest first out, so a busy trigger never grows without limit.
 */
export const MAX_REMEMBERED = 2000;

interface Memory {
	seen: string[];
	finished: string[];
}

function memory(staticData: IDataObject): Memory {
	staticData.legnextSeen ??= [];
	staticData.legnextFinished ??= [];
	return {
		seen: staticData.legnextSeen as string[],
		finished: staticData.legnextFinished as string[],
	};
}

// Assigning the list back (not just pushing) marks n8n's static data as changed, so it is saved.
function remember(staticData: IDataObject, key: 'legnextSeen' | 'legnextFinished', value: string): void {
	const list = [...((staticData[key] as string[] | undefined) ?? []), value];
	staticData[key] = list.slice(-MAX_REMEMBERED);
}

/**
 * Records the callback and says whether it is new. Synchronous on purpose: two identical
 * callbacks arriving together cannot both pass between check and record.
 */
export function firstSighting(staticData: IDataObject, jobId: string, status: string): boolean {
	const key = `${jobId}:${status}`;
	if (memory(staticData).seen.includes(key)) return false;
	remember(staticData, 'legnextSeen', key);
	return true;
}

/** Undoes a sighting whose callback could not be processed, so the provider's retry counts. */
export function forgetSighting(staticData: IDataObject, jobId: string, status: string): void {
	const key = `${jobId}:${status}`;
	staticData.legnextSeen = memory(staticData).seen.filter((entry) => entry !== key);
}

export function markFinished(staticData: IDataObject, jobId: string): void {
	if (!memory(staticData).finished.includes(jobId)) remember(staticData, 'legnextFinished', jobId);
}

/** A progress callback that arrives after the job finished is stale (out of order). */
export function alreadyFinished(staticData: IDataObject, jobId: string): boolean {
	return memory(staticData).finished.includes(jobId);
}
