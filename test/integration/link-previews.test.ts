import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { renderPreview } from '../../src/modules/media/media.preview-render.js';
import { createMediaPreviews } from '../../src/modules/media/media.previews.js';
import { createLocalDiskStorage } from '../../src/modules/media/media.storage.js';
import { fixedClock } from '../../src/platform/clock.js';
import { articlePath } from '../../src/platform/urls.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';

/*
 * GET /media/preview/:id.jpg: a JPEG of a fixed size made on first request
 * from any stored image, kept on disk, and refused plainly when it cannot be.
 */

const picture = (width: number, height: number, alpha = false) =>
  sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 40, g: 90, b: 160, alpha: 0.4 } : '#2f6f8f' } }).composite([
    { input: Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#d98e3a"/></svg>`) },
  ]);

describe('link previews of stored images', () => {
  let t: TestContext;
  const previewsDir = () => path.join(t.dataDir, 'media', 'previews');
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('renders a JPEG of the shape asked for from an upload of any format, on first request, and keeps it', async () => {
    const uploads = {
      'portrait.png (transparent)': await picture(500, 700, true).png().toBuffer(),
      'wide.webp': await picture(1600, 900).webp().toBuffer(),
      'small.avif': await picture(300, 200).avif().toBuffer(),
      'still.gif': await picture(400, 300).gif().toBuffer(),
      'photo.jpg': await picture(3000, 2000).jpeg().toBuffer(),
    };
    for (const [name, data] of Object.entries(uploads)) {
      const image = await t.services.mediaUploader.upload({ data, originalName: name.split(' ')[0]!, alt: name });
      // Nothing is made at upload time: images stored before previews existed are served the same way.
      expect(fs.existsSync(previewsDir()) ? fs.readdirSync(previewsDir()).filter((f) => f.startsWith(`${image.id}-`)) : []).toEqual([]);
      for (const shape of ['wide', '16x9', '4x3', '1x1'] as const) {
        const preview = image.previews![shape];
        const res = await t.app.inject({ url: preview.url });
        expect(res.statusCode, `${name} ${shape}`).toBe(200);
        expect(res.headers['content-type']).toBe('image/jpeg');
        expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
        expect(res.headers['cache-control']).toBe('public, max-age=2592000');
        expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
        const info = await sharp(res.rawPayload).metadata();
        expect([info.format, info.width, info.height], `${name} ${shape}`).toEqual(['jpeg', preview.width, preview.height]);
        expect(preview.width).toBe(1200);
      }
      expect(fs.readdirSync(previewsDir()).filter((f) => f.startsWith(`${image.id}-`))).toHaveLength(4);
    }
  });

  it('serves a kept preview again with the same validator, and 304 to a cache that has it', async () => {
    const image = await t.services.mediaUploader.upload({ data: await picture(1300, 700).jpeg().toBuffer(), originalName: 'kept.jpg', alt: 'Kept' });
    const url = image.previews!.wide.url;
    const first = await t.app.inject({ url });
    const [file] = fs.readdirSync(previewsDir()).filter((f) => f.startsWith(`${image.id}-wide-`));
    expect(fs.readFileSync(path.join(previewsDir(), file!)).equals(first.rawPayload)).toBe(true);
    const again = await t.app.inject({ url });
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(again.headers.etag).toBe(first.headers.etag);
    const cached = await t.app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    const head = await t.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('image/jpeg');
  });

  it('renders one preview once however many ask for it at the same time', async () => {
    const image = await t.services.mediaUploader.upload({ data: await picture(1400, 800).png().toBuffer(), originalName: 'busy.png', alt: 'Busy' });
    let renders = 0;
    const counting: typeof renderPreview = (...args) => {
      renders++;
      return renderPreview(...args);
    };
    const storage = createLocalDiskStorage(path.join(t.dataDir, 'media'));
    const previews = createMediaPreviews({ db: t.database.db, storage, render: counting });
    const files = await Promise.all(Array.from({ length: 6 }, () => previews.file(image.id, '4x3')));
    expect(renders).toBe(1);
    expect(files.every((f) => f.data.equals(files[0]!.data) && f.etag === files[0]!.etag)).toBe(true);
    // Another process (or a restart) finds it on disk.
    const later = createMediaPreviews({ db: t.database.db, storage, render: counting });
    expect((await later.file(image.id, '4x3')).data.equals(files[0]!.data)).toBe(true);
    expect(renders).toBe(1);
  });

  it('answers 404 for an unknown image, one stored elsewhere, one whose file is gone, and addresses that name no preview', async () => {
    const external = await t.services.media.register({ url: 'https://images.example.org/harbour.jpg', mime: 'image/jpeg', width: 1600, height: 900, alt: 'Elsewhere' });
    expect(external.previews).toBeNull();
    const gone = await t.services.media.register({ url: '/media/demo/gone.svg', mime: 'image/svg+xml', width: 1200, height: 675, alt: 'Gone' });
    for (const url of [
      '/media/preview/999999.jpg',
      `/media/preview/${external.id}.jpg`,
      `/media/preview/${gone.id}.jpg`,
      `/media/preview/${gone.id}-2x1.jpg`,
      `/media/preview/${gone.id}.png`,
      '/media/preview/0.jpg',
      '/media/preview/abc.jpg',
      '/media/preview/99999999999.jpg',
      `/media/preview/${'9'.repeat(60)}.jpg`,
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('falls back to the site card for a story whose image is stored elsewhere, and gives search engines the image as it is', async () => {
    const external = await t.services.media.register({ url: 'https://images.example.org/pier.jpg', mime: 'image/jpeg', width: 1600, height: 900, alt: 'The pier' });
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'elsewhere', headline: 'Pictured elsewhere', featuredImageId: external.id });
    const doc = parse((await t.app.inject({ url: articlePath(a.slug, a.published_at, 'UTC') })).body);
    expect(doc.querySelector('meta[property="og:image"]')!.getAttribute('content')).toMatch(new RegExp(`^${TEST_SITE_URL}/site/card\\.png\\?v=`));
    expect(doc.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary');
    const data = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(data.image).toEqual([{ '@type': 'ImageObject', url: 'https://images.example.org/pier.jpg', width: 1600, height: 900 }]);
  });
});

describe('link previews of files that are not images', () => {
  let database: TestDatabase;
  let app: App;
  let dataDir: string;
  const logs = captureLogs();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    app = await buildApp({ config: { ...config, database: database.config }, database, clock: fixedClock('2024-03-29T15:00:00.000Z'), logger: { level: 'info', stream: logs.stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 422 with a plain message for a file that is not an image, 404 for a file gone, and logs which and why, never a 500', async () => {
    const dir = path.join(dataDir, 'media', 'demo');
    fs.mkdirSync(dir, { recursive: true });
    const good = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const files = {
      'not-an-image.jpg': Buffer.from('this is text, not a picture'),
      'truncated.jpg': good.subarray(0, 400),
      'broken.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect'),
    };
    for (const [name, data] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), data);
      const image = await app.services.media.register({ url: `/media/demo/${name}`, mime: 'image/jpeg', alt: name });
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await app.inject({ url: image.previews!.wide.url, headers: { accept: 'application/json' } });
        expect(res.statusCode, name).toBe(422);
        expect(res.json().error).toMatchObject({ code: 'invalid_input', message: 'This image could not be made into a preview: its file could not be read as an image.' });
        expect(res.body).not.toMatch(/ at .*\.(ts|js):\d+/);
      }
      const logged = logs.lines.filter((l) => l.msg === 'link preview not available' && l.mediaId === image.id);
      expect(logged, name).toHaveLength(2);
      expect(logged[0]).toMatchObject({ level: 40, status: 422, shape: 'wide' });
      expect(String(logged[0]!.reason)).toBeTruthy();
    }
    // A record whose file has gone is the site's problem too: 404, and a line saying so.
    const gone = await app.services.media.register({ url: '/media/demo/gone.jpg', mime: 'image/jpeg', alt: 'Gone' });
    expect((await app.inject({ url: gone.previews!['1x1'].url })).statusCode).toBe(404);
    expect(logs.lines.find((l) => l.msg === 'link preview not available' && l.mediaId === gone.id)).toMatchObject({ level: 40, status: 404, shape: '1x1', reason: 'the file is missing' });
    expect(logs.lines.some((l) => Number(l.level) >= 50)).toBe(false);
  });
});
