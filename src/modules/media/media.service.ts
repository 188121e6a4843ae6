import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { Insertable } from 'kysely';
import type { MediaRow, MediaTable } from '../../platform/db/schema.js';
import { invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import * as repo from './media.repository.js';
import type { PreviewShapeName } from './media.preview-render.js';
import { type ImagePreview, previewsOf } from './media.preview-urls.js';

/** A smaller rendition of an image, for srcset. */
export interface ImageRendition {
  url: string;
  width: number;
  height: number;
  mime: string;
}

/** An image as the pages show it. */
export interface Image {
  id: number;
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string;
  credit: string;
  /** Responsive renditions (WebP by width, then a fallback), empty for images stored without them. */
  variants: ImageRendition[];
  /** Raster renditions for link previews and structured data (docs/structured-data.md); null for an image not stored here. */
  previews: Record<PreviewShapeName, ImagePreview> | null;
}

function parseVariants(json: string): ImageRendition[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v
      .filter((x): x is ImageRendition => typeof x?.url === 'string' && Number.isInteger(x?.width) && Number.isInteger(x?.height) && typeof x?.mime === 'string')
      .map((x) => ({ url: x.url, width: x.width, height: x.height, mime: x.mime }));
  } catch {
    return [];
  }
}

export interface NewMedia {
  url: string;
  mime: string;
  width?: number | null;
  height?: number | null;
  alt: string;
  caption?: string;
  credit?: string;
}

const toImage = (r: MediaRow): Image => ({
  id: r.id,
  url: r.url,
  width: r.width,
  height: r.height,
  alt: r.alt,
  caption: r.caption,
  credit: r.credit,
  variants: parseVariants(r.variants),
  previews: previewsOf(r),
});

/** The row for an image registered by its address (by hand or by an import), checked. */
export function mediaRow(input: NewMedia, at: string): Insertable<MediaTable> {
  if (!input.url || input.url.length > 1000) throw invalidInput('A media item needs a URL of at most 1000 characters.');
  if (!input.alt?.trim()) throw invalidInput('Images need alt text describing them for readers who cannot see them.');
  return {
    url: input.url,
    mime: input.mime,
    width: input.width ?? null,
    height: input.height ?? null,
    alt: input.alt.trim(),
    caption: input.caption?.trim() ?? '',
    credit: input.credit?.trim() ?? '',
    created_at: at,
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

/** The media library: records of stored images and their descriptions. */
export function createMediaService(db: Db, clock: Clock, events: ContentEvents) {
  return {
    async register(input: NewMedia): Promise<Image> {
      const row = await repo.insertMedia(db, mediaRow(input, clock.now().toISOString()));
      events.changed({ kind: 'media', id: row.id });
      return toImage(row);
    },
    async byIds(ids: number[]): Promise<Map<number, Image>> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = await repo.findByIds(db, unique);
      return new Map(rows.map((r) => [r.id, toImage(r)]));
    },
    /** Known intrinsic sizes of images by URL (for width/height in bodies). */
    async sizesByUrl(urls: string[]): Promise<Map<string, { width: number; height: number }>> {
      const unique = [...new Set(urls)];
      if (unique.length === 0) return new Map();
      const rows = await repo.sizesByUrls(db, unique);
      const out = new Map<string, { width: number; height: number }>();
      for (const r of rows) if (r.width && r.height) out.set(r.url, { width: r.width, height: r.height });
      return out;
    },
  };
}
