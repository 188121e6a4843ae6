import { type SqlBool, sql } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { MediaRow, Role } from '../../platform/db/schema.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { can } from '../accounts/permissions.js';
import type { AuditService } from '../audit/audit.service.js';
import { imageMarkdown } from '../markdown/news-blocks.js';
import type { ImageRendition } from './media.service.js';
import type { MediaStorage } from './media.storage.js';
import { descriptionText } from './media.upload.js';

/** A story that shows an image (the articles module answers this). */
export interface ImageUse {
  articleId: number;
  headline: string;
  status: string;
  featured: boolean;
  inBody: boolean;
}

/** Where images are used: given each image's id and the text its files' addresses start with. */
export interface ImageUsageSource {
  usesOf(images: { id: number; needle: string }[], trx?: Db): Promise<Map<number, ImageUse[]>>;
}

/** Who acts on the library. */
export interface MediaActor {
  accountId: number | null;
  role: Role;
}

/** An image as the library lists it. */
export interface LibraryImage {
  id: number;
  url: string;
  mime: string;
  width: number | null;
  height: number | null;
  /** Size of the stored original in bytes; null for an image registered by its address. */
  bytes: number | null;
  alt: string;
  caption: string;
  credit: string;
  originalName: string;
  createdAt: string;
  /** The smallest rendition, for thumbnails. */
  thumbnail: { url: string; width: number | null; height: number | null };
  /** The Markdown that shows it inside a story's body. */
  markdown: string;
  uses: ImageUse[];
}

export interface LibraryPage {
  images: LibraryImage[];
  /** The id to pass as `before` for the next (older) page; null on the last. */
  next: number | null;
}

export const PAGE_SIZE = 24;
/** Longest search accepted. */
export const MAX_QUERY = 200;

const parseVariants = (json: string): (ImageRendition & { key?: string })[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is ImageRendition & { key?: string } => typeof x?.url === 'string' && Number.isInteger(x?.width)) : [];
  } catch {
    return [];
  }
};

/**
 * The text every address of an image's files starts with: its stored files
 * share the original's name up to the extension (`…/abc-harbour.jpg`,
 * `…/abc-harbour-640.webp`); an image registered by address has only that.
 */
export function addressStem(row: Pick<MediaRow, 'url' | 'storage_key'>): string {
  return row.storage_key ? row.url.replace(/\.[A-Za-z0-9]{1,5}$/, '') : row.url;
}

/** Every stored file of an image: the original and its renditions. */
function storageKeys(row: MediaRow): string[] {
  const keys = new Set<string>();
  if (row.storage_key) keys.add(row.storage_key);
  for (const v of parseVariants(row.variants)) if (typeof v.key === 'string') keys.add(v.key);
  return [...keys];
}

const likeEscape = (s: string) => s.replace(/[!%_]/g, '!$&');

function present(row: MediaRow, uses: ImageUse[]): LibraryImage {
  const variants = parseVariants(row.variants);
  const smallest = [...variants].sort((a, b) => a.width - b.width)[0];
  return {
    id: row.id,
    url: row.url,
    mime: row.mime,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    originalName: row.original_name,
    createdAt: row.created_at,
    thumbnail: smallest ? { url: smallest.url, width: smallest.width, height: smallest.height } : { url: row.url, width: row.width, height: row.height },
    markdown: imageMarkdown({ url: row.url, alt: row.alt, caption: row.caption, credit: row.credit, variants }),
    uses,
  };
}

export interface MediaLibraryDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  storage: MediaStorage;
  audit: AuditService;
  usage: ImageUsageSource;
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>;

/**
 * The media library: every image, searchable and newest first, where each
 * is used, and changing or deleting one. Alt text edited here is what every
 * story shows, since bodies' images are described from their media row
 * when pages are rendered (media.service.ts, sizesByUrl).
 */
export function createMediaLibrary({ db, events, storage, audit, usage }: MediaLibraryDeps) {
  const mayManage = (actor: MediaActor) => {
    if (!can(actor.role, 'media.manage')) throw forbidden('Your role may choose and upload images, but not change or delete them. Ask an editor.');
  };

  async function withUses(rows: MediaRow[]): Promise<LibraryImage[]> {
    const uses = await usage.usesOf(rows.map((r) => ({ id: r.id, needle: addressStem(r) })));
    return rows.map((r) => present(r, uses.get(r.id) ?? []));
  }

  async function row(id: number, trx: Db = db): Promise<MediaRow> {
    const found = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('image');
    return found;
  }

  return {
    /** A page of images, newest first, optionally matching `q` in alt text, caption, credit or file name. */
    async list({ q = '', before }: { q?: string; before?: number }): Promise<LibraryPage> {
      const query = q.trim();
      if (Array.from(query).length > MAX_QUERY) throw new AppError('invalid_input', 422, `Search for at most ${MAX_QUERY} characters.`);
      let select = db.selectFrom('media').selectAll();
      if (before !== undefined) select = select.where('id', '<', before);
      if (query) {
        const pattern = `%${likeEscape(query.toLowerCase())}%`;
        const like = (col: 'alt' | 'caption' | 'credit' | 'original_name') => sql<SqlBool>`lower(${sql.ref(col)}) like ${pattern} escape '!'`;
        select = select.where((eb) => eb.or([like('alt'), like('caption'), like('credit'), like('original_name')]));
      }
      const rows = await select
        .orderBy('id', 'desc')
        .limit(PAGE_SIZE + 1)
        .execute();
      const more = rows.length > PAGE_SIZE;
      const shown = rows.slice(0, PAGE_SIZE);
      return { images: await withUses(shown), next: more ? shown[shown.length - 1]!.id : null };
    },

    /** One image with where it is used; 404 when there is none with this id. */
    async get(id: number): Promise<LibraryImage> {
      const [image] = await withUses([await row(id)]);
      return image!;
    },

    /** Change an image's alt text, caption and credit; pages showing it are rendered anew. */
    async update(actor: MediaActor, id: number, input: { alt: unknown; caption: unknown; credit: unknown }): Promise<LibraryImage> {
      mayManage(actor);
      const alt = descriptionText(input.alt, 'alt', 'Alt text');
      if (!alt) throw new AppError('invalid_input', 422, 'Images need alt text describing them for readers who cannot see them.', { field: 'alt' });
      const caption = descriptionText(input.caption, 'caption', 'The caption');
      const credit = descriptionText(input.credit, 'credit', 'The credit');
      await db.transaction().execute(async (trx) => {
        const before = await row(id, trx);
        await trx.updateTable('media').set({ alt, caption, credit }).where('id', '=', id).execute();
        const changed = (['alt', 'caption', 'credit'] as const).filter((f) => before[f] !== { alt, caption, credit }[f]);
        await audit.record({ accountId: actor.accountId, action: 'media.update', subjectType: 'media', subjectId: id, details: { changed } }, trx);
      });
      // Every cached page (here, in other processes, and at a CDN) may show it: they are dropped.
      events.changed({ kind: 'media', id });
      return this.get(id);
    },

    /**
     * Delete an image no story shows (409, listing the stories, otherwise),
     * then its files. A file that cannot be removed stays on disk; the
     * record is gone either way.
     */
    async remove(actor: MediaActor, id: number): Promise<void> {
      mayManage(actor);
      const removed = await db.transaction().execute(async (trx) => {
        const found = await row(id, trx);
        const uses = (await usage.usesOf([{ id, needle: addressStem(found) }], trx)).get(id) ?? [];
        if (uses.length > 0) {
          const list = uses.map((u) => `“${u.headline}”`).join(', ');
          throw new AppError('conflict', 409, `This image is used by ${uses.length === 1 ? 'a story' : `${uses.length} stories`}: ${list}. Remove it from them first.`, {
            stories: uses.map((u) => ({ id: u.articleId, headline: u.headline, featured: u.featured, inBody: u.inBody })),
          });
        }
        await trx.deleteFrom('media').where('id', '=', id).execute();
        await audit.record({ accountId: actor.accountId, action: 'media.delete', subjectType: 'media', subjectId: id, details: { url: found.url, originalName: found.original_name } }, trx);
        return found;
      });
      await Promise.allSettled(storageKeys(removed).map((key) => storage.delete(key)));
      events.changed({ kind: 'media', id });
    },
  };
}
