import crypto from 'node:crypto';
import { type Clock, toDbTime } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { slugify } from '../../platform/slug.js';
import type { Image, MediaService } from './media.service.js';
import { type EncodedImage, type ImageLimits, processImage, resolveLimits } from './media.processing.js';
import { createImagePool, DEFAULT_POOL, type ImagePool } from './media.pool.js';
import type { MediaStorage } from './media.storage.js';
import { insertMedia } from './media.repository.js';

/** One responsive candidate, as recorded in `media.variants`. */
export interface ImageVariant {
  url: string;
  width: number;
  height: number;
  mime: string;
  /** Storage key of the file (the original's key when the candidate is the original itself). */
  key: string;
}

export interface UploadedImage extends Image {
  mime: string;
  /** Size of the stored original, in bytes. */
  bytes: number;
  variants: ImageVariant[];
}

export interface UploadInput {
  data: Buffer;
  /** The name the file had on the uploader's computer; only used for a readable key and the record. */
  originalName: string;
  alt: string;
  caption?: string;
  credit?: string;
}

export interface MediaUploaderOptions {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  storage: MediaStorage;
  media: MediaService;
  limits?: Partial<ImageLimits>;
  /** Where images are decoded: the process's image pool (default: a pool of this uploader's own, as DEFAULT_POOL). */
  pool?: ImagePool;
}

export const TEXT_LIMITS = Object.freeze({ alt: 500, caption: 1000, credit: 200, originalName: 300 });

const codePoints = (s: string) => Array.from(s).length;

// C0/C1 controls, and bidirectional overrides that can disguise a name ("gpj.exe").
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The original file name as recorded: last path segment, printable, at most 300 characters. */
export function sanitiseOriginalName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(UNPRINTABLE, '').replace(/\s+/g, ' ').trim();
  return Array.from(clean).slice(0, TEXT_LIMITS.originalName).join('');
}

/** The readable part of a storage key, from the file name without its extension. */
export function nameSlug(originalName: string): string {
  const stem = originalName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const s = slugify(stem);
  // slugify says "untitled" for names with no letters or digits it can keep ("写真", "!!!").
  if (s === 'untitled' && !/untitled/i.test(stem)) return 'image';
  return s.slice(0, 60).replace(/-+$/, '');
}

/** An image's alt text, caption or credit as stored: text, trimmed, within its limit (422 otherwise). */
export function descriptionText(value: unknown, field: 'alt' | 'caption' | 'credit', label: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidInput(`${label} must be text.`, { field });
  const trimmed = value.trim();
  const max = TEXT_LIMITS[field];
  const n = codePoints(trimmed);
  if (n > max) throw invalidInput(`${label} is limited to ${max} characters (this one has ${n}).`, { field });
  return trimmed;
}

/**
 * The upload use case: check the description, process the image (see
 * media.processing.ts) in a slot of the image pool (503 when it is full),
 * store the files, then record the media row. Either
 * everything is stored and recorded, or nothing is: files written before a
 * failure are deleted again.
 */
export function createMediaUploader({ db, clock, events, storage, media, limits, pool = createImagePool(DEFAULT_POOL) }: MediaUploaderOptions) {
  const resolved = resolveLimits(limits);

  return {
    /** The limits in force (the HTTP layer should stop reading a body beyond `maxBytes`). */
    limits: resolved as Readonly<ImageLimits>,

    async upload(input: UploadInput): Promise<UploadedImage> {
      const alt = descriptionText(input.alt, 'alt', 'Alt text');
      if (!alt) throw invalidInput('Images need alt text describing them for readers who cannot see them.', { field: 'alt' });
      const caption = descriptionText(input.caption, 'caption', 'The caption');
      const credit = descriptionText(input.credit, 'credit', 'The credit');
      const originalName = sanitiseOriginalName(input.originalName);

      const processed = await processImage(input.data, { limits: resolved, pool });

      const now = clock.now();
      const stem = `uploads/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${crypto.randomBytes(8).toString('hex')}-${nameSlug(originalName)}`;
      const keyOf = (img: EncodedImage, suffix: string) => `${stem}${suffix}.${img.extension}`;

      const written: string[] = [];
      const cleanUp = async () => {
        // Best effort: a file that cannot be deleted now is an orphan on disk, never a broken record.
        await Promise.allSettled(written.map((key) => storage.delete(key)));
      };

      let variants: ImageVariant[];
      let original: { url: string; key: string };
      try {
        const originalKey = keyOf(processed.original, '');
        const { url } = await storage.put(originalKey, processed.original.data, processed.original.mime);
        written.push(originalKey);
        original = { url, key: originalKey };
        variants = [];
        for (const v of processed.variants) {
          let stored = original;
          if (!v.isOriginal) {
            const key = keyOf(v, `-${v.width}`);
            const put = await storage.put(key, v.data, v.mime);
            written.push(key);
            stored = { url: put.url, key };
          }
          variants.push({ url: stored.url, width: v.width, height: v.height, mime: v.mime, key: stored.key });
        }
      } catch (err) {
        await cleanUp();
        throw err;
      }

      let id: number;
      try {
        const row = await insertMedia(db, {
          url: original.url,
          mime: processed.original.mime,
          width: processed.original.width,
          height: processed.original.height,
          alt,
          caption,
          credit,
          created_at: toDbTime(now),
          variants: JSON.stringify(variants),
          bytes: processed.original.data.length,
          storage_key: original.key,
          original_name: originalName,
        });
        id = row.id;
      } catch (err) {
        await cleanUp();
        throw err;
      }
      events.changed({ kind: 'media', id });

      const image = (await media.byIds([id])).get(id);
      if (!image) throw new Error(`media ${id} vanished right after it was recorded`);
      return { ...image, mime: processed.original.mime, bytes: processed.original.data.length, variants };
    },
  };
}

export type MediaUploader = ReturnType<typeof createMediaUploader>;
