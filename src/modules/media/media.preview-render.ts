import sharp, { type Metadata } from 'sharp';

/*
 * Link-preview renditions: a JPEG of a fixed size made from any stored image
 * (JPEG, PNG, WebP, AVIF, GIF, and the SVG the demo site draws), because
 * social networks and search engines want a raster image of a known size.
 *
 * Every rendition is exactly its shape's size, so a page can declare the
 * width and height without opening the file. How the image is fitted:
 *
 *  - "cover": scaled to fill the shape and cut to it, centred, when that
 *    keeps at least COVER_MIN_KEPT of the image's height (or width) and the
 *    image is at least half the shape's size both ways (a smaller image
 *    would be blown up past recognition). An SVG is drawn at the size it is
 *    shown, so it is never too small.
 *  - "backdrop": otherwise (portraits, squares in a wide shape, small
 *    images) the whole image, scaled to fit but never enlarged more than
 *    MAX_UPSCALE times (SVG: without limit), centred on a blurred, darkened
 *    copy of itself that fills the shape.
 *
 * Transparent pixels become white; animations show their first frame.
 */

export type PreviewShapeName = 'wide' | '16x9' | '4x3' | '1x1';

export interface PreviewShape {
  width: number;
  height: number;
}

/** The shapes made: `wide` (1.91:1) for OpenGraph and Twitter cards; the others for search engines, which ask for 16:9, 4:3 and 1:1. */
export const PREVIEW_SHAPES: Readonly<Record<PreviewShapeName, PreviewShape>> = Object.freeze({
  wide: { width: 1200, height: 630 },
  '16x9': { width: 1200, height: 675 },
  '4x3': { width: 1200, height: 900 },
  '1x1': { width: 1200, height: 1200 },
});

export const PREVIEW_SHAPE_NAMES = Object.keys(PREVIEW_SHAPES) as PreviewShapeName[];

/** Bump when the rendering changes, so renditions cached on disk are made again. */
export const PREVIEW_RENDER_VERSION = 1;

/** The least share of the image a crop may keep in the direction it cuts. */
export const COVER_MIN_KEPT = 0.65;
/** The most a raster image is enlarged in a backdrop layout. */
export const MAX_UPSCALE = 2;

export type PreviewLayout = { mode: 'cover' } | { mode: 'backdrop'; width: number; height: number };

/** How an image of this size is fitted into a shape (see the comment at the top). */
export function previewLayout(source: { width: number; height: number; scalable: boolean }, shape: PreviewShape): PreviewLayout {
  const { width: w, height: h, scalable } = source;
  const ratio = w / h / (shape.width / shape.height);
  const kept = Math.min(ratio, 1 / ratio);
  const bigEnough = scalable || (w >= shape.width / 2 && h >= shape.height / 2);
  if (kept >= COVER_MIN_KEPT && bigEnough) return { mode: 'cover' };
  let scale = Math.min(shape.width / w, shape.height / h);
  if (!scalable) scale = Math.min(scale, MAX_UPSCALE);
  return { mode: 'backdrop', width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** An image that cannot be made into a preview; `reason` says why, for the log. */
export class UnrenderableImage extends Error {
  override name = 'UnrenderableImage';
  constructor(
    readonly reason: string,
    /** Set when the image is readable but over the pixel limit. */
    readonly tooLarge?: { width: number; height: number; maxPixels: number },
  ) {
    super(`image cannot be rendered as a preview: ${reason}`);
  }
}

const JPEG = { quality: 82, progressive: true, mozjpeg: true } as const;
const WHITE = { r: 255, g: 255, b: 255 };

/**
 * Render a preview of `shape` from an image file's bytes, as JPEG. Throws
 * UnrenderableImage for data that does not decode, is too large
 * (`maxPixels`, checked from the header, then sharp's decompression-bomb
 * limit) or takes longer than `timeoutSeconds` (sharp's `timeout`).
 */
export async function renderPreview(data: Buffer, shape: PreviewShape, { maxPixels, timeoutSeconds = 30 }: { maxPixels: number; timeoutSeconds?: number }): Promise<Buffer> {
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    throw new UnrenderableImage('not an image the decoder can read');
  }
  const svg = meta.format === 'svg';
  const w = meta.autoOrient?.width ?? meta.width;
  const h = meta.autoOrient?.height ?? meta.height;
  if (!w || !h) throw new UnrenderableImage('the image has no size');
  // From the header: an image over the limit is never decoded.
  if (w * h > maxPixels) throw new UnrenderableImage(`the image is ${w} × ${h} pixels, more than ${maxPixels} pixels`, { width: w, height: h, maxPixels });

  const layout = previewLayout({ width: w, height: h, scalable: svg }, shape);
  // A drawing is rasterised at the size it is shown (never below its own), so it stays sharp.
  const wanted = layout.mode === 'cover' ? Math.max(shape.width / w, shape.height / h) : layout.width / w;
  const drawScale = svg ? Math.max(1, Math.min(wanted, Math.sqrt(maxPixels / (w * h)))) : 1;
  // One frame only (sharp's default), within the pixel limit and the time limit.
  const input = () => sharp(data, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true, ...(svg ? { density: 72 * drawScale } : {}) }).timeout({ seconds: Math.ceil(timeoutSeconds) });

  try {
    if (layout.mode === 'cover') {
      return await input().resize(shape.width, shape.height, { fit: 'cover', position: 'centre' }).flatten({ background: WHITE }).jpeg(JPEG).toBuffer();
    }
    const front = await input().resize(layout.width, layout.height, { fit: 'fill' }).png().toBuffer();
    // The backdrop: the image cut to the shape at a tiny size, then enlarged and blurred into a soft field of its colours.
    const tiny = await input()
      .resize(Math.round(shape.width / 24), Math.round(shape.height / 24), { fit: 'cover' })
      .flatten({ background: WHITE })
      .png()
      .toBuffer();
    const field = await sharp(tiny).resize(shape.width, shape.height, { kernel: 'cubic' }).blur(12).modulate({ brightness: 0.72 }).png().toBuffer();
    return await sharp(field)
      .composite([{ input: front, gravity: 'centre' }])
      .flatten({ background: WHITE })
      .jpeg(JPEG)
      .toBuffer();
  } catch (err) {
    // The header read, but the pixels did not (truncated or corrupt data, a file larger than its header says).
    const message = err instanceof Error ? err.message : String(err);
    throw new UnrenderableImage(`the decoder stopped: ${(message.split('\n')[0] ?? '').slice(0, 200)}`);
  }
}

/**
 * Rasterise an SVG document to a PNG of exactly `width` × `height` (the
 * drawing scaled to fill it), for images the site draws itself.
 */
export async function rasterizeSvg(svg: string | Buffer, width: number, height: number): Promise<Buffer> {
  const data = typeof svg === 'string' ? Buffer.from(svg) : svg;
  const meta = await sharp(data, { failOn: 'error' }).metadata();
  if (meta.format !== 'svg' || !meta.width || !meta.height) throw new Error('rasterizeSvg needs an SVG document with a size or a viewBox');
  const scale = Math.max(width / meta.width, height / meta.height, 1);
  return sharp(data, { failOn: 'error', density: 72 * scale })
    .resize(width, height, { fit: 'fill' })
    .png({ compressionLevel: 9 })
    .toBuffer();
}
