import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError, invalidInput } from '../../platform/errors.js';
import { createImagePool, type ImagePool } from './media.pool.js';

/**
 * Image processing for uploads: recognise the format from the bytes
 * themselves, refuse what we do not accept, then re-encode everything we
 * keep (so no uploaded byte is stored as-is) with the EXIF orientation
 * applied and all metadata removed, plus responsive variants.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export const IMAGE_MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

export const IMAGE_EXTENSION: Record<ImageFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
};

export interface ImageLimits {
  /** Largest upload, in bytes (413 beyond). */
  maxBytes: number;
  /** Longest side, in pixels (422 beyond). */
  maxSide: number;
  /** Most pixels in one image or frame (422 beyond; also sharp's `limitInputPixels`). */
  maxPixels: number;
  /** Longest side over shortest side (20 means between 1:20 and 20:1). */
  maxAspectRatio: number;
  /** Most frames in an animated GIF or WebP. */
  maxFrames: number;
  /** Most pixels over all the frames of an animation together (sharp's `limitInputPixels` for animations). */
  maxAnimationPixels: number;
  /** Longest one decode and encode may run before sharp stops it (sharp's `timeout`; 422). */
  timeoutSeconds: number;
}

export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxBytes: 15 * 1024 * 1024,
  maxSide: 12_000,
  // 40 megapixels: every camera phone and most professional cameras, and a
  // decode of at most 160 MB (four bytes a pixel); what is larger is resized
  // before it reaches a news page anyway.
  maxPixels: 40_000_000,
  maxAspectRatio: 20,
  // Animations are decoded whole: all their frames together may cost no more than one large still.
  maxFrames: 300,
  maxAnimationPixels: 40_000_000,
  timeoutSeconds: 30,
});

/** Widths of the responsive WebP variants (only those narrower than the image are made). */
export const VARIANT_WIDTHS: readonly number[] = Object.freeze([320, 640, 960, 1280, 1920]);
/** Widest fallback (for `<img src>` in browsers without WebP). */
export const FALLBACK_MAX_WIDTH = 1280;

export const NOT_AN_ACCEPTED_IMAGE = 'This file is not an image we accept (JPEG, PNG, WebP, AVIF or GIF).';

const unsupported = (message: string, reason: string) => new AppError('unsupported_media', 415, message, { reason });

// ---------------------------------------------------------------------------
// Recognising the format

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0): boolean => data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const JPEG_SOI = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const WEBP_CHUNKS = [ascii('VP8 '), ascii('VP8L'), ascii('VP8X')];
const FTYP = ascii('ftyp');
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** Whether an ISO-BMFF file's `ftyp` box names an AVIF brand (major or compatible). HEIC and MP4 do not. */
function isAvif(data: Uint8Array): boolean {
  if (data.length < 16 || !startsWith(data, FTYP, 4)) return false;
  const size = ((data[0] ?? 0) << 24) | ((data[1] ?? 0) << 16) | ((data[2] ?? 0) << 8) | (data[3] ?? 0);
  if (size < 16 || size > 4096 || size > data.length || size % 4 !== 0) return false;
  const brand = (at: number) => String.fromCharCode(data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0, data[at + 3] ?? 0);
  if (AVIF_BRANDS.has(brand(8))) return true;
  for (let at = 16; at + 4 <= size; at += 4) if (AVIF_BRANDS.has(brand(at))) return true;
  return false;
}

/**
 * The format of an image, from its leading bytes alone (never from a file
 * name or a claimed MIME type); null for anything we do not accept.
 */
export function sniffImageFormat(data: Uint8Array): ImageFormat | null {
  if (startsWith(data, JPEG_SOI)) return 'jpeg';
  if (startsWith(data, PNG_SIGNATURE)) return 'png';
  if (startsWith(data, GIF87) || startsWith(data, GIF89)) return 'gif';
  if (startsWith(data, RIFF) && startsWith(data, WEBP, 8) && WEBP_CHUNKS.some((c) => startsWith(data, c, 12))) return 'webp';
  if (isAvif(data)) return 'avif';
  return null;
}

// ---------------------------------------------------------------------------
// Inspecting and validating

export interface InspectedImage {
  format: ImageFormat;
  mime: string;
  /** Width as displayed, after the EXIF orientation (of one frame, for animations). */
  width: number;
  /** Height as displayed, after the EXIF orientation (of one frame, for animations). */
  height: number;
  /** Frames (1 for still images). */
  frames: number;
  /** A GIF or WebP with more than one frame; kept animated. */
  animated: boolean;
  hasAlpha: boolean;
  bytes: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;

export const resolveLimits = (limits?: Partial<ImageLimits>): ImageLimits => {
  const out = { ...DEFAULT_IMAGE_LIMITS };
  for (const [k, v] of Object.entries(limits ?? {}) as [keyof ImageLimits, number | undefined][]) {
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v <= 0) throw new Error(`Image limit ${k} must be a positive number, not ${v}`);
    out[k] = v;
  }
  return out;
};

/**
 * Check an upload without decoding its pixels: size in bytes (413), format by
 * content (415), dimensions and shape (422). Reads only the image header.
 */
export async function inspectImage(data: Buffer, limits?: Partial<ImageLimits>): Promise<InspectedImage> {
  const l = resolveLimits(limits);
  if (!(data instanceof Uint8Array) || data.length === 0) {
    throw unsupported('This file is empty. Choose an image: JPEG, PNG, WebP, AVIF or GIF.', 'empty');
  }
  if (data.length > l.maxBytes) {
    throw new AppError('payload_too_large', 413, `This image is ${megabytes(data.length)}; images can be at most ${megabytes(l.maxBytes)}.`, {
      bytes: data.length,
      maxBytes: l.maxBytes,
    });
  }
  const format = sniffImageFormat(data);
  if (!format) throw unsupported(NOT_AN_ACCEPTED_IMAGE, 'unrecognised');

  let meta: Metadata;
  try {
    // The header only; sizes are checked below, with messages, before any decoding.
    meta = await sharp(data, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    throw damaged();
  }
  const decodedAs = meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heic') : meta.format;
  if (decodedAs !== format) throw unsupported(NOT_AN_ACCEPTED_IMAGE, 'mismatch');
  if (!meta.width || !meta.height) throw damaged();

  const frames = format === 'gif' || format === 'webp' ? Math.max(1, meta.pages ?? 1) : 1;
  const animated = frames > 1;
  // Animations are not rotated (sharp can only turn multi-page images by 180°); stills are shown as oriented.
  const width = animated ? meta.width : meta.autoOrient.width;
  const height = animated ? (meta.pageHeight ?? meta.height) : meta.autoOrient.height;
  const size = `${fmt(width)} × ${fmt(height)} pixels`;

  if (width > l.maxSide || height > l.maxSide) {
    throw invalidInput(`This image is ${size}; images can be at most ${fmt(l.maxSide)} pixels on each side.`, { width, height });
  }
  if (width * height > l.maxPixels) {
    throw invalidInput(`This image is ${size} (${((width * height) / 1e6).toFixed(1)} megapixels); images can have at most ${fmt(l.maxPixels / 1e6)} megapixels.`, { width, height });
  }
  const ratio = Math.max(width, height) / Math.min(width, height);
  if (ratio > l.maxAspectRatio) {
    throw invalidInput(`This image is ${size}, too ${width > height ? 'wide' : 'tall'} and narrow to show well; images can be at most ${fmt(l.maxAspectRatio)} times longer one way than the other.`, {
      width,
      height,
    });
  }
  if (frames > l.maxFrames || width * height * frames > l.maxAnimationPixels) {
    throw invalidInput(
      `This animation has ${fmt(frames)} frames of ${size}, more than we can process; animations can have at most ${fmt(l.maxFrames)} frames and ${fmt(l.maxAnimationPixels / 1e6)} megapixels over all frames.`,
      { width, height, frames },
    );
  }
  return { format, mime: IMAGE_MIME[format], width, height, frames, animated, hasAlpha: meta.hasAlpha, bytes: data.length };
}

const damaged = () => unsupported('This image could not be read: the file seems damaged or incomplete. Try exporting it again.', 'damaged');

// ---------------------------------------------------------------------------
// Encoding

export interface EncodedImage {
  data: Buffer;
  format: ImageFormat;
  mime: string;
  extension: string;
  width: number;
  height: number;
}

export interface ImageVariantOutput extends EncodedImage {
  /**
   * This candidate is the re-encoded original itself (same bytes): nothing
   * more to store, point at the original's URL.
   */
  isOriginal: boolean;
}

export interface ProcessedImage {
  source: InspectedImage;
  /** The full-size image in its own format, oriented, metadata stripped. */
  original: EncodedImage;
  /**
   * The responsive candidates, narrowest first within each format: WebP at
   * each of VARIANT_WIDTHS narrower than the image plus the image's own width
   * (up to 1920), then exactly one fallback (JPEG, PNG or GIF) at most
   * FALLBACK_MAX_WIDTH wide.
   */
  variants: ImageVariantOutput[];
}

/** Runs async tasks with at most `concurrency` at a time. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  // The pool's queue, with nothing ever turned away: a task waits its turn.
  const pool = createImagePool({ concurrency, maxQueue: 0 });
  return (task) => pool.run(task, { wait: true });
}

export interface ProcessOptions {
  limits?: Partial<ImageLimits>;
  /**
   * The pool whose slot the decoding takes (see media.pool.ts), once the
   * header has passed the limits; default: a pool of one slot of its own.
   */
  pool?: ImagePool;
  /** Wait for a slot however long the pool's queue, rather than be refused with 503. */
  wait?: boolean;
  /** Encodes of this image at once, inside its slot (default: one at a time, so a slot is one decode). */
  limiter?: Limiter;
}

/** The format of the one fallback: what every browser decodes. */
export function fallbackFormat(source: Pick<InspectedImage, 'format' | 'animated' | 'hasAlpha'>): ImageFormat {
  if (source.format === 'jpeg' || source.format === 'png' || source.format === 'gif') return source.format;
  if (source.animated) return 'gif';
  return source.hasAlpha ? 'png' : 'jpeg';
}

/** The widths of the WebP candidates for an image `width` pixels wide. */
export function webpWidths(width: number): number[] {
  const top = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1] ?? 1920;
  const widths = VARIANT_WIDTHS.filter((w) => w < width);
  if (width <= top) widths.push(width);
  return widths;
}

function encoder(format: ImageFormat, role: 'original' | 'variant'): (s: Sharp) => Sharp {
  switch (format) {
    case 'jpeg':
      return (s) => s.jpeg({ quality: role === 'original' ? 88 : 80, progressive: true, mozjpeg: role === 'variant' });
    case 'png':
      return (s) => s.png({ compressionLevel: 9 });
    case 'webp':
      return (s) => s.webp({ quality: role === 'original' ? 88 : 78, effort: 4 });
    case 'avif':
      return (s) => s.avif({ quality: 60, effort: 4 });
    case 'gif':
      return (s) => s.gif({ effort: 7 });
  }
}

async function encode(data: Buffer, source: InspectedImage, limits: ImageLimits, format: ImageFormat, role: 'original' | 'variant', width?: number): Promise<EncodedImage> {
  let s = sharp(data, {
    failOn: 'error',
    // Refuse decompression bombs before decoding them, whatever the header check said.
    limitInputPixels: source.animated ? limits.maxAnimationPixels : limits.maxPixels,
    animated: source.animated,
    autoOrient: !source.animated,
  }).timeout({ seconds: Math.ceil(limits.timeoutSeconds) });
  if (width !== undefined && width < source.width) s = s.resize({ width, withoutEnlargement: true });
  // No withMetadata/keep*: sharp writes no EXIF, XMP, IPTC or comments, and
  // converts from any embedded ICC profile to untagged sRGB (the web's default).
  const { data: out, info } = await encoder(format, role)(s).toBuffer({ resolveWithObject: true });
  return {
    data: out,
    format,
    mime: IMAGE_MIME[format],
    extension: IMAGE_EXTENSION[format],
    width: info.width,
    height: source.animated ? (info.pageHeight ?? Math.round(info.height / source.frames)) : info.height,
  };
}

async function isTransparent(data: Buffer, limits: ImageLimits): Promise<boolean> {
  const stats = await sharp(data, { failOn: 'error', limitInputPixels: limits.maxPixels }).stats();
  return !stats.isOpaque;
}

/**
 * Validate an upload and produce what is stored: the original re-encoded
 * plus the responsive variants. Throws AppError 413/415/422 for uploads we
 * refuse; anything else is a bug.
 */
export async function processImage(data: Buffer, options: ProcessOptions = {}): Promise<ProcessedImage> {
  const limits = resolveLimits(options.limits);
  // The header only: an image over a limit is refused here, before it waits for a slot or any pixel is decoded.
  const source = await inspectImage(data, limits);
  const pool = options.pool ?? createImagePool({ concurrency: 1, maxQueue: 0 });
  try {
    return await pool.run(() => encodeAll(data, source, limits, options.limiter ?? createLimiter(1)), { wait: options.wait ?? false });
  } catch (err) {
    if (isTimeout(err)) throw tookTooLong(limits);
    throw err;
  }
}

/** sharp's error when a pipeline ran past its `timeout`. */
export const isTimeout = (err: unknown): boolean => err instanceof Error && /^timeout: \d+% complete/.test(err.message);

const tookTooLong = (limits: ImageLimits) =>
  invalidInput(`Processing this image took longer than ${fmt(limits.timeoutSeconds)} seconds, so it was stopped. Try a smaller image, or an animation with fewer frames.`, {
    timeoutSeconds: limits.timeoutSeconds,
  });

async function encodeAll(data: Buffer, source: InspectedImage, limits: ImageLimits, run: Limiter): Promise<ProcessedImage> {
  // The first full decode: data that does not decode (truncated, corrupt) is refused here.
  let original: EncodedImage;
  try {
    original = await run(() => encode(data, source, limits, source.format, 'original'));
  } catch (err) {
    if (err instanceof AppError || isTimeout(err)) throw err;
    throw damaged();
  }

  const asOriginal = (): ImageVariantOutput => ({ ...original, isOriginal: true });
  const jobs: (() => Promise<ImageVariantOutput>)[] = [];
  for (const w of webpWidths(source.width)) {
    if (w === source.width && source.format === 'webp') jobs.push(async () => asOriginal());
    else jobs.push(async () => ({ ...(await encode(data, source, limits, 'webp', 'variant', w)), isOriginal: false }));
  }
  // An alpha channel that is opaque everywhere (common in exports) needs no PNG fallback.
  const transparent = source.hasAlpha && (source.format === 'webp' || source.format === 'avif') && !source.animated ? await run(() => isTransparent(data, limits)) : source.hasAlpha;
  const fallback = fallbackFormat({ ...source, hasAlpha: transparent });
  if (fallback === source.format && source.width <= FALLBACK_MAX_WIDTH) jobs.push(async () => asOriginal());
  else jobs.push(async () => ({ ...(await encode(data, source, limits, fallback, 'variant', Math.min(source.width, FALLBACK_MAX_WIDTH))), isOriginal: false }));

  const variants = await Promise.all(jobs.map((job) => run(job)));
  return { source, original, variants };
}
