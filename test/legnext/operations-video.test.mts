// The video operations through n8n's engine against the emulator: Generate in its three input
// ways, then Extend and Upscale chained from the generated video's item.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LegnextEmulator } from '../emulator/legnext/index.mts';
import { bodyFor, gridJob, op, posted } from './operations-support.mts';
import { legnext, startEmulator } from './support.mts';

let emu: LegnextEmulator;
let grid: IDataObject;
let video: IDataObject;

beforeAll(async () => {
	emu = await startEmulator({ jobDurationMs: 300 });
	grid = await gridJob(emu, 'a quiet harbour at night');
});
afterAll(async () => emu?.close());

const videoOp = (operation: string, params: IDataObject = {}) => op('video', operation, params as never);

async function run(operation: string, params: IDataObject, apiPath: string, source: IDataObject = {}) {
	const { items, error } = await legnext(emu, videoOp(operation, params), [source]);
	expect(error?.message).toBeUndefined();
	const job = items[0].json;
	expect(job).toMatchObject({ status: 'completed', error: null, imageUrls: [], imageUrl: null });
	return { job, body: bodyFor(emu, apiPath, job.jobId) };
}

describe('Generate', () => {
	it('animates an image of the incoming job: jobId, imageNo, videoType; four videos', async () => {
		const { job, body } = await run('videoDiffusion', { imageNo: 3, videoType: 1 }, '/v1/video-diffusion', grid);
		expect(body).toEqual({ jobId: grid.jobId, imageNo: 3, videoType: 1 });
		expect(job.taskType).toBe('video_diffusion');
		expect(job.videoUrls).toHaveLength(4);
		for (const url of job.videoUrls as string[]) expect(url).toMatch(/\.mp4$/);
		expect(job.usage).toMatchObject({ frozen: 480 });
		video = job;
	});

	it('puts the image URL in front of the prompt', async () => {
		const { job, body } = await run(
			'videoDiffusion',
			{ videoInput: 'imageUrl', imageUrl: 'https://a.example.com/start.jpg', prompt: 'waves roll in --bs 2' },
			'/v1/video-diffusion',
		);
		expect(body).toEqual({ prompt: 'https://a.example.com/start.jpg waves roll in --bs 2', videoType: 0 });
		expect(job.videoUrls).toHaveLength(2);
	});

	it('generates from a text prompt alone (the SDK docs\' "Generate from text only")', async () => {
		const { items, error } = await legnext(
			emu,
			videoOp('videoDiffusion', { videoInput: 'text', prompt: 'a river through mountains' }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ taskType: 'video_diffusion', status: 'completed' });
		expect(items[0].json.videoUrls).toHaveLength(4);
		expect(posted(emu, '/v1/video-diffusion')).toContainEqual({ prompt: 'a river through mountains', videoType: 0 });
	});
});

describe.concurrent('follow-ups of the generated video, Job ID from the incoming item', () => {
	it('Extend sends jobId, videoNo and the prompt; gives videos', async () => {
		const { job, body } = await run(
			'extendVideo',
			{ videoNo: 2, prompt: 'the camera rises' },
			'/v1/extend-video',
			video,
		);
		expect(body).toEqual({ jobId: video.jobId, videoNo: 2, prompt: 'the camera rises' });
		expect(job.taskType).toBe('extend_video');
		expect((job.videoUrls as string[]).length).toBeGreaterThan(0);
		expect(job.usage).toMatchObject({ frozen: 480 });
	});

	it('Upscale sends jobId and videoNo; gives one video', async () => {
		const { job, body } = await run('videoUpscale', { videoNo: 1 }, '/v1/video-upscale', video);
		expect(body).toEqual({ jobId: video.jobId, videoNo: 1 });
		expect(job.taskType).toBe('video_upscale');
		expect(job.videoUrls).toHaveLength(1);
		expect(job.usage).toMatchObject({ frozen: 480 });
	});
});
