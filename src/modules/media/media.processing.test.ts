import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  animatedGif,
  cameraJpeg,
  EXIF_TAG,
  exifIfd0Tags,
  gifBomb,
  gifWithComment,
  manyFrameGif,
  NOT_IMAGES,
  opaqueWithAlpha,
  pngClaiming,
  pngWithComment,
  truncatedJpeg,
  twoTone,
  type FixtureFormat,
} from '../../../test/fixtures/images/images.js';
import { AppError } from '../../platform/errors.js';
import { createImagePool } from './media.pool.js';
import {
  createLimiter,
  DEFAULT_IMAGE_LIMITS,
  type EncodedImage,
  fallbackFormat,
  inspectImage,
  isTimeout,
  NOT_AN_ACCEPTED_IMAGE,
  processImage,
  type ProcessedImage,
  sniffImageFormat,
  webpWidths,
} from './media.processing.js';

const FORMATS: FixtureFormat[] = ['jpeg', 'png', 'webp', 'avif', 'gif'];
const SHARP_FORMAT: Record<FixtureFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'heif', gif: 'gif' };

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected the image to be refused').toBeInstanceOf(AppError);
  return err as AppError;
}

/** The metadata of a stored file, checked to carry nothing but pixels. */
async function expectClean(img: EncodedImage) {
  const meta = await sharp(img.data).metadata();
  expect(meta.format).toBe(SHARP_FORMAT[img.format]);
  expect(meta.mediaType).toBe(img.mime);
  expect(meta.exif, `${img.mime} ${img.width} has EXIF`).toBeUndefined();
  expect(meta.xmp, `${img.mime} ${img.width} has XMP`).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.comments).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  return meta;
}

describe('recognising formats by content', () => {
  it.each(FORMATS)('recognises %s from its bytes alone', async (format) => {
    const data = await twoTone(format, 60, 40);
    expect(sniffImageFormat(data)).toBe(format);
    const info = await inspectImage(data);
    expect(info).toMatchObject({ format, width: 60, height: 40, frames: 1, animated: false });
    expect(info.mime).toBe(`image/${format}`);
  });

  it('recognises an AVIF whose major brand is mif1 by its compatible brands', async () => {
    const avif = Buffer.from(await twoTone('avif', 20, 20));
    expect(avif.toString('latin1', 4, 12)).toBe('ftypavif');
    avif.write('mif1', 8, 'latin1');
    expect(sniffImageFormat(avif)).toBe('avif');
  });

  it.each(Object.entries(NOT_IMAGES))('refuses a %s with 415', async (_name, data) => {
    expect(sniffImageFormat(data)).toBeNull();
    const err = await refusal(processImage(data));
    expect(err).toMatchObject({ status: 415, code: 'unsupported_media', message: NOT_AN_ACCEPTED_IMAGE });
  });

  it('refuses empty input with 415', async () => {
    const err = await refusal(processImage(Buffer.alloc(0)));
    expect(err).toMatchObject({ status: 415, code: 'unsupported_media' });
    expect(err.message).toMatch(/empty/);
  });

  it('refuses a JPEG whose data is cut off, and one whose header hides garbage', async () => {
    const truncated = await truncatedJpeg();
    expect(sniffImageFormat(truncated)).toBe('jpeg');
    const err = await refusal(processImage(truncated));
    expect(err).toMatchObject({ status: 415, code: 'unsupported_media' });
    expect(err.message).toMatch(/damaged or incomplete/);

    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg at all '.repeat(20))]);
    expect(await refusal(processImage(garbage))).toMatchObject({ status: 415 });
  });

  it('refuses a file whose magic bytes do not match what it decodes as', async () => {
    // A GIF signature in front of PNG data.
    const png = await twoTone('png', 10, 10);
    const fake = Buffer.concat([Buffer.from('GIF89a', 'latin1'), png.subarray(6)]);
    expect(await refusal(processImage(fake))).toMatchObject({ status: 415 });
  });
});

describe('size limits', () => {
  it('refuses more bytes than the limit with 413', async () => {
    const data = await twoTone('png', 200, 200);
    const err = await refusal(processImage(data, { limits: { maxBytes: data.length - 1 } }));
    expect(err).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(err.message).toMatch(/can be at most/);
    await expect(processImage(data, { limits: { maxBytes: data.length } })).resolves.toBeTruthy();
  });

  it('refuses a 1 × 50,000 pixel image with 422', async () => {
    const tall = await sharp({ create: { width: 1, height: 50_000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const err = await refusal(processImage(tall));
    expect(err).toMatchObject({ status: 422, code: 'invalid_input' });
    expect(err.message).toBe('This image is 1 × 50,000 pixels; images can be at most 12,000 pixels on each side.');
  });

  it('refuses a 13,000 × 10 pixel image with 422', async () => {
    const wide = await sharp({ create: { width: 13_000, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const err = await refusal(processImage(wide));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toMatch(/13,000 × 10 pixels; images can be at most 12,000 pixels on each side/);
  });

  it('refuses images narrower than 1:20 even when within the side limit', async () => {
    const strip = await sharp({ create: { width: 2100, height: 100, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const err = await refusal(processImage(strip));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toMatch(/2,100 × 100 pixels, too wide and narrow/);
    const ok = await sharp({ create: { width: 2000, height: 100, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(inspectImage(ok)).resolves.toMatchObject({ width: 2000, height: 100 });
  });

  it('refuses more than 40 megapixels from the header, before decoding anything', async () => {
    const bomb = await pngClaiming(7100, 7100);
    expect(bomb.length).toBeLessThan(1000);
    const err = await refusal(processImage(bomb));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toMatch(/7,100 × 7,100 pixels \(50\.4 megapixels\); images can have at most 40 megapixels/);
    // A huge claim is refused the same way, not by sharp's own limit error.
    expect(await refusal(processImage(await pngClaiming(100_000, 100_000)))).toMatchObject({ status: 422 });
  });

  it('refuses a 7000 × 7000 GIF of a few hundred bytes from its header, without asking for a slot to decode it', async () => {
    const bomb = await gifBomb(7000, 7000);
    expect(bomb.length).toBeLessThan(1000);
    expect(await sharp(bomb).metadata()).toMatchObject({ format: 'gif', width: 7000, height: 7000 });
    let decodes = 0;
    const pool = createImagePool({ concurrency: 1, maxQueue: 0 });
    const counting = { ...pool, run: <T>(job: () => Promise<T>) => (decodes++, pool.run(job)) };
    const err = await refusal(processImage(bomb, { pool: counting }));
    expect(err).toMatchObject({ status: 422, code: 'invalid_input' });
    expect(err.message).toBe('This image is 7,000 × 7,000 pixels (49.0 megapixels); images can have at most 40 megapixels.');
    expect(decodes).toBe(0);
    // An image within the limits does take a slot.
    await processImage(await twoTone('gif', 40, 30), { pool: counting });
    expect(decodes).toBe(1);
  });

  it('limits animations to 300 frames and 40 megapixels over all of them by default', async () => {
    expect(DEFAULT_IMAGE_LIMITS).toMatchObject({ maxPixels: 40_000_000, maxFrames: 300, maxAnimationPixels: 40_000_000 });
    const err = await refusal(inspectImage(await manyFrameGif(301, 16, 16)));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toBe('This animation has 301 frames of 16 × 16 pixels, more than we can process; animations can have at most 300 frames and 40 megapixels over all frames.');
    await expect(inspectImage(await manyFrameGif(300, 16, 16))).resolves.toMatchObject({ frames: 300, animated: true });
  });

  it("recognises sharp's timeout error, which processing answers with 422", () => {
    expect(isTimeout(new Error('timeout: 42% complete'))).toBe(true);
    expect(isTimeout(new Error('Input buffer contains unsupported image format'))).toBe(false);
  });

  it('refuses a header that lies about the size when the data is decoded (415)', async () => {
    // A header saying 3000×3000 over data for 8×8: the header check passes, decoding fails.
    const liar = await pngClaiming(3000, 3000);
    const err = await refusal(processImage(liar));
    expect(err).toMatchObject({ status: 415 });
    expect(err.message).toMatch(/damaged or incomplete/);
  });
});

describe('what is stored', () => {
  let camera: ProcessedImage;
  let input: Buffer;
  beforeAll(async () => {
    input = await cameraJpeg(3000, 2000);
    camera = await processImage(input);
  }, 60_000);

  it('the camera fixture really carries EXIF with GPS, XMP and orientation 6', async () => {
    const meta = await sharp(input).metadata();
    expect(meta.orientation).toBe(6);
    expect(meta.xmp).toBeDefined();
    const tags = exifIfd0Tags(meta.exif!);
    expect(tags).toEqual(expect.arrayContaining([EXIF_TAG.make, EXIF_TAG.orientation, EXIF_TAG.gpsIfd]));
  });

  it('applies the orientation: 3000 × 2000 as stored becomes 2000 × 3000, red half on top', async () => {
    expect(camera.source).toMatchObject({ format: 'jpeg', width: 2000, height: 3000 });
    expect(camera.original).toMatchObject({ format: 'jpeg', mime: 'image/jpeg', width: 2000, height: 3000 });
    const { data, info } = await sharp(camera.original.data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [tr, , tb] = pixel(1000, 100) as [number, number, number];
    const [br, , bb] = pixel(1000, 2900) as [number, number, number];
    expect(tr).toBeGreaterThan(180);
    expect(tb).toBeLessThan(80);
    expect(br).toBeLessThan(80);
    expect(bb).toBeGreaterThan(180);
  });

  it('strips EXIF, GPS, XMP and orientation from the original and every variant', async () => {
    for (const img of [camera.original, ...camera.variants]) await expectClean(img);
  });

  it('makes WebP variants at 320, 640, 960, 1280 and 1920 and one 1280 JPEG fallback', async () => {
    const webp = camera.variants.filter((v) => v.mime === 'image/webp');
    expect(webp.map((v) => [v.width, v.height])).toEqual([
      [320, 480],
      [640, 960],
      [960, 1440],
      [1280, 1920],
      [1920, 2880],
    ]);
    for (const v of webp) {
      const meta = await expectClean(v);
      expect([meta.width, meta.height]).toEqual([v.width, v.height]);
      expect(v.isOriginal).toBe(false);
    }
    const fallbacks = camera.variants.filter((v) => v.mime !== 'image/webp');
    expect(fallbacks.map((v) => [v.mime, v.width, v.height, v.isOriginal])).toEqual([['image/jpeg', 1280, 1920, false]]);
  });
});

describe('variants by source', () => {
  it('a small PNG: one WebP at its own width, the original as fallback, comments gone', async () => {
    const input = await pngWithComment(300, 200);
    expect((await sharp(input).metadata()).comments).toEqual([expect.objectContaining({ keyword: 'Comment' })]);
    const out = await processImage(input);
    await expectClean(out.original);
    expect(out.variants.map((v) => [v.mime, v.width, v.height, v.isOriginal])).toEqual([
      ['image/webp', 300, 200, false],
      ['image/png', 300, 200, true],
    ]);
  });

  it('a GIF loses its comment extension', async () => {
    const input = await gifWithComment(40, 30, 'secret location');
    expect(input.includes(Buffer.from('secret location'))).toBe(true);
    const out = await processImage(input);
    for (const img of [out.original, ...out.variants]) {
      await expectClean(img);
      expect(img.data.includes(Buffer.from('secret location'))).toBe(false);
    }
  });

  it('a 1500-wide WebP with transparency: WebP up to its own width (the original), PNG fallback at 1280', async () => {
    const out = await processImage(await twoTone('webp', 1500, 1000, { alpha: true }));
    expect(out.original).toMatchObject({ mime: 'image/webp', width: 1500, height: 1000 });
    expect(out.variants.map((v) => [v.mime, v.width, v.isOriginal])).toEqual([
      ['image/webp', 320, false],
      ['image/webp', 640, false],
      ['image/webp', 960, false],
      ['image/webp', 1280, false],
      ['image/webp', 1500, true],
      ['image/png', 1280, false],
    ]);
    expect((await sharp(out.variants[5]!.data).metadata()).hasAlpha).toBe(true);
  });

  it('an AVIF with an alpha channel that is opaque everywhere gets a JPEG fallback, not a PNG', async () => {
    // (libwebp drops an opaque alpha channel itself; AVIF keeps it.)
    const input = await opaqueWithAlpha('avif', 500, 300);
    expect((await sharp(input).metadata()).hasAlpha).toBe(true);
    const out = await processImage(input);
    expect(out.variants.map((v) => [v.mime, v.width])).toEqual([
      ['image/webp', 320],
      ['image/webp', 500],
      ['image/jpeg', 500],
    ]);
  });

  it('an AVIF: re-encoded as AVIF, WebP variants, JPEG fallback', async () => {
    const out = await processImage(await twoTone('avif', 700, 400));
    expect(out.original).toMatchObject({ mime: 'image/avif', width: 700, height: 400 });
    await expectClean(out.original);
    expect(out.variants.map((v) => [v.mime, v.width])).toEqual([
      ['image/webp', 320],
      ['image/webp', 640],
      ['image/webp', 700],
      ['image/jpeg', 700],
    ]);
  });

  it('an animated GIF stays animated, with animated WebP variants and the GIF as fallback', async () => {
    const gif = await animatedGif(['#f00', '#0f0', '#00f'], 400, 300, 120);
    const out = await processImage(gif);
    expect(out.source).toMatchObject({ format: 'gif', animated: true, frames: 3, width: 400, height: 300 });
    expect(out.original).toMatchObject({ mime: 'image/gif', width: 400, height: 300 });
    const meta = await sharp(out.original.data).metadata();
    expect(meta.pages).toBe(3);
    expect(meta.delay).toEqual([120, 120, 120]);
    expect(out.variants.map((v) => [v.mime, v.width, v.height, v.isOriginal])).toEqual([
      ['image/webp', 320, 240, false],
      ['image/webp', 400, 300, false],
      ['image/gif', 400, 300, true],
    ]);
    expect((await sharp(out.variants[0]!.data).metadata()).pages).toBe(3);
  });

  it('limits animations by frames', async () => {
    const gif = await animatedGif(['#f00', '#0f0', '#00f'], 40, 30);
    const err = await refusal(processImage(gif, { limits: { maxFrames: 2 } }));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toMatch(/3 frames/);
  });

  it('chooses WebP widths and fallback formats as documented', () => {
    expect(webpWidths(100)).toEqual([100]);
    expect(webpWidths(320)).toEqual([320]);
    expect(webpWidths(321)).toEqual([320, 321]);
    expect(webpWidths(1920)).toEqual([320, 640, 960, 1280, 1920]);
    expect(webpWidths(4000)).toEqual([320, 640, 960, 1280, 1920]);
    expect(fallbackFormat({ format: 'webp', animated: false, hasAlpha: false })).toBe('jpeg');
    expect(fallbackFormat({ format: 'avif', animated: false, hasAlpha: true })).toBe('png');
    expect(fallbackFormat({ format: 'webp', animated: true, hasAlpha: true })).toBe('gif');
    expect(fallbackFormat({ format: 'png', animated: false, hasAlpha: false })).toBe('png');
  });
});

describe('encode concurrency', () => {
  it('runs at most the given number of tasks at once, in order, and passes errors through', async () => {
    const run = createLimiter(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      if (i === 3) throw new Error('boom');
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => run(task(i))));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('processes an image with at most two encodes at a time', async () => {
    const inner = createLimiter(2);
    let active = 0;
    let peak = 0;
    let calls = 0;
    const counting: typeof inner = (task) =>
      inner(async () => {
        calls++;
        active++;
        peak = Math.max(peak, active);
        try {
          return await task();
        } finally {
          active--;
        }
      });
    const out = await processImage(await twoTone('jpeg', 2000, 1000), { limiter: counting });
    expect(out.variants).toHaveLength(6);
    expect(calls).toBe(7);
    expect(peak).toBe(2);
  });
});
