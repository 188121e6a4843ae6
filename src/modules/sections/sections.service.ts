import type { Clock } from '../../platform/clock.js';
import { sectionPath, tagPath } from '../../platform/urls.js';
import type { Db } from '../../platform/db/database.js';
import type { SectionRow, TagRow } from '../../platform/db/schema.js';
import { conflict, invalidInput, notFound } from '../../platform/errors.js';
import { singleLine } from '../../platform/text-rules.js';
import type { ContentEvents } from '../../platform/events.js';
import { ReadCache } from '../../platform/read-cache.js';
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

/** A section as the newsroom manages it: with its position and how many articles (any status) it files. */
export interface SectionDetail extends Section {
  position: number;
  articleCount: number;
}

export interface SectionPatch {
  name?: string;
  slug?: string;
  description?: string;
  position?: number;
}

/** A tag with how many articles (any status) carry it. */
export interface TagDetail extends Tag {
  articleCount: number;
}

export interface TagPatch {
  name?: string;
  slug?: string;
}

export const SECTION_LIMITS = Object.freeze({ name: 200, description: 2000, position: 1_000_000 });
export const TAG_NAME_MAX = 100;

const toSection = (r: SectionRow): Section => ({ id: r.id, slug: r.slug, name: r.name, description: r.description });
const toTag = (r: TagRow): Tag => ({ id: r.id, slug: r.slug, name: r.name });
const toSectionDetail = (r: SectionRow, articleCount: number): SectionDetail => ({ ...toSection(r), position: r.position, articleCount: Number(articleCount) });
const toTagDetail = (r: TagRow, articleCount: number): TagDetail => ({ ...toTag(r), articleCount: Number(articleCount) });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A section's name, checked (also for imports). */
export function sectionName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > SECTION_LIMITS.name) throw invalidInput('A section needs a name of 1 to 200 characters.');
  return singleLine('The section name', name);
}

/** A section's description, checked ('' when absent). */
export function sectionDescription(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidInput('The description must be text.');
  const d = value.trim();
  if (d.length > SECTION_LIMITS.description) throw invalidInput(`The description is limited to ${SECTION_LIMITS.description} characters (this one has ${d.length}).`);
  return d;
}

/** A section's navigation position, checked (0 when absent). */
export function sectionPosition(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const max = SECTION_LIMITS.position;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > max) {
    throw invalidInput(`The position must be a whole number from -${max.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`);
  }
  return value;
}

/** A section's or tag's slug, checked. */
export function checkSlug(slug: unknown): string {
  if (typeof slug !== 'string' || !isSlug(slug)) throw invalidInput(`"${String(slug)}" is not a valid slug: use lower-case letters, digits and hyphens.`);
  return slug;
}

/** A tag's name, checked. */
export function tagName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > TAG_NAME_MAX) throw invalidInput(`A tag needs a name of 1 to ${TAG_NAME_MAX} characters.`);
  return singleLine('The tag name', name);
}

/**
 * Which articles carry which tag. The article_tags table is the articles
 * module's: src/services.ts passes its functions in here, so the sections
 * module never imports the articles service (which depends on this one).
 */
export interface TagLinks {
  /** How many articles (any status) carry each tag: of these tags, or of every tag when undefined. Tags no article carries may be absent. */
  countByTag(db: Db, tagIds?: number[]): Promise<Map<number, number>>;
  /** Move every article's link from one tag to another, in the caller's transaction. */
  moveTagLinks(trx: Db, fromId: number, intoId: number): Promise<void>;
  /** Of these tags (or every tag when undefined), those a story visible at `now` carries. */
  onVisible(db: Db, now: string, tagIds?: number[]): Promise<Set<number>>;
}

export type SectionsService = ReturnType<typeof createSectionsService>;

/** Sections (the site's desks) and tags. */
/** Told when a section or tag leaves an address for a new slug, so the old one can lead to it (the redirects module). */
export type SlugMoved = (kind: 'section' | 'tag' | 'author', id: number, oldPath: string) => Promise<void>;

const nowhere: SlugMoved = async () => {};

export function createSectionsService(db: Db, clock: Clock, events: ContentEvents, tagLinks: TagLinks, slugMoved: SlugMoved = nowhere) {
  return { ...createSections(db, clock, events, slugMoved), ...createTags(db, clock, events, tagLinks, slugMoved) };
}

/** The sections: the site's desks, in navigation order. */
function createSections(db: Db, clock: Clock, events: ContentEvents, slugMoved: SlugMoved) {
  // Every public page shows the sections: read them once per change of a section.
  const kept = new ReadCache(clock, events, { affectedBy: (kind) => kind === 'section' });
  const list = async (): Promise<Section[]> => kept.get('sections', async () => (await repo.listSections(db)).map(toSection));
  return {
    list,
    async bySlug(slug: string): Promise<Section | undefined> {
      const r = await repo.findSectionBySlug(db, slug);
      return r && toSection(r);
    },
    async byIds(ids: number[]): Promise<Map<number, Section>> {
      const wanted = new Set(ids);
      const known = (await list()).filter((s) => wanted.has(s.id));
      if (known.length === wanted.size) return new Map(known.map((s) => [s.id, s]));
      // Not all among those kept (one made a moment ago elsewhere, or none at all): ask the database.
      return new Map((await repo.findSectionsByIds(db, [...wanted])).map((r) => [r.id, toSection(r)]));
    },
    async create(input: NewSection): Promise<Section> {
      const name = sectionName(input.name);
      const slug = checkSlug(input.slug);
      const description = sectionDescription(input.description);
      const position = sectionPosition(input.position);
      if (await repo.findSectionBySlug(db, slug)) throw conflict(`A section with the slug "${slug}" already exists.`);
      const row = await repo.insertSection(db, { slug, name, description, position, created_at: clock.now().toISOString() });
      events.changed({ kind: 'section', id: row.id });
      return toSection(row);
    },
    /** Every section, in navigation order, with position and article counts (for the newsroom). */
    async listDetailed(): Promise<SectionDetail[]> {
      return (await repo.listSectionsWithCounts(db)).map((r) => toSectionDetail(r, r.articles));
    },
    async detail(id: number): Promise<SectionDetail | undefined> {
      const row = await repo.findSectionById(db, id);
      return row && toSectionDetail(row, await repo.countSectionArticles(db, id));
    },
    /**
     * Change a section; fields left undefined stay as they are. A new slug
     * moves the section's page (the old address then answers 404).
     */
    async update(id: number, patch: SectionPatch): Promise<Section> {
      const current = await repo.findSectionById(db, id);
      if (!current) throw notFound('section');
      const set: Partial<Omit<SectionRow, 'id' | 'created_at'>> = {};
      if (patch.name !== undefined) set.name = sectionName(patch.name);
      if (patch.slug !== undefined) set.slug = checkSlug(patch.slug);
      if (patch.description !== undefined) set.description = sectionDescription(patch.description);
      if (patch.position !== undefined) set.position = sectionPosition(patch.position);
      if (set.slug !== undefined && set.slug !== current.slug) {
        const taken = await repo.findSectionBySlug(db, set.slug);
        if (taken && taken.id !== id) throw conflict(`A section with the slug "${set.slug}" already exists.`);
      }
      const row = await repo.updateSection(db, id, set);
      if (!row) throw notFound('section');
      if (row.slug !== current.slug) await slugMoved('section', id, sectionPath(current.slug));
      events.changed({ kind: 'section', id });
      return toSection(row);
    },
    /**
     * Delete a section no article is filed under. While articles (in any
     * status, drafts included) use it, it is refused with a 409 saying how
     * many: they must be moved to another section first.
     */
    async remove(id: number): Promise<void> {
      const current = await repo.findSectionById(db, id);
      if (!current) throw notFound('section');
      if (!(await repo.deleteUnusedSection(db, id))) {
        const n = await repo.countSectionArticles(db, id);
        if (n === 0) throw notFound('section');
        throw conflict(`The section "${current.name}" still has ${plural(n, 'article')} filed under it. Move ${n === 1 ? 'it' : 'them'} to another section first.`);
      }
      events.changed({ kind: 'section', id });
    },
  };
}

/** Tags: found or made when articles name them, and kept tidy by the newsroom. */
function createTags(db: Db, clock: Clock, events: ContentEvents, tagLinks: TagLinks, slugMoved: SlugMoved) {
  const articlesWith = async (q: Db, tagId: number): Promise<number> => (await tagLinks.countByTag(q, [tagId])).get(tagId) ?? 0;

  const nowIso = () => clock.now().toISOString();

  return {
    /** Every tag, for the newsroom (drafts' tags included: they can be reused). */
    async listTags(): Promise<Tag[]> {
      return (await repo.listTags(db)).map(toTag);
    },
    /** A tag by slug, for the newsroom and importers, whether or not any story is public. */
    async tagBySlug(slug: string): Promise<Tag | undefined> {
      const r = await repo.findTagBySlug(db, slug);
      return r && toTag(r);
    },
    /**
     * The tags readers may see, by name: those a published story carries.
     * A tag typed only on drafts, stories in review, scheduled stories
     * before their time or unpublished ones stays unknown to the public.
     */
    async publicTags(): Promise<Tag[]> {
      const [rows, visible] = await Promise.all([repo.listTags(db), tagLinks.onVisible(db, nowIso())]);
      return rows.filter((r) => visible.has(r.id)).map(toTag);
    },
    /** Of these tags, those readers may see (a published story carries them), by id. */
    async publicTagsByIds(ids: number[]): Promise<Map<number, Tag>> {
      const [rows, visible] = await Promise.all([repo.findTagsByIds(db, [...new Set(ids)]), tagLinks.onVisible(db, nowIso(), ids)]);
      return new Map(rows.filter((r) => visible.has(r.id)).map((r) => [r.id, toTag(r)]));
    },
    /** A tag readers may see (a published story carries it), else undefined, as for a tag that does not exist. */
    async publicTagBySlug(slug: string): Promise<Tag | undefined> {
      const r = await repo.findTagBySlug(db, slug);
      if (!r || !(await tagLinks.onVisible(db, nowIso(), [r.id])).has(r.id)) return undefined;
      return toTag(r);
    },
    /** Tags by id; pass the caller's transaction when reading inside one. */
    async tagsByIds(ids: number[], trx: Db = db): Promise<Map<number, Tag>> {
      return new Map((await repo.findTagsByIds(trx, [...new Set(ids)])).map((r) => [r.id, toTag(r)]));
    },
    /** Every tag by name, with how many articles (any status) carry it. */
    async listTagsWithCounts(): Promise<TagDetail[]> {
      const [rows, counts] = await Promise.all([repo.listTags(db), tagLinks.countByTag(db)]);
      return rows.map((r) => toTagDetail(r, counts.get(r.id) ?? 0));
    },
    async tagDetail(id: number): Promise<TagDetail | undefined> {
      const row = await repo.findTagById(db, id);
      return row && toTagDetail(row, await articlesWith(db, id));
    },
    /** Rename a tag and/or change its slug (the old /tag/ address then leads to the new one). */
    async updateTag(id: number, patch: TagPatch): Promise<Tag> {
      const current = await repo.findTagById(db, id);
      if (!current) throw notFound('tag');
      const set: Partial<Pick<TagRow, 'name' | 'slug'>> = {};
      if (patch.name !== undefined) set.name = tagName(patch.name);
      if (patch.slug !== undefined) set.slug = checkSlug(patch.slug);
      if (set.slug !== undefined && set.slug !== current.slug) {
        const taken = await repo.findTagBySlug(db, set.slug);
        if (taken && taken.id !== id) throw conflict(`A tag with the slug "${set.slug}" already exists. To combine the two, merge this tag into it.`);
      }
      const row = await repo.updateTag(db, id, set);
      if (!row) throw notFound('tag');
      if (row.slug !== current.slug) await slugMoved('tag', id, tagPath(current.slug));
      events.changed({ kind: 'tag', id });
      return toTag(row);
    },
    /**
     * Merge one tag into another: every article tagged `fromId` gets
     * `intoId` instead, and `fromId` is deleted (its page then answers 404).
     * Returns the surviving tag and how many articles carried the merged one.
     */
    async mergeTags(fromId: number, intoId: number): Promise<{ into: Tag; articles: number }> {
      if (fromId === intoId) throw invalidInput('A tag cannot be merged into itself: choose another tag.');
      const result = await db.transaction().execute(async (trx) => {
        const from = await repo.findTagById(trx, fromId);
        const into = await repo.findTagById(trx, intoId);
        if (!from) throw notFound('tag');
        if (!into) throw invalidInput('The tag to merge into no longer exists.');
        const articles = await articlesWith(trx, fromId);
        await tagLinks.moveTagLinks(trx, fromId, intoId);
        await repo.deleteTag(trx, fromId);
        return { into: toTag(into), articles };
      });
      events.changed({ kind: 'tag', id: fromId });
      events.changed({ kind: 'tag', id: intoId });
      return result;
    },
    /** Delete a tag; the articles that carried it simply lose it. */
    async removeTag(id: number): Promise<void> {
      if (!(await repo.deleteTag(db, id))) throw notFound('tag');
      events.changed({ kind: 'tag', id });
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
        singleLine(`The tag "${name.slice(0, 40)}"`, name);
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
