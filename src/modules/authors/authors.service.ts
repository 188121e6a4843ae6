import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { AuthorRow } from '../../platform/db/schema.js';
import { conflict, invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { isSlug } from '../../platform/slug.js';
import type { Image, MediaService } from '../media/media.service.js';

export interface AuthorLink {
  label: string;
  url: string;
}

/** An author's public profile. */
export interface Author {
  id: number;
  slug: string;
  name: string;
  bio: string;
  photo: Image | null;
  links: AuthorLink[];
}

export interface NewAuthor {
  slug: string;
  name: string;
  bio?: string;
  photoId?: number | null;
  links?: AuthorLink[];
}

export type AuthorsService = ReturnType<typeof createAuthorsService>;

function parseLinks(json: string): AuthorLink[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((l) => typeof l?.label === 'string' && typeof l?.url === 'string') : [];
  } catch {
    return [];
  }
}

function validateLinks(links: AuthorLink[]): void {
  for (const l of links) {
    let ok = false;
    try {
      ok = ['http:', 'https:', 'mailto:'].includes(new URL(l.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw invalidInput(`The link "${l.url}" must be an absolute http(s) or mailto: URL.`);
    if (!l.label?.trim()) throw invalidInput('Every author link needs a label.');
  }
}

/** Author profiles: staff, guests and imported writers alike. */
export function createAuthorsService(db: Db, clock: Clock, media: MediaService, events: ContentEvents) {
  async function present(rows: AuthorRow[]): Promise<Author[]> {
    const photos = await media.byIds(rows.map((r) => r.photo_id).filter((x): x is number => x !== null));
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      bio: r.bio,
      photo: (r.photo_id !== null && photos.get(r.photo_id)) || null,
      links: parseLinks(r.links),
    }));
  }

  return {
    async list(): Promise<Author[]> {
      return present(await db.selectFrom('authors').selectAll().orderBy('name').execute());
    },
    async bySlug(slug: string): Promise<Author | undefined> {
      const row = await db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? (await present([row]))[0] : undefined;
    },
    async byIds(ids: number[]): Promise<Map<number, Author>> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = await db.selectFrom('authors').selectAll().where('id', 'in', unique).execute();
      return new Map((await present(rows)).map((a) => [a.id, a]));
    },
    async create(input: NewAuthor): Promise<Author> {
      const name = input.name?.trim();
      if (!name || name.length > 200) throw invalidInput('An author needs a name of 1 to 200 characters.');
      if (!isSlug(input.slug)) throw invalidInput(`"${input.slug}" is not a valid slug: use lower-case letters, digits and hyphens.`);
      const links = input.links ?? [];
      validateLinks(links);
      const existing = await db.selectFrom('authors').select('id').where('slug', '=', input.slug).executeTakeFirst();
      if (existing) throw conflict(`An author with the slug "${input.slug}" already exists.`);
      const now = clock.now().toISOString();
      const row = await db
        .insertInto('authors')
        .values({
          slug: input.slug,
          name,
          bio: input.bio?.trim() ?? '',
          photo_id: input.photoId ?? null,
          links: JSON.stringify(links),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      events.changed({ kind: 'author', id: row.id });
      return (await present([row]))[0]!;
    },
  };
}
