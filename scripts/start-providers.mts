/**
 * What `npm start` needs to know about each provider: its emulator, its credential, its trigger,
 * its examples, and which example to run once. One entry per provider; the demo itself
 * (start-demo.mts) does not name any provider.
 */
import { startApiframeEmulator } from '../test/emulator/apiframe/index.mts';
import { startChubEmulator } from '../test/emulator/chub/index.mts';
import { startLegnextEmulator } from '../test/emulator/legnext/index.mts';
import { startTheNextLegEmulator } from '../test/emulator/thenextleg/index.mts';
// Names, default ports and real-mode settings live with the command line (plain JavaScript, so
// --help answers before anything is installed); the rest is here.
import { PROVIDERS as OPTIONS } from './start-options.mjs';

export type ProviderKey = 'legnext' | 'apiframe' | 'thenextleg' | 'chub';
export const PROVIDER_KEYS: ProviderKey[] = ['legnext', 'apiframe', 'thenextleg', 'chub'];

export interface EmulatorSettings {
	port: number;
	jobDurationMs: number;
	log?: (line: string) => void;
}

export interface RunningEmulator {
	url: string;
	baseUrl: string;
	/** The credential's fields (everything but the webhook secret) for this emulator. */
	credential: Record<string, unknown>;
	close(): Promise<void>;
}

export interface DemoProvider {
	key: ProviderKey;
	credentialType: string;
	credentialName: string;
	/** Node type and webhook path of its trigger, where the provider calls back. */
	trigger?: { type: string; path: string };
	/** Examples are `examples/<key>-*.json`. */
	batchExample: string;
	/** The node of the batch example whose binary output is saved to output/. */
	batchNode: string;
	/** Real mode: the credential field the key fills, and fields a real credential also needs. */
	real: { keyField: string; extra?: Record<string, unknown> };
	startEmulator(settings: EmulatorSettings): Promise<RunningEmulator>;
}

const IMAGE_SIZE = 512;
const KEY = 'demo-api-key';

export const PROVIDERS: Record<ProviderKey, DemoProvider> = {
	legnext: {
		key: 'legnext',
		credentialType: 'legnextApi',
		credentialName: 'Legnext API',
		trigger: { type: 'n8n-nodes-midjourney-api.legnextTrigger', path: 'legnext' },
		batchExample: 'legnext-batch-prompts.json',
		batchNode: 'Imagine',
		real: { keyField: 'apiKey' },
		async startEmulator({ port, jobDurationMs, log }) {
			const emu = await startLegnextEmulator({ port, apiKey: KEY, jobDurationMs, imageSize: IMAGE_SIZE, log });
			return { url: emu.url, baseUrl: emu.baseUrl, credential: { apiKey: KEY, baseUrl: emu.baseUrl }, close: () => emu.close() };
		},
	},
	apiframe: {
		key: 'apiframe',
		credentialType: 'apiframeApi',
		credentialName: 'APIFRAME API',
		trigger: { type: 'n8n-nodes-midjourney-api.apiframeTrigger', path: 'apiframe' },
		batchExample: 'apiframe-batch-prompts.json',
		batchNode: 'Imagine',
		real: { keyField: 'apiKey' },
		async startEmulator({ port, jobDurationMs, log }) {
			const emu = await startApiframeEmulator({ port, apiKey: KEY, jobDurationMs, imageSize: IMAGE_SIZE, log });
			return { url: emu.url, baseUrl: emu.baseUrl, credential: { apiKey: KEY, baseUrl: emu.baseUrl }, close: () => emu.close() };
		},
	},
	thenextleg: {
		key: 'thenextleg',
		credentialType: 'theNextLegApi',
		credentialName: 'TheNextLeg API',
		trigger: { type: 'n8n-nodes-midjourney-api.theNextLegTrigger', path: 'thenextleg' },
		batchExample: 'thenextleg-batch-prompts.json',
		batchNode: 'Imagine',
		// The original service was switched off in January 2024: real mode means a compatible server.
		real: { keyField: 'apiToken', extra: { minIntervalMs: 3000 } },
		async startEmulator({ port, jobDurationMs, log }) {
			// The documented one request per 3 s, on both sides.
			const emu = await startTheNextLegEmulator({ port, token: KEY, jobDurationMs, minIntervalMs: 3000, imageSize: IMAGE_SIZE, log });
			return {
				url: emu.url,
				baseUrl: emu.baseUrl,
				credential: { apiToken: KEY, baseUrl: emu.baseUrl, minIntervalMs: 3000 },
				close: () => emu.close(),
			};
		},
	},
	chub: {
		key: 'chub',
		credentialType: 'chubImagineApi',
		credentialName: 'Chub Imagine API',
		batchExample: 'chub-image-pipeline.json',
		batchNode: 'Upscale',
		real: { keyField: 'apiKey' },
		async startEmulator({ port, jobDurationMs, log }) {
			const emu = await startChubEmulator({ port, apiKey: KEY, jobDurationMs, imageSize: IMAGE_SIZE, log });
			return { url: emu.url, baseUrl: emu.baseUrl, credential: { apiKey: KEY, baseUrl: emu.baseUrl }, close: () => emu.close() };
		},
	},
};

/** Display name and default emulator port, from the command line's table. */
export function describeProvider(key: ProviderKey): { name: string; port: number } {
	return OPTIONS[key];
}
