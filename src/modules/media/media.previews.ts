import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { DEFAULT_IMAGE_LIMITS } from './media.processing.js';
import { createImagePool, DEFAULT_POOL, type ImagePool } from './media.pool.js';
import { PREVIEW_RENDER_VERSION, PREVIEW_SHAPES, type PreviewShapeName, rasterizeSvg, renderPreview, UnrenderableImage } from './media.preview-render.js';
import { localSourceKey } from './media.preview-urls.js';
import * as repo from './media.repository.js';
import type { LocalDiskStorage } from './media.storage.js';

/** A preview ready to send. */
export interface PreviewFile {
  data: Buffer;
  mime: 'image/jpeg';
  /** A strong validator: the same for the same image, shape and rendering rules. */
  etag: string;
}

export interface MediaPreviewsDeps {
  db: Db;
  /** The local media directory: where originals are read and previews are kept (under `previews/`). */
  storage: LocalDiskStorage;
  /** Where renders run, each a full decode: the process's image pool (503 when it is full). */
  pool?: ImagePool;
  /** Largest original file read, in bytes (default: the upload limit). */
  maxBytes?: number;
  /** Most pixels decoded (default: the upload limit). */
  maxPixels?: number;
  /** Longest one render may run (default: the upload limit). */
  timeoutSeconds?: number;
  /** The renderer (tests count its calls). */
  render?: typeof renderPreview;
}

/** Originals that failed to render, remembered so a broken file is not decoded again on every request. */
const MAX_REMEMBERED_FAILURES = 1000;

const fmt = (n: number) => n.toLocaleString('en-US');

const unrenderable = (id: number, reason: string, tooLarge?: UnrenderableImage['tooLarge']) =>
  new AppError(
    'invalid_input',
    422,
    tooLarge
      ? `This image is too large to make a preview of: it is ${fmt(tooLarge.width)} × ${fmt(tooLarge.height)} pixels, and previews are made of images of at most ${fmt(tooLarge.maxPixels / 1e6)} megapixels.`
      : 'This image could not be made into a preview: its file could not be read as an image.',
    { mediaId: id, reason },
  );

/**
 * Link previews of stored images (see media.preview-render.ts for how they
 * look), rendered from the original file on first request and kept on disk
 * under `previews/` in the media directory. Concurrent first requests for
 * one preview share one render.
 */
export function createMediaPreviews({
  db,
  storage,
  pool = createImagePool(DEFAULT_POOL),
  maxBytes = DEFAULT_IMAGE_LIMITS.maxBytes,
  maxPixels = DEFAULT_IMAGE_LIMITS.maxPixels,
  timeoutSeconds = DEFAULT_IMAGE_LIMITS.timeoutSeconds,
  render = renderPreview,
}: MediaPreviewsDeps) {
  const run = <T>(job: () => Promise<T>) => pool.run(job);
  const inFlight = new Map<string, Promise<PreviewFile>>();
  const failures = new Map<string, AppError>();

  async function readCached(key: string, etag: string): Promise<PreviewFile | null> {
    try {
      return { data: await fs.readFile(storage.pathOf(key)), mime: 'image/jpeg', etag };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async function make(id: number, sourceKey: string, shape: PreviewShapeName, cacheKey: string, etag: string): Promise<PreviewFile> {
    const cached = await readCached(cacheKey, etag);
    if (cached) return cached;
    let source: Buffer;
    try {
      const stat = await fs.stat(storage.pathOf(sourceKey));
      if (stat.size > maxBytes) throw unrenderable(id, `the file is ${stat.size} bytes, more than ${maxBytes}`);
      source = await fs.readFile(storage.pathOf(sourceKey));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', 404, "We couldn't find that image's file.", { mediaId: id, reason: 'the file is missing' });
      throw err;
    }
    let data: Buffer;
    try {
      data = await run(() => render(source, PREVIEW_SHAPES[shape], { maxPixels, timeoutSeconds }));
    } catch (err) {
      if (!(err instanceof UnrenderableImage)) throw err;
      const failure = unrenderable(id, err.reason, err.tooLarge);
      if (failures.size >= MAX_REMEMBERED_FAILURES) failures.delete(failures.keys().next().value!);
      failures.set(cacheKey, failure);
      throw failure;
    }
    await storage.put(cacheKey, data, 'image/jpeg');
    return { data, mime: 'image/jpeg', etag };
  }

  return {
    /**
     * The preview of image `id` in `shape`: 404 for an unknown image, one not
     * stored here or whose file is gone; 422 (details.reason says why) for a
     * file that is not an image the decoder can read.
     */
    async file(id: number, shape: PreviewShapeName): Promise<PreviewFile> {
      const [row] = await repo.findByIds(db, [id]);
      if (!row) throw notFound('image');
      const sourceKey = localSourceKey(row);
      if (!sourceKey) throw notFound('preview of that image');
      // The name changes with the source and the rendering rules, so a stale preview is never served.
      const hash = crypto.createHash('sha256').update(`${PREVIEW_RENDER_VERSION}\n${sourceKey}`).digest('hex').slice(0, 16);
      const cacheKey = `previews/${id}-${shape}-${hash}.jpg`;
      const etag = `"${id}-${shape}-${hash}"`;
      const failed = failures.get(cacheKey);
      if (failed) throw failed;
      let pending = inFlight.get(cacheKey);
      if (!pending) {
        pending = make(id, sourceKey, shape, cacheKey, etag).finally(() => inFlight.delete(cacheKey));
        inFlight.set(cacheKey, pending);
      }
      return pending;
    },

    /** A PNG of exactly `width` × `height` drawn from an SVG document the site makes itself (its card and logo). */
    svgToPng(svg: string | Buffer, width: number, height: number): Promise<Buffer> {
      return run(() => rasterizeSvg(svg, width, height));
    },
  };
}

export type MediaPreviews = ReturnType<typeof createMediaPreviews>;
