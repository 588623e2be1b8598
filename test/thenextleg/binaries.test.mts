// Results as n8n binary data: plain downloads of the image URLs, and where the server answers
// 403 to programs (docs imagine: "If you receive a 403 error ... see get image safely"), the
// same files through POST /getImage, paced like every other request of the credential.
import { describe, expect, it } from 'vitest';

import { CREDENTIAL_INTERVAL_MS, imagine, posted, tnl, useEmulators } from './support.mts';

const emulator = useEmulators({ imageSize: 32 });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.concurrent('results as binary data', () => {
	it('one item per image: <messageId>_<n>.png, image/png, real PNG bytes', async () => {
		const emu = await emulator();
		const run = await tnl(emu, imagine('fox', { options: { download: 'results' } }));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(4);
		const id = run.items[0].json.jobId as string;
		for (const [index, item] of run.items.entries()) {
			expect(item.json.file).toEqual({ index, url: (item.json.imageUrls as string[])[index] });
			expect(item.binary?.data).toMatchObject({ fileName: `${id}_${index}.png`, mimeType: 'image/png' });
			expect((await run.binary(item, 'data')).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		}
		expect(emu.downloads).toHaveLength(4);
		expect(posted(emu, '/getImage')).toHaveLength(0);
	});

	it('grid and results in one item', async () => {
		const emu = await emulator();
		const run = await tnl(emu, imagine('fox', { options: { download: 'all', binaryLayout: 'oneItem', binaryProperty: 'image' } }));
		expect(Object.keys(run.items[0].binary ?? {}).sort()).toEqual(['image_0', 'image_1', 'image_2', 'image_3', 'image_grid']);
		const grid = await run.binary(run.items[0], 'image_grid');
		const one = await run.binary(run.items[0], 'image_0');
		expect(grid.readUInt32BE(16)).toBe(2 * one.readUInt32BE(16));
	});

	it('image URLs that answer 403: every file comes through /getImage instead, paced, same bytes', async () => {
		const open = await emulator();
		const guarded = await emulator({ protectImages: true });
		const plain = await tnl(open, imagine('fox', { options: { download: 'results' } }));
		const run = await tnl(guarded, imagine('fox', { options: { download: 'all' } }));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(5);
		expect(guarded.downloads.map((d) => d.status)).toEqual([403, 403, 403, 403, 403]);
		const fetched = guarded.requests.filter((r) => r.apiPath === '/getImage' && r.status !== 429);
		expect(fetched.map((r) => (r.body as { imgUrl: string }).imgUrl).sort()).toEqual(
			[run.items[0].json.imageUrl, ...(run.items[0].json.imageUrls as string[])].sort(),
		);
		expect(fetched.every((r) => r.status === 200 && r.headers.authorization === '[redacted]')).toBe(true);
		// Paced with the credential's other requests (submit, reads, these five): on average at
		// least the credential's interval apart (arrival jitter does not add up).
		const starts = guarded.requests.map((r) => r.at);
		expect((starts[starts.length - 1] - starts[0]) / (starts.length - 1)).toBeGreaterThanOrEqual(CREDENTIAL_INTERVAL_MS * 0.95);
		// The real PNG, as big as the open server's (32 px images, a 64 px grid).
		const item = run.items.find((i) => (i.json.file as { index: unknown }).index === 1)!;
		expect(item.binary?.data).toMatchObject({ fileName: `${String(item.json.jobId)}_1.png`, mimeType: 'image/png' });
		const bytes = await run.binary(item, 'data');
		expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		expect(bytes.readUInt32BE(16)).toBe((await plain.binary(plain.items[1], 'data')).readUInt32BE(16));
	});

	it('a file that is gone (404) is not fetched through the API: the error says so', async () => {
		const emu = await emulator();
		emu.addFault({ method: 'GET', path: '/cdn/', kind: 'status', status: 404, times: Infinity });
		const run = await tnl(emu, imagine('fox', { options: { download: 'grid' } }));
		expect(run.error?.message).toMatch(/downloading \w+_grid failed \(HTTP 404\)/);
		expect(posted(emu, '/getImage')).toHaveLength(0);
	});

	it('a /getImage that fails for good reports the API error', async () => {
		const emu = await emulator({ protectImages: true });
		emu.addFault({ method: 'POST', path: '/getImage', kind: 'status', status: 404, times: Infinity, body: { success: false, msg: 'Image not found' } });
		const run = await tnl(emu, imagine('fox', { options: { download: 'grid' } }));
		expect(run.error?.message).toBe('TheNextLeg: Image not found');
		expect(run.error?.httpCode).toBe('404');
	});

	it('works with the filesystem binary mode, through /getImage too', async () => {
		const emu = await emulator({ protectImages: true });
		const run = await tnl(emu, imagine('fox', { options: { download: 'results' } }), [{}], { binaryMode: 'filesystem' });
		expect(run.items).toHaveLength(4);
		expect(run.items[0].binary?.data.id).toMatch(/^filesystem/);
		expect((await run.binary(run.items[3], 'data')).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	});

	it('downloads nothing in Submit Only mode', async () => {
		const emu = await emulator();
		const run = await tnl(emu, imagine('fox', { waitMode: 'submit', options: { download: 'results' } }));
		expect(run.items).toHaveLength(1);
		expect(run.items[0].binary).toBeUndefined();
		expect(emu.downloads).toHaveLength(0);
	});
});
