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

/** Extensions an original may have (media.processing.ts writes these). */
const ORIGINAL_EXTENSIONS = ['jpg', 'png', 'webp', 'avif', 'gif'];

/** The URLs the original of a rendition could have: `…/harbour-640.webp` → `…/harbour.jpg`, `…/harbour.png`, …; none for other URLs. */
export function originalsOf(url: string): string[] {
  const m = /^(.*)-\d{1,5}\.[a-z0-9]{2,5}$/.exec(url);
  return m ? ORIGINAL_EXTENSIONS.map((ext) => `${m[1]}.${ext}`) : [];
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
    /**
     * What bodies' images are shown with, by URL: the intrinsic size (for
     * width/height) and the library's current alt text, for an original or
     * any of its renditions (`…/harbour-1280.jpg` is a rendition of
     * `…/harbour.jpg`). URLs of no library image are left out.
     */
    async sizesByUrl(urls: string[]): Promise<Map<string, { width?: number; height?: number; alt: string }>> {
      const unique = [...new Set(urls)];
      if (unique.length === 0) return new Map();
      const candidates = new Set(unique);
      for (const u of unique) for (const original of originalsOf(u)) candidates.add(original);
      const rows = await repo.describedByUrls(db, [...candidates]);
      const out = new Map<string, { width?: number; height?: number; alt: string }>();
      const sized = (w: number | null, h: number | null) => (w && h ? { width: w, height: h } : {});
      const wanted = new Set(unique);
      for (const r of rows) {
        if (wanted.has(r.url)) out.set(r.url, { ...sized(r.width, r.height), alt: r.alt });
        for (const v of parseVariants(r.variants)) if (wanted.has(v.url) && !out.has(v.url)) out.set(v.url, { ...sized(v.width, v.height), alt: r.alt });
      }
      return out;
    },
  };
}
