import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { imagine, legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
beforeEach(() => emu.reset());
afterAll(async () => emu?.close());

describe('bad input: a clear error naming the field, and no request sent', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['empty prompt from the incoming item', imagine('={{ $json.missing ?? "" }}'), /^Prompt: must not be empty$/],
		['whitespace prompt', imagine(' \n '), /^Prompt: must not be empty$/],
		['prompt over 8192 characters', imagine('x'.repeat(8193)), /^Prompt: is 8193 characters long; the limit is 8192$/],
		['Get with an empty job id', { resource: 'job', operation: 'get', jobId: '={{ $json.jobId }}' }, /^Job ID: must not be empty$/],
		['timeout of 0', imagine('ok', { options: { timeout: 0 } }), /^Timeout \(Seconds\): must be greater than 0/],
		['negative timeout', imagine('ok', { options: { timeout: -5 } }), /^Timeout \(Seconds\): must be greater than 0/],
		[
			'waiting Get with timeout 0',
			{ resource: 'job', operation: 'get', jobId: 'abc', waitForFinish: true, options: { timeout: 0 } },
			/^Timeout \(Seconds\): must be greater than 0/,
		],
		[
			'callback URL that is not http(s)',
			imagine('ok', { waitMode: 'callback', callbackUrl: 'ftp://example.com/hook' }),
			/^Callback URL: "ftp:\/\/example.com\/hook" is not an http\(s\) URL$/,
		],
		[
			'callback URL that is not a URL',
			imagine('ok', { waitMode: 'callback', callbackUrl: 'my webhook' }),
			/^Callback URL: "my webhook" is not an http\(s\) URL$/,
		],
		[
			'empty callback URL from an expression',
			imagine('ok', { waitMode: 'callback', callbackUrl: '={{ $json.hook }}' }),
			/^Callback URL: must not be empty$/,
		],
		[
			'trigger URL with another scheme',
			imagine('ok', { waitMode: 'trigger', triggerUrl: 'javascript:alert(1)' }),
			/^Trigger URL: .* is not an http\(s\) URL$/,
		],
		['request timeout of 0', imagine('ok', { options: { requestTimeout: 0 } }), /^Request Timeout \(Seconds\): must be greater than 0/],
	];

	for (const [name, parameters, message] of cases) {
		it(name, async () => {
			const { error } = await legnext(emu, parameters as never);
			expect(error?.message).toMatch(message);
			expect(error?.description).toMatch(/Nothing was sent|no item was sent/);
			expect(emu.requests).toHaveLength(0);
		});
	}

	it('a required field left empty in the editor is refused by n8n before the node runs', async () => {
		await expect(legnext(emu, imagine(''))).rejects.toThrow(/issues/);
		expect(emu.requests).toHaveLength(0);
	});
});
