import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { SectionRow, TagRow } from '../../platform/db/schema.js';
import { conflict, invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { isSlug, slugify } from '../../platform/slug.js';
import * as repo from './sections.repository.js';

export interface Section {
  id: number;
  slug: string;
  name: string;
  description: string;
}
export interface Tag {
  id: number;
  slug: string;
  name: string;
}

export interface NewSection {
  slug: string;
  name: string;
  description?: string;
  position?: number;
}

const toSection = (r: SectionRow): Section => ({ id: r.id, slug: r.slug, name: r.name, description: r.description });
const toTag = (r: TagRow): Tag => ({ id: r.id, slug: r.slug, name: r.name });

export type SectionsService = ReturnType<typeof createSectionsService>;

/** Sections (the site's desks) and tags. */
export function createSectionsService(db: Db, clock: Clock, events: ContentEvents) {
  return {
    async list(): Promise<Section[]> {
      return (await repo.listSections(db)).map(toSection);
    },
    async bySlug(slug: string): Promise<Section | undefined> {
      const r = await repo.findSectionBySlug(db, slug);
      return r && toSection(r);
    },
    async byIds(ids: number[]): Promise<Map<number, Section>> {
      return new Map((await repo.findSectionsByIds(db, [...new Set(ids)])).map((r) => [r.id, toSection(r)]));
    },
    async create(input: NewSection): Promise<Section> {
      const name = input.name?.trim();
      if (!name || name.length > 200) throw invalidInput('A section needs a name of 1 to 200 characters.');
      if (!isSlug(input.slug)) throw invalidInput(`"${input.slug}" is not a valid slug: use lower-case letters, digits and hyphens.`);
      if (await repo.findSectionBySlug(db, input.slug)) throw conflict(`A section with the slug "${input.slug}" already exists.`);
      const row = await repo.insertSection(db, {
        slug: input.slug,
        name,
        description: input.description?.trim() ?? '',
        position: input.position ?? 0,
        created_at: clock.now().toISOString(),
      });
      events.changed({ kind: 'section', id: row.id });
      return toSection(row);
    },

    async listTags(): Promise<Tag[]> {
      return (await repo.listTags(db)).map(toTag);
    },
    async tagBySlug(slug: string): Promise<Tag | undefined> {
      const r = await repo.findTagBySlug(db, slug);
      return r && toTag(r);
    },
    async tagsByIds(ids: number[]): Promise<Map<number, Tag>> {
      return new Map((await repo.findTagsByIds(db, [...new Set(ids)])).map((r) => [r.id, toTag(r)]));
    },
    /**
     * Find tags by name or slug, creating the missing ones. Runs in the
     * caller's transaction when given one.
     */
    async ensureTags(names: string[], trx: Db = db): Promise<Tag[]> {
      const wanted = new Map<string, string>();
      for (const n of names) {
        const name = n.trim();
        if (!name) continue;
        if (name.length > 100) throw invalidInput(`The tag "${name.slice(0, 40)}…" is longer than 100 characters.`);
        wanted.set(isSlug(name) ? name : slugify(name), name);
      }
      const existing = await repo.findTagsBySlugs(trx, [...wanted.keys()]);
      const out = existing.map(toTag);
      for (const [slug, name] of wanted) {
        if (existing.some((t) => t.slug === slug)) continue;
        const display = isSlug(name) ? name.replace(/-/g, ' ') : name;
        out.push(toTag(await repo.insertTag(trx, { slug, name: display, created_at: clock.now().toISOString() })));
      }
      return out;
    },
  };
}
