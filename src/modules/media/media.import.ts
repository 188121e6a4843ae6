import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { MediaTable } from '../../platform/db/schema.js';
import { type EncodedImage, type ImageLimits, processImage } from './media.processing.js';
import { createImagePool, DEFAULT_POOL, type ImagePool } from './media.pool.js';
import { insertMedia } from './media.repository.js';
import { mediaRow, type NewMedia } from './media.service.js';
import type { MediaStorage } from './media.storage.js';
import { nameSlug, sanitiseOriginalName, TEXT_LIMITS } from './media.upload.js';

/*
 * Images an import brings over, inside the importer's transaction: either
 * registered by their address on the old site (under the same checks as
 * `register`), or, from a local copy of the old site's files, processed like
 * an upload (oriented, metadata stripped, WebP renditions) and stored here.
 * Stored files are named by their content, so the same image is stored once;
 * each new file is reported through `wrote`, so an import that rolls back
 * can delete what it wrote.
 */

export interface LocalImage {
  data: Buffer;
  originalName: string;
  alt: string;
  caption: string;
}

export type MediaImports = ReturnType<typeof createMediaImports>;

const clip = (text: string, max: number) => Array.from(text.trim()).slice(0, max).join('');

export interface MediaImportsOptions {
  /** The limits uploads have (default: DEFAULT_IMAGE_LIMITS). */
  limits?: Partial<ImageLimits>;
  /** The process's image pool; an import waits for a slot rather than be refused. */
  pool?: ImagePool;
}

export function createMediaImports(clock: { now(): Date }, storage: MediaStorage, { limits, pool = createImagePool(DEFAULT_POOL) }: MediaImportsOptions = {}) {
  /**
   * Process a local image and store its files, unless an image of the same
   * content is stored already (its files are then used as they are); the
   * columns of its record.
   */
  async function store(trx: Db, image: LocalImage, wrote: (key: string) => void): Promise<Omit<Insertable<MediaTable>, 'created_at'>> {
    // Under the limits of an upload; a refusal (422, 415) skips this image, and the import goes on.
    const processed = await processImage(image.data, { ...(limits ? { limits } : {}), pool, wait: true });
    const originalName = sanitiseOriginalName(image.originalName);
    const stem = `imported/${crypto.createHash('sha256').update(image.data).digest('hex').slice(0, 16)}-${nameSlug(originalName)}`;
    const descriptions = { alt: clip(image.alt, TEXT_LIMITS.alt) || 'Image', caption: clip(image.caption, TEXT_LIMITS.caption), credit: '' };
    const originalKey = `${stem}.${processed.original.extension}`;
    const same = await trx
      .selectFrom('media')
      .select(['url', 'mime', 'width', 'height', 'variants', 'bytes', 'storage_key', 'original_name'])
      .where('storage_key', '=', originalKey)
      .executeTakeFirst();
    if (same) return { ...same, ...descriptions };
    const put = async (img: EncodedImage, suffix: string) => {
      const key = `${stem}${suffix}.${img.extension}`;
      const { url } = await storage.put(key, img.data, img.mime);
      wrote(key);
      return { key, url };
    };
    const original = await put(processed.original, '');
    const variants = [];
    for (const v of processed.variants) {
      const stored = v.isOriginal ? original : await put(v, `-${v.width}`);
      variants.push({ url: stored.url, width: v.width, height: v.height, mime: v.mime, key: stored.key });
    }
    return {
      url: original.url,
      mime: processed.original.mime,
      width: processed.original.width,
      height: processed.original.height,
      ...descriptions,
      variants: JSON.stringify(variants),
      bytes: processed.original.data.length,
      storage_key: original.key,
      original_name: originalName,
    };
  }

  return {
    async exists(trx: Db, id: number): Promise<boolean> {
      return !!(await trx.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst());
    },
    /** An image's address here. */
    async urlOf(trx: Db, id: number): Promise<string | undefined> {
      return (await trx.selectFrom('media').select('url').where('id', '=', id).executeTakeFirst())?.url;
    },
    /** Delete files an import wrote, when what it stored is rolled back (a file already gone is no error). */
    async deleteFiles(keys: string[]): Promise<void> {
      await Promise.allSettled(keys.map((key) => storage.delete(key)));
    },
    /** The image already registered at an address (addresses are unique), if any. */
    async idByUrl(trx: Db, url: string): Promise<number | undefined> {
      return (await trx.selectFrom('media').select('id').where('url', '=', url).executeTakeFirst())?.id;
    },
    async register(trx: Db, input: NewMedia): Promise<number> {
      return (await insertMedia(trx, mediaRow(input, clock.now().toISOString()))).id;
    },
    /** Bring an imported image's record up to date with its source (its address, size and descriptions). */
    async update(trx: Db, id: number, input: NewMedia): Promise<void> {
      const { created_at: _created, ...row } = mediaRow(input, clock.now().toISOString());
      await trx.updateTable('media').set(row).where('id', '=', id).execute();
    },
    /**
     * Store a local image (refused like an upload when it is no image we
     * accept) and record it; an image with the same content stored before is
     * used again. Returns its id and address.
     */
    async storeLocal(trx: Db, image: LocalImage, wrote: (key: string) => void): Promise<{ id: number; url: string }> {
      const columns = await store(trx, image, wrote);
      const existing = await trx.selectFrom('media').select('id').where('url', '=', columns.url).executeTakeFirst();
      if (existing) return { id: existing.id, url: columns.url };
      const row = await insertMedia(trx, { ...columns, created_at: clock.now().toISOString() });
      return { id: row.id, url: row.url };
    },
    /** Point an imported image's record, registered by its old address until now, at a stored local copy; its new address. */
    async replaceWithLocal(trx: Db, id: number, image: LocalImage, wrote: (key: string) => void): Promise<string> {
      const columns = await store(trx, image, wrote);
      await trx.updateTable('media').set(columns).where('id', '=', id).execute();
      return columns.url;
    },
  };
}
