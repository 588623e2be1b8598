// Text, Task, Account and Project operations through n8n's engine: /prompt's body and answer,
// /check by id without waiting, the price list, the account's generations paged with
// first/page (Return All, Limit, filters), and the project PATCH.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_COSTS, type ChubEmulator } from '../emulator/chub/index.mts';
import { calls, chub, op, startEmulator } from './support.mts';

let emu: ChubEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => emu?.close());

describe.concurrent('Text, Task, Account, Project', () => {
	it('Complete sends model, messages, the added knobs and stream:false; outputs the completion with its text', async () => {
		const run = await chub(
			emu,
			op('text', 'complete', {
				model: 'mixtral',
				messages: {
					message: [
						{ role: 'system', content: 'Be brief.' },
						{ role: 'user', content: '' },
						{ role: 'user', content: 'Name a colour' },
					],
				},
				additionalFields: {
					maxTokens: 20,
					temperature: 0.5,
					stop: '',
					n: 1,
					extraBody: '{"top_k": 40}',
				},
			}),
		);
		expect(run.error?.message).toBeUndefined();
		const sent = calls(emu, 'POST', '/prompt').find(
			(r) => (r.body as IDataObject).model === 'mixtral',
		);
		expect(sent?.body).toEqual({
			model: 'mixtral',
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Name a colour' },
			],
			max_tokens: 20,
			temperature: 0.5,
			n: 1,
			stream: false,
			top_k: 40,
		});
		const [item] = run.items;
		expect(item.json).toMatchObject({
			object: 'chat.completion',
			model: 'mixtral',
			text: 'Emulated mixtral reply to: "Name a colour"',
		});
		expect((item.json.choices as IDataObject[])[0]).toMatchObject({
			message: { role: 'assistant', content: item.json.text },
		});
	});

	it('Task > Get without waiting returns the task as it is now', async () => {
		emu.setJobDurationMs(5000);
		const submitted = await chub(
			emu,
			op('image', 'textToImage', { prompt: 'slow', waitMode: 'submit' }),
		);
		emu.setJobDurationMs(300);
		const { jobId } = submitted.items[0].json;
		const read = await chub(
			emu,
			op('task', 'getTask', { generationUuid: jobId, requestType: 'text2img' }),
		);
		expect(read.error?.message).toBeUndefined();
		expect(read.items[0].json).toMatchObject({
			jobId,
			taskType: 'text2img',
			status: 'queued',
			imageUrls: [],
			queueLength: expect.any(Number),
		});
		// Typed by hand: no incoming item to echo the submit answer from.
		expect(
			calls(emu, 'POST', '/check').find((r) => (r.body as IDataObject).generation_uuid === jobId)
				?.body,
		).toEqual({
			generation_uuid: jobId,
			request_type: 'text2img',
		});
	});

	it("Task > Get reports the API's answer to a wrong request type", async () => {
		const done = await chub(emu, op('image', 'textToImage', { prompt: 'typed' }));
		const read = await chub(
			emu,
			op('task', 'getTask', { generationUuid: done.items[0].json.jobId, requestType: 'tts' }),
		);
		expect(read.error?.message).toMatch(/request_type "tts" does not match this generation/);
		expect(read.error?.description).toMatch(/Request Type/);
	});

	it('Get Costs outputs the price list', async () => {
		const run = await chub(emu, op('account', 'getCosts'));
		expect(run.items.map((i) => i.json)).toEqual([DEFAULT_COSTS]);
	});

	it('Project > Update sends the chosen fields as a PATCH to /imagine/project/{uuid}', async () => {
		const made = await chub(emu, op('image', 'textToImage', { prompt: 'to rename' }));
		const uuid = made.items[0].json.jobId as string;
		const run = await chub(
			emu,
			op('project', 'updateProject', {
				projectUuid: uuid,
				updateFields: {
					name: 'Renamed',
					description: 'kept',
					is_published: true,
					width: 512,
					opacity: 0.5,
				},
			}),
		);
		expect(run.items.map((i) => i.json)).toEqual([{ message: 'success', success: true }]);
		const patch = calls(emu, 'PATCH', `/imagine/project/${uuid}`);
		expect(patch.map((r) => r.body)).toEqual([
			{ name: 'Renamed', description: 'kept', is_published: true, width: 512, opacity: 0.5 },
		]);
		// The gallery shows the change.
		const listed = await chub(
			emu,
			op('account', 'getGenerations', { filters: { generation_uuid: uuid } }),
		);
		expect(listed.items.map((i) => i.json.name)).toEqual(['Renamed']);
	});
});

describe('Account > Get Many Generations', () => {
	let gallery: ChubEmulator;
	let uuids: string[];
	beforeAll(async () => {
		gallery = await startEmulator();
		const prompts = Array.from({ length: 45 }, (_, n) => ({ prompt: `picture ${n}` }));
		const made = await chub(
			gallery,
			op('image', 'textToImage', { prompt: '={{ $json.prompt }}', waitMode: 'submit' }),
			prompts,
		);
		expect(made.error).toBeUndefined();
		uuids = made.items.map((i) => String(i.json.jobId));
		await chub(
			gallery,
			op('audio', 'textToSpeech', { transcript: 'tts result', waitMode: 'submit' }),
		);
	});
	afterAll(async () => gallery?.close());
	const reads = () => calls(gallery, 'GET', '/images/mine').map((r) => r.query);

	it('Return All reads pages of 40 until the last, one item per generation, newest first', async () => {
		gallery.requests.length = 0;
		const run = await chub(gallery, op('account', 'getGenerations', { returnAll: true }));
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.uuid)).toEqual([...uuids].reverse());
		expect(reads()).toEqual([
			{ first: '40', page: '1' },
			{ first: '40', page: '2' },
		]);
	});

	it('Limit asks for no more than needed, and pages on past 40', async () => {
		gallery.requests.length = 0;
		const five = await chub(gallery, op('account', 'getGenerations', { limit: 5 }));
		expect(five.items).toHaveLength(5);
		expect(reads()).toEqual([{ first: '5', page: '1' }]);
		gallery.requests.length = 0;
		const many = await chub(gallery, op('account', 'getGenerations', { limit: 42 }));
		expect(many.items.map((i) => i.json.uuid)).toEqual([...uuids].reverse().slice(0, 42));
		expect(reads()).toEqual([
			{ first: '40', page: '1' },
			{ first: '40', page: '2' },
		]);
	});

	it('sends the filters under their query names', async () => {
		gallery.requests.length = 0;
		const run = await chub(
			gallery,
			op('account', 'getGenerations', {
				returnAll: true,
				filters: { include_tts: true, generated_only: false },
			}),
		);
		expect(run.items).toHaveLength(46);
		expect(run.items[0].json).toMatchObject({ request_type: 'tts' });
		expect(reads()[0]).toEqual({
			first: '40',
			page: '1',
			include_tts: 'true',
			generated_only: 'false',
		});
	});
});
