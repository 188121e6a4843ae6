import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext } from '../helpers/app.js';

describe('uploaded featured images on the article page', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
  });
  afterAll(() => t?.close());

  it('offers WebP renditions by width through <picture>, with size and a fallback', async () => {
    const data = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const image = await t.services.mediaUploader.upload({ data, originalName: 'harbour.jpg', alt: 'The harbour at dawn', caption: 'Boats at rest.', credit: 'Photo: Lee Chan' });
    await buildArticle(t.services, t.clock.now(), { slug: 'with-photo', publishedAt: '2024-03-29T10:00:00Z', featuredImageId: image.id });
    const doc = parse((await t.app.inject({ url: '/2024/03/29/with-photo' })).body);
    const picture = doc.querySelector('figure.article__image picture')!;
    const source = picture.querySelector('source[type="image/webp"]')!;
    const widths = source
      .getAttribute('srcset')!
      .split(', ')
      .map((c) => Number(c.split(' ')[1]!.replace('w', '')));
    expect(widths).toEqual([320, 640, 960, 1280, 1500]);
    const img = picture.querySelector('img')!;
    expect(img.getAttribute('alt')).toBe('The harbour at dawn');
    expect(img.getAttribute('width')).toBe('1500');
    expect(img.getAttribute('height')).toBe('1000');
    const fallback = await t.app.inject({ url: img.getAttribute('src')! });
    expect(fallback.statusCode).toBe(200);
    expect(fallback.headers['content-type']).toBe('image/jpeg');
    const webp = await t.app.inject({ url: source.getAttribute('srcset')!.split(' ')[0]! });
    expect(webp.headers['content-type']).toBe('image/webp');
  });
});
