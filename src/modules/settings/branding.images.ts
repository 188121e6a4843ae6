import crypto from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { ImagePool } from '../media/media.pool.js';
import { type ImageLimits, inspectImage } from '../media/media.processing.js';
import type { MediaStorage } from '../media/media.storage.js';
import { type BrandIcon, type BrandLogo, ICON_SIZES, type IconSet } from './branding.js';

/*
 * The logo and icon uploads. Raster images only (JPEG, PNG, WebP, AVIF, GIF,
 * recognised from their bytes): an SVG can carry scripts and links, so it is
 * refused like any other file that is not one of those. Nothing uploaded is
 * kept as sent: every file below is drawn anew by sharp, without metadata,
 * and stored through the media storage under branding/, its name carrying a
 * hash of the upload so a new logo gets new addresses.
 */

/** The largest logo or icon accepted, in bytes: far above any logo, far below a photo. */
export const BRAND_MAX_BYTES = 5 * 1024 * 1024;
/** The icon must be square and at least this large, for the web manifest's largest icon. */
export const ICON_MIN_SIDE = 512;
/** The logo's header rendition fits in this box (twice the size it is shown at, for sharp screens). */
const HEADER_BOX = { width: 960, height: 240 };
/** The link-preview card, and the area of it the logo may cover. */
const CARD = { width: 1200, height: 630, logoWidth: 960, logoHeight: 400 };
const PAPER = '#fbfaf7';

export interface BrandImagesDeps {
  storage: MediaStorage;
  pool: ImagePool;
  limits: Partial<ImageLimits>;
}

const png = (s: Sharp) => s.png({ compressionLevel: 9 }).toBuffer();

/** The upload, oriented, as one still frame; with the checks every upload gets (413, 415, 422). */
async function source(data: Buffer, limits: Partial<ImageLimits>, what: 'logo' | 'icon') {
  const info = await inspectImage(data, { ...limits, maxBytes: BRAND_MAX_BYTES }).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 413) throw new AppError('payload_too_large', 413, `This ${what} is ${(data.length / (1024 * 1024)).toFixed(1)} MB; a ${what} can be at most 5 MB.`);
    throw err;
  });
  const base = () => sharp(data, { failOn: 'error', limitInputPixels: limits.maxPixels ?? 40_000_000, pages: 1 }).rotate();
  return { info, base };
}

/** The four square icons, the image contained in each (transparent around it; the Apple icon on paper, as iOS fills transparency with black). */
async function iconFiles(base: () => Sharp): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const size of ICON_SIZES) {
    const background = size === 180 ? PAPER : { r: 0, g: 0, b: 0, alpha: 0 };
    const img = base().resize(size, size, { fit: 'contain', background });
    out[`icon-${size}`] = await png(size === 180 ? img.flatten({ background: PAPER }) : img);
  }
  return out;
}

export function createBrandImages({ storage, pool, limits }: BrandImagesDeps) {
  /** Store the files as branding/<hash>-<name>.png; on a failure, delete what was written and rethrow. */
  async function store(hash: string, files: Record<string, Buffer>): Promise<{ urls: Record<string, string>; keys: string[] }> {
    const urls: Record<string, string> = {};
    const keys: string[] = [];
    try {
      for (const [name, data] of Object.entries(files)) {
        const key = `branding/${hash}-${name}.png`;
        const { url } = await storage.put(key, data, 'image/png');
        keys.push(key);
        urls[name] = url;
      }
    } catch (err) {
      await Promise.allSettled(keys.map((k) => storage.delete(k)));
      throw err;
    }
    return { urls, keys };
  }

  const iconSet = (urls: Record<string, string>): IconSet => Object.fromEntries(ICON_SIZES.map((s) => [`s${s}`, urls[`icon-${s}`]!])) as IconSet;
  const hashOf = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex').slice(0, 16);

  return {
    /** Make and store the logo's renditions: the header image, the link-preview card, the icons. */
    async logo(data: Buffer): Promise<BrandLogo> {
      const { base } = await source(data, limits, 'logo');
      const files = await pool.run(async () => {
        const header = base().resize(HEADER_BOX.width, HEADER_BOX.height, { fit: 'inside', withoutEnlargement: true });
        const headerPng = await png(header);
        const fitted = await png(base().resize(CARD.logoWidth, CARD.logoHeight, { fit: 'inside' }));
        const card = await png(
          sharp({ create: { width: CARD.width, height: CARD.height, channels: 4, background: PAPER } })
            .composite([{ input: fitted, gravity: 'centre' }])
            .flatten({ background: PAPER }),
        );
        return { logo: headerPng, card, ...(await iconFiles(base)) };
      });
      const meta = await sharp(files.logo).metadata();
      const { urls, keys } = await store(hashOf(data), files);
      return { url: urls.logo!, width: meta.width ?? 0, height: meta.height ?? 0, card: urls.card!, icons: iconSet(urls), keys };
    },

    /** Make and store the icons from a square image of at least 512 × 512 pixels. */
    async icon(data: Buffer): Promise<BrandIcon> {
      const { info, base } = await source(data, limits, 'icon');
      if (info.width !== info.height || info.width < ICON_MIN_SIDE) {
        throw invalidInput(`The icon must be square and at least ${ICON_MIN_SIDE} × ${ICON_MIN_SIDE} pixels; this image is ${info.width} × ${info.height}.`);
      }
      const files = await pool.run(() => iconFiles(base));
      const { urls, keys } = await store(hashOf(data), files);
      return { icons: iconSet(urls), keys };
    },

    /** Delete files no longer used (best effort: a file left behind is only an orphan). */
    async discard(keys: readonly string[]): Promise<void> {
      await Promise.allSettled(keys.map((k) => storage.delete(k)));
    },
  };
}

export type BrandImages = ReturnType<typeof createBrandImages>;
