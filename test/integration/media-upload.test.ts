import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDiskStorage, type MediaStorage } from '../../src/modules/media/media.storage.js';
import { createMediaUploader, type ImageVariant } from '../../src/modules/media/media.upload.js';
import { cameraJpeg, NOT_IMAGES, pngWithComment } from '../fixtures/images/images.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

/** Every file under a directory, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Uploads through the app's own database, services and media directory. */
describe('image uploads', () => {
  let t: TestContext;
  let mediaDir: string;
  let uploadsDir: string;
  const uploader = (storage: MediaStorage = createLocalDiskStorage(mediaDir)) =>
    createMediaUploader({ db: t.database.db, clock: t.clock, events: t.services.events, storage, media: t.services.media });
  const mediaCount = async () => (await t.database.db.selectFrom('media').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTestApp();
    mediaDir = path.join(t.dataDir, 'media');
    uploadsDir = path.join(mediaDir, 'uploads');
  });
  afterAll(() => t?.close());

  it('stores a camera photo and its variants under media/uploads, records them, and the app serves them', async () => {
    const changes: unknown[] = [];
    const off = t.services.events.onChange((c) => changes.push(c));
    const image = await uploader().upload({
      data: await cameraJpeg(3000, 2000),
      originalName: 'DSC_0042.jpg',
      alt: 'Protesters outside the town hall',
      caption: 'The crowd at noon.',
      credit: 'Jane Doe',
    });
    off();

    expect(image).toMatchObject({ width: 2000, height: 3000, alt: 'Protesters outside the town hall', caption: 'The crowd at noon.', credit: 'Jane Doe' });
    expect(image.url).toMatch(/^\/media\/uploads\/2024\/03\/[0-9a-f]{16}-dsc-0042\.jpg$/);
    expect(changes).toEqual([{ kind: 'media', id: image.id }]);

    const row = await t.database.db.selectFrom('media').selectAll().where('id', '=', image.id).executeTakeFirstOrThrow();
    const variants = JSON.parse(row.variants) as ImageVariant[];
    expect(variants.map((v) => `${v.mime} ${v.width}x${v.height}`)).toEqual([
      'image/webp 320x480',
      'image/webp 640x960',
      'image/webp 960x1440',
      'image/webp 1280x1920',
      'image/webp 1920x2880',
      'image/jpeg 1280x1920',
    ]);
    expect(variants).toEqual(image.variants);
    expect(row).toMatchObject({ mime: 'image/jpeg', width: 2000, height: 3000, original_name: 'DSC_0042.jpg', storage_key: image.url.replace('/media/', '') });

    // Files on disk: the original and six variants, nothing else (no temporary files).
    const onDisk = filesUnder(uploadsDir);
    expect(onDisk).toHaveLength(7);
    expect(onDisk.map((f) => `/media/uploads/${f.split(path.sep).join('/')}`).sort()).toEqual([image.url, ...variants.map((v) => v.url)].sort());
    expect(row.bytes).toBe(fs.statSync(path.join(mediaDir, row.storage_key!)).size);

    // The app serves each stored file at its URL, with an image type, and with no EXIF or GPS in it.
    for (const { url, mime } of [{ url: image.url, mime: 'image/jpeg' }, ...variants]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe(mime);
      const meta = await sharp(res.rawPayload).metadata();
      expect(meta.exif, url).toBeUndefined();
      expect(meta.xmp, url).toBeUndefined();
    }

    // The media service sees it like any other image.
    expect((await t.services.media.byIds([image.id])).get(image.id)).toMatchObject({ url: image.url, width: 2000, height: 3000 });
    expect((await t.services.media.sizesByUrl([image.url])).get(image.url)).toEqual({ width: 2000, height: 3000, alt: 'Protesters outside the town hall' });
  });

  it('stores a small PNG once, with the original as its own fallback', async () => {
    const image = await uploader().upload({ data: await pngWithComment(300, 200), originalName: 'chart.png', alt: 'A chart' });
    expect(image.variants.map((v) => [v.mime, v.width, v.url === image.url])).toEqual([
      ['image/webp', 300, false],
      ['image/png', 300, true],
    ]);
    const res = await t.app.inject({ url: image.url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect((await sharp(res.rawPayload).metadata()).comments).toBeUndefined();
  });

  it('refuses an upload without alt text before storing anything', async () => {
    const before = { rows: await mediaCount(), files: filesUnder(uploadsDir) };
    await expect(uploader().upload({ data: await cameraJpeg(600, 400), originalName: 'x.jpg', alt: '' })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/alt text/) });
    expect(await mediaCount()).toBe(before.rows);
    expect(filesUnder(uploadsDir)).toEqual(before.files);
  });

  it('refuses a renamed executable with 415 and stores nothing', async () => {
    const before = { rows: await mediaCount(), files: filesUnder(uploadsDir) };
    await expect(uploader().upload({ data: NOT_IMAGES['Windows executable renamed photo.jpg']!, originalName: 'holiday.jpg', alt: 'Holiday' })).rejects.toMatchObject({
      status: 415,
      message: 'This file is not an image we accept (JPEG, PNG, WebP, AVIF or GIF).',
    });
    expect(await mediaCount()).toBe(before.rows);
    expect(filesUnder(uploadsDir)).toEqual(before.files);
  });

  it('leaves nothing behind when storage fails part-way', async () => {
    const before = { rows: await mediaCount(), files: filesUnder(uploadsDir) };
    const disk = createLocalDiskStorage(mediaDir);
    let puts = 0;
    const flaky: MediaStorage = {
      put: async (key, data, mime) => {
        if (++puts === 4) throw new Error('No space left on device');
        return disk.put(key, data, mime);
      },
      delete: (key) => disk.delete(key),
    };
    await expect(uploader(flaky).upload({ data: await cameraJpeg(2400, 1600), originalName: 'big.jpg', alt: 'Big' })).rejects.toThrow('No space left on device');
    expect(puts).toBe(4);
    expect(await mediaCount()).toBe(before.rows);
    expect(filesUnder(uploadsDir)).toEqual(before.files);
  });

  it('leaves no files behind when the database refuses the row', async () => {
    const before = { rows: await mediaCount(), files: filesUnder(uploadsDir) };
    const disk = createLocalDiskStorage(mediaDir);
    const keys: string[] = [];
    // A storage that reports the URL of an image already recorded: the row breaks the unique URL rule.
    const [taken] = await t.database.db.selectFrom('media').select('url').limit(1).execute();
    expect(taken).toBeDefined();
    const clashing: MediaStorage = {
      put: async (key, data, mime) => {
        keys.push(key);
        await disk.put(key, data, mime);
        return { url: taken!.url };
      },
      delete: (key) => disk.delete(key),
    };
    await expect(uploader(clashing).upload({ data: await cameraJpeg(800, 600), originalName: 'dup.jpg', alt: 'Duplicate' })).rejects.toThrow();
    expect(keys.length).toBeGreaterThan(1);
    expect(await mediaCount()).toBe(before.rows);
    expect(filesUnder(uploadsDir)).toEqual(before.files);
  });
});
