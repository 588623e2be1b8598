/**
 * The Chub Imagine node inside a real n8n 2.41 (the built package loaded as an installed community
 * package), driven through n8n's REST API against the Chub emulator running in this process:
 *
 * - the credential type and the editor's credential test (both auth header styles, a wrong key);
 * - the two example workflows as a user imports them: text to speech -> speech to text with the
 *   audio passed between the nodes as an n8n binary, and text to image -> remove background ->
 *   upscale with each image passed on as a binary;
 * - every one of the 19 operations once, in generated workflows, each node's output checked, and
 *   no API key anywhere in the execution data.
 *
 * One n8n and one emulator for the whole file; the tests run concurrently.
 * Run: cd /work/main && npm run build && E2E_N8N_DIR=/work/n8n-cache npx vitest run test/e2e/chub.test.mts
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, it, type ExpectStatic } from 'vitest';

import { startChubEmulator } from '../emulator/chub/index.mts';
import { API_KEY, CHUB, CHUB_E2E, CREDENTIAL_TYPE, testCredential } from './chub-support.mts';
import { nodeOutput } from './n8n-instance.mts';
import { useN8nWithEmulator } from './provider-file.mts';
import {
	binaryBytes,
	expectNoSecretsIn,
	failure,
	items,
	operationProblems,
	operationsOf,
	PNG_SIGNATURE,
	runToEnd,
	type Item,
	type OperationGroups,
} from './provider-support.mts';

const JOB_MS = 1500;

const { instance, emulator, credential } = useN8nWithEmulator({
	name: 'chub',
	startEmulator: () => startChubEmulator({ host: '127.0.0.1', jobDurationMs: JOB_MS, apiKey: API_KEY }),
	createCredential: (n8n, emu) => CHUB_E2E.createCredential(n8n, { apiKey: emu.apiKey, baseUrl: emu.baseUrl }),
});

/** The body the emulator received for the generation `jobId` created. */
function sentFor(jobId: unknown): IDataObject {
	const found = emulator().requests.find((r) => r.generationUuid === jobId);
	if (!found) throw new Error(`no request created generation ${String(jobId)}`);
	return found.body as IDataObject;
}

describe.concurrent('Chub Imagine in real n8n', () => {
	it('loads the node and the credential; the credential test reads /images/mine with either header', async ({
		expect,
	}) => {
		const api = instance().api;
		expect((await api.nodeTypes()).map((t) => t.name)).toContain(CHUB);
		expect((await api.credentialTypes()).map((c) => c.name)).toContain(CREDENTIAL_TYPE);

		const baseUrl = `${emulator().baseUrl}/`;
		const before = emulator().requests.length;
		expect(await testCredential(instance(), { apiKey: API_KEY, baseUrl })).toMatchObject({
			status: 'OK',
		});
		expect(
			await testCredential(instance(), { apiKey: API_KEY, baseUrl, authHeader: 'bearer' }),
		).toMatchObject({ status: 'OK' });
		expect(await testCredential(instance(), { apiKey: 'CHK-not-the-key', baseUrl })).toMatchObject({
			status: 'Error',
		});
		const tests = emulator()
			.requests.slice(before)
			.filter(
				(r) => r.apiPath === '/images/mine' && r.query.first === '1' && r.query.count === 'false',
			);
		expect(
			tests.map((r) => [
				r.status,
				Object.keys(r.headers).filter((h) => h === 'ch-api-key' || h === 'authorization'),
			]),
		).toEqual(
			expect.arrayContaining([
				[200, ['ch-api-key']],
				[200, ['authorization']],
				[401, ['ch-api-key']],
			]),
		);
	});

	it('speech example: text to speech -> speech to text, the MP3 passed on as a binary and read back word for word', async ({
		expect,
	}) => {
		const exec = await runToEnd(instance(), CHUB_E2E.loadExample('chub-speech-round-trip', credential()));
		expect(exec.status, failure(exec)).toBe('success');
		const [spoken] = items(exec, 'Speak');
		expect(spoken.json).toMatchObject({
			status: 'completed',
			taskType: 'tts',
			provider: 'Chub Imagine',
		});
		expect(spoken.binary?.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: `${String(spoken.json.jobId)}_0.mp3`,
		});
		const [compared] = nodeOutput(exec, 'Compare');
		expect(compared).toEqual({
			said: 'Welcome aboard the morning ferry to the islands',
			heard: 'Welcome aboard the morning ferry to the islands',
			audioFile: `${String(spoken.json.jobId)}_0.mp3`,
		});
		// The upload is the file n8n stored for Speak, byte for byte, with its name and type.
		const stored = await binaryBytes(instance(), spoken.binary!.data);
		const upload = emulator().requests.find(
			(r) =>
				r.apiPath === '/stt' && r.multipart?.files[0]?.filename === spoken.binary!.data.fileName,
		);
		expect(upload?.multipart?.files[0]).toMatchObject({
			field: 'sample',
			contentType: 'audio/mpeg',
			size: stored.length,
		});
		expect(upload!.multipart!.files[0].bytes.equals(stored)).toBe(true);
		// The Budget option read the price list once before the TTS submit.
		expect(emulator().requests.some((r) => r.apiPath === '/images/costs')).toBe(true);
	}, 90_000);

	it('image example: text to image -> remove background -> upscale, each image passed on as a binary', async ({
		expect,
	}) => {
		const exec = await runToEnd(instance(), CHUB_E2E.loadExample('chub-image-pipeline', credential()));
		expect(exec.status, failure(exec)).toBe('success');
		const [generated] = items(exec, 'Text to Image');
		const [cutOut] = items(exec, 'Remove Background');
		const [upscaled] = items(exec, 'Upscale');
		expect([generated, cutOut, upscaled].map((i) => i.json.taskType)).toEqual([
			'text2img',
			'removebg',
			'upscale',
		]);
		// Each node sent the previous node's PNG as a data URL of its exact bytes.
		for (const [from, to] of [
			[generated, cutOut],
			[cutOut, upscaled],
		] as const) {
			const image = String(sentFor(to.json.jobId).image);
			expect(image.startsWith('data:image/png;base64,')).toBe(true);
			expect(
				Buffer.from(image.split(',')[1], 'base64').equals(
					await binaryBytes(instance(), from.binary!.data),
				),
			).toBe(true);
		}
		expect(upscaled.binary?.upscaled).toMatchObject({
			mimeType: 'image/png',
			fileExtension: 'png',
		});
		expect((await binaryBytes(instance(), upscaled.binary!.upscaled)).subarray(0, 8)).toEqual(
			PNG_SIGNATURE,
		);
	}, 90_000);

	describe('every Chub Imagine operation once (generated workflows, run side by side)', () => {
		type Check = (out: Item[], expect: ExpectStatic) => void;
		const PICTURE = 'https://images.example.com/photos/red-bicycle.png';
		const op = (resource: string, operation: string, params: Record<string, unknown> = {}) => ({
			resource,
			operation,
			...params,
		});
		const download = { options: { download: 'results' } };
		const fileOf =
			(mimeType: string): Check =>
			(out, expect) =>
				expect(out[0].binary?.data?.mimeType).toBe(mimeType);

		const groups: OperationGroups = {
			images: [
				{
					name: 'Text to Image',
					params: op('image', 'textToImage', { prompt: 'A lighthouse at dawn', ...download }),
					expect: 'text2img',
				},
				{
					name: 'Image to Image',
					after: 'Text to Image',
					params: op('image', 'imageToImage', {
						prompt: 'as a watercolor',
						initImageSource: 'binary',
					}),
					expect: 'img2img',
				},
				{
					name: 'Inpaint',
					after: 'Text to Image',
					params: op('image', 'inpaint', {
						prompt: 'a boat',
						imageSource: 'binary',
						maskUrl: PICTURE,
					}),
					expect: 'inpaint',
				},
				{
					name: 'Upscale',
					after: 'Text to Image',
					params: op('image', 'upscale', { imageSource: 'binary', ...download }),
					expect: fileOf('image/png'),
				},
				{
					name: 'Animate Image',
					after: 'Text to Image',
					params: op('video', 'animate', { initImageSource: 'binary', ...download }),
					expect: fileOf('video/mp4'),
				},
			],
			'video and background': [
				{
					name: 'Generate Video',
					params: op('video', 'generateVideo', { prompt: 'waves at sunset' }),
					expect: 'video',
				},
				{
					name: 'Remove Background',
					params: op('image', 'removeBackground', { imageUrl: PICTURE }),
					expect: 'removebg',
				},
			],
			audio: [
				{
					name: 'Text to Speech',
					params: op('audio', 'textToSpeech', { transcript: 'Seven silver swans', ...download }),
					expect: fileOf('audio/mpeg'),
				},
				{
					name: 'Speech to Text',
					after: 'Text to Speech',
					params: op('audio', 'speechToText', { audioBinary: 'data' }),
					expect: (out, expect) =>
						expect(out[0].json).toEqual({ reference_text: 'Seven silver swans' }),
				},
				{
					name: 'Music',
					params: op('audio', 'generateMusic', { prompt: 'calm piano', ...download }),
					expect: fileOf('audio/mpeg'),
				},
				{
					name: 'Sound Effect',
					params: op('audio', 'generateSoundEffect', { prompt: 'rain', ...download }),
					expect: fileOf('audio/wav'),
				},
			],
			voices: [
				{
					name: 'Sample',
					params: op('audio', 'textToSpeech', { transcript: 'This is my voice', ...download }),
					expect: 'tts',
				},
				{
					name: 'Clone Voice',
					after: 'Sample',
					params: op('voice', 'cloneVoice', { audioBinary: 'data', voiceName: 'E2E voice' }),
					expect: 'voice_clone',
				},
				{
					name: 'Get Voices',
					after: 'Clone Voice',
					params: op('voice', 'getVoices', { returnAll: true }),
					expect: (out, expect) => expect(out.map((i) => i.json.name)).toContain('E2E voice'),
				},
				{
					name: 'Delete Voice',
					after: 'Clone Voice',
					params: op('voice', 'deleteVoice', { voiceId: '={{ $json.jobId }}' }),
					expect: (out, expect) =>
						expect(out[0].json).toEqual({ message: 'success', success: true }),
				},
			],
			'text, task, account, project': [
				{
					name: 'Complete',
					params: op('text', 'complete', {
						messages: { message: [{ role: 'user', content: 'Say hi' }] },
					}),
					expect: (out, expect) =>
						expect(out[0].json.text).toBe('Emulated mobile reply to: "Say hi"'),
				},
				{
					name: 'Submit',
					params: op('image', 'textToImage', { prompt: 'later', waitMode: 'submit' }),
					expect: (out, expect) => expect(out[0].json.status).toBe('queued'),
				},
				{
					name: 'Task Get',
					after: 'Submit',
					params: op('task', 'getTask', { waitForFinish: true }),
					expect: 'text2img',
				},
				{
					name: 'Update Project',
					after: 'Task Get',
					params: op('project', 'updateProject', {
						projectUuid: '={{ $json.jobId }}',
						updateFields: { name: 'From e2e' },
					}),
					expect: (out, expect) =>
						expect(out[0].json).toEqual({ message: 'success', success: true }),
				},
				{
					name: 'Get Costs',
					params: op('account', 'getCosts'),
					expect: (out, expect) =>
						expect(out[0].json).toMatchObject({ text2img: 25, tts: 25, video: 100 }),
				},
				{
					name: 'Get Generations',
					after: 'Update Project',
					// The other groups create generations at the same time: the limit leaves room for all of them.
					params: op('account', 'getGenerations', { limit: 60 }),
					expect: (out, expect) => {
						expect(out.length).toBeGreaterThan(0);
						expect(out.length).toBeLessThanOrEqual(60);
						expect(out.map((i) => i.json.name)).toContain('From e2e');
					},
				},
			],
		};

		it('runs all 19 operations; each node outputs what its endpoint makes', async ({ expect }) => {
			expect(new Set(operationsOf(groups)).size).toBe(19);

			const results = await CHUB_E2E.runOperationGroups(instance(), groups, credential(), 90_000);
			const problems = operationProblems(
				results,
				{
					taskType: ({ step, out, taskType }) =>
						expect(out[0].json, step.name).toMatchObject({
							status: 'completed',
							error: null,
							provider: 'Chub Imagine',
							taskType,
						}),
				},
				expect,
			);
			expect(problems, problems.join("\n")).toEqual([]);
			// The binary inputs were the previous node's files: Image to Image got the PNG as a data URL.
			const images = results.find((r) => r.name === 'images')!.exec;
			const [source] = items(images, 'Text to Image');
			const sent = String(sentFor(items(images, 'Image to Image')[0].json.jobId).init_image);
			expect(
				Buffer.from(sent.split(',')[1], 'base64').equals(
					await binaryBytes(instance(), source.binary!.data),
				),
			).toBe(true);
			// No execution data carries the API key.
			expectNoSecretsIn(results, [API_KEY], expect);
		}, 150_000);
	});
});
