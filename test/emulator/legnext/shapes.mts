// Legnext documents neither its callback body nor (on its REST pages) a `progress` field, so the
// emulator can answer each plausible shape and the node is tested against all of them:
// - callbackShape 'job' (default): the Job object as Get Task returns it;
//   'data': wrapped as { data: job }; 'camel': camelCase keys (jobId, taskType, ...);
//   'data-camel': both.
// - reportProgress false: no `progress` field anywhere (only the SDK pages read one).
export type CallbackShape = 'job' | 'data' | 'camel' | 'data-camel';

export const CALLBACK_SHAPES: CallbackShape[] = ['job', 'data', 'camel', 'data-camel'];

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function camelKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(camelKeys);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).map(([key, entry]) => [camel(key), camelKeys(entry)]));
}

export function shapeCallback(job: object, shape: CallbackShape): unknown {
	const body = shape === 'camel' || shape === 'data-camel' ? camelKeys(job) : job;
	return shape === 'data' || shape === 'data-camel' ? { data: body } : body;
}

export function withoutProgress<T extends { progress?: unknown }>(job: T): Omit<T, 'progress'> {
	const { progress: _progress, ...rest } = job;
	return rest;
}
