import type { Clock } from '../../platform/clock.js';
import { authorPath } from '../../platform/urls.js';
import type { Db } from '../../platform/db/database.js';
import type { AuthorRow } from '../../platform/db/schema.js';
import { conflict, invalidInput, notFound } from '../../platform/errors.js';
import { singleLine } from '../../platform/text-rules.js';
import type { ContentEvents } from '../../platform/events.js';
import { isSlug } from '../../platform/slug.js';
import type { Image, MediaService } from '../media/media.service.js';
import * as repo from './authors.repository.js';

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

/** Changes to an author's profile; fields left undefined stay as they are. `photoId: null` removes the photo. */
export interface AuthorPatch {
  name?: string;
  slug?: string;
  bio?: string;
  photoId?: number | null;
  links?: AuthorLink[];
}

export const AUTHOR_LIMITS = Object.freeze({ name: 200, bio: 5000, links: 20, linkLabel: 100, linkUrl: 2000 });

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
  if (!Array.isArray(links)) throw invalidInput('Author links must be a list of { label, url }.');
  if (links.length > AUTHOR_LIMITS.links) throw invalidInput(`An author can have at most ${AUTHOR_LIMITS.links} links.`);
  for (const l of links) {
    if (typeof l?.url !== 'string' || typeof l?.label !== 'string') throw invalidInput('Every author link needs a label and a URL.');
    if (l.url.length > AUTHOR_LIMITS.linkUrl) throw invalidInput(`Link URLs are limited to ${AUTHOR_LIMITS.linkUrl} characters.`);
    if (l.label.trim().length > AUTHOR_LIMITS.linkLabel) throw invalidInput(`Link labels are limited to ${AUTHOR_LIMITS.linkLabel} characters.`);
    let ok: boolean;
    try {
      ok = ['http:', 'https:', 'mailto:'].includes(new URL(l.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw invalidInput(`The link "${l.url}" must be an absolute http(s) or mailto: URL.`);
    if (!l.label?.trim()) throw invalidInput('Every author link needs a label.');
  }
}

/** An author's name, checked (also for imports). */
export function authorName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > AUTHOR_LIMITS.name) throw invalidInput('An author needs a name of 1 to 200 characters.');
  return singleLine('The author name', name);
}

/** An author's slug, checked. */
export function authorSlug(slug: unknown): string {
  if (typeof slug !== 'string' || !isSlug(slug)) throw invalidInput(`"${String(slug)}" is not a valid slug: use lower-case letters, digits and hyphens.`);
  return slug;
}

/** An author's bio, checked ('' when absent). */
export function authorBio(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidInput('The bio must be text.');
  const bio = value.trim();
  if (bio.length > AUTHOR_LIMITS.bio) throw invalidInput(`The bio is limited to ${AUTHOR_LIMITS.bio} characters (this one has ${bio.length}).`);
  return bio;
}

/** Links as stored: labels trimmed, URLs as given (validateLinks has checked them). */
const cleanLinks = (links: AuthorLink[]): AuthorLink[] => links.map((l) => ({ label: l.label.trim(), url: l.url.trim() }));

/** Author profiles: staff, guests and imported writers alike. */
export function createAuthorsService(db: Db, clock: Clock, media: MediaService, events: ContentEvents, slugMoved: (kind: 'author', id: number, oldPath: string) => Promise<void> = async () => {}) {
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

  /** A photo must be an image in the media library (the column is a foreign key). */
  async function checkPhoto(photoId: number | null | undefined): Promise<number | null> {
    if (photoId === undefined || photoId === null) return null;
    if (!Number.isInteger(photoId) || photoId <= 0 || photoId > 2_147_483_647) throw invalidInput('The photo must be the number of an image in the media library.');
    if (!(await media.byIds([photoId])).has(photoId)) throw invalidInput(`There is no image number ${photoId} in the media library.`);
    return photoId;
  }

  return {
    async list(): Promise<Author[]> {
      return present(await repo.listAuthors(db));
    },
    async bySlug(slug: string): Promise<Author | undefined> {
      const row = await repo.findBySlug(db, slug);
      return row ? (await present([row]))[0] : undefined;
    },
    async byIds(ids: number[]): Promise<Map<number, Author>> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = await repo.findByIds(db, unique);
      return new Map((await present(rows)).map((a) => [a.id, a]));
    },
    async create(input: NewAuthor): Promise<Author> {
      const name = authorName(input.name);
      const slug = authorSlug(input.slug);
      const bio = authorBio(input.bio);
      const links = input.links ?? [];
      validateLinks(links);
      const photoId = await checkPhoto(input.photoId);
      if ((await repo.idBySlug(db, slug)) !== undefined) throw conflict(`An author with the slug "${slug}" already exists.`);
      const now = clock.now().toISOString();
      const row = await repo.insertAuthor(db, {
        slug,
        name,
        bio,
        photo_id: photoId,
        links: JSON.stringify(cleanLinks(links)),
        created_at: now,
        updated_at: now,
      });
      events.changed({ kind: 'author', id: row.id });
      return (await present([row]))[0]!;
    },
    async byId(id: number): Promise<Author | undefined> {
      const row = await repo.findById(db, id);
      return row ? (await present([row]))[0] : undefined;
    },
    /**
     * Change an author's profile with the same checks as create. A new slug
     * moves the author's page (the old address then answers 404).
     */
    async update(id: number, patch: AuthorPatch): Promise<Author> {
      const current = await repo.findById(db, id);
      if (!current) throw notFound('author');
      const set: { name?: string; slug?: string; bio?: string; photo_id?: number | null; links?: string; updated_at: string } = {
        updated_at: clock.now().toISOString(),
      };
      if (patch.name !== undefined) set.name = authorName(patch.name);
      if (patch.slug !== undefined) set.slug = authorSlug(patch.slug);
      if (patch.bio !== undefined) set.bio = authorBio(patch.bio);
      if (patch.links !== undefined) {
        validateLinks(patch.links);
        set.links = JSON.stringify(cleanLinks(patch.links));
      }
      if (patch.photoId !== undefined) set.photo_id = await checkPhoto(patch.photoId);
      if (set.slug !== undefined && set.slug !== current.slug) {
        const taken = await repo.idBySlug(db, set.slug);
        if (taken !== undefined && taken !== id) throw conflict(`An author with the slug "${set.slug}" already exists.`);
      }
      const row = await repo.updateAuthor(db, id, set);
      if (!row) throw notFound('author');
      if (row.slug !== current.slug) await slugMoved('author', id, authorPath(current.slug));
      events.changed({ kind: 'author', id });
      return (await present([row]))[0]!;
    },
  };
}
