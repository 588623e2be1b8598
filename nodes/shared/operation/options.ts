import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { BinaryLayout, BinaryOptions, DownloadChoice } from '../job/jobResult';

/** Reads the shared "Options" collection with its defaults, in one place. */
export interface JobOptions extends BinaryOptions {
	timeoutSeconds: number;
	requestTimeoutSeconds: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

export function jobOptions(ctx: IExecuteSingleFunctions): JobOptions {
	return jobOptionsFrom(ctx.getNodeParameter('options', {}) as IDataObject);
}

export function jobOptionsFrom(options: IDataObject): JobOptions {
	return {
		timeoutSeconds: Number(options.timeout ?? DEFAULT_TIMEOUT_SECONDS),
		requestTimeoutSeconds: Number(options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_SECONDS),
		download: (options.download as DownloadChoice | undefined) ?? 'none',
		layout: (options.binaryLayout as BinaryLayout | undefined) ?? 'perFile',
		property: String(options.binaryProperty ?? 'data') || 'data',
	};
}

export type WaitMode = 'wait' | 'submit' | 'callback' | 'trigger' | 'resume';

export function waitMode(ctx: IExecuteSingleFunctions): WaitMode {
	return ctx.getNodeParameter('waitMode', 'wait') as WaitMode;
}

/** Whether this item waits for its job: a submit in Wait for Result mode, or a read asked to wait. */
export function waitsForResult(ctx: IExecuteSingleFunctions, submits: boolean): boolean {
	return submits ? waitMode(ctx) === 'wait' : (ctx.getNodeParameter('waitForFinish', false) as boolean);
}
