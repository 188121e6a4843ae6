import type { Db } from '../../platform/db/database.js';
import type { SectionRow, TagRow } from '../../platform/db/schema.js';

export const listSections = (db: Db): Promise<SectionRow[]> => db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();

export const findSectionBySlug = (db: Db, slug: string): Promise<SectionRow | undefined> => db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findSectionsByIds = (db: Db, ids: number[]): Promise<SectionRow[]> => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('sections').selectAll().where('id', 'in', ids).execute());

export async function insertSection(db: Db, row: Omit<SectionRow, 'id'>): Promise<SectionRow> {
  return db.insertInto('sections').values(row).returningAll().executeTakeFirstOrThrow();
}

export const listTags = (db: Db): Promise<TagRow[]> => db.selectFrom('tags').selectAll().orderBy('name').execute();

export const findTagBySlug = (db: Db, slug: string): Promise<TagRow | undefined> => db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findTagsBySlugs = (db: Db, slugs: string[]): Promise<TagRow[]> => (slugs.length === 0 ? Promise.resolve([]) : db.selectFrom('tags').selectAll().where('slug', 'in', slugs).execute());

export const findTagsByIds = (db: Db, ids: number[]): Promise<TagRow[]> => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('tags').selectAll().where('id', 'in', ids).execute());

export async function insertTag(db: Db, row: Omit<TagRow, 'id'>): Promise<TagRow> {
  return db.insertInto('tags').values(row).returningAll().executeTakeFirstOrThrow();
}

export const findSectionById = (db: Db, id: number): Promise<SectionRow | undefined> => db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();

export async function updateSection(db: Db, id: number, patch: Partial<Omit<SectionRow, 'id' | 'created_at'>>): Promise<SectionRow | undefined> {
  if (Object.keys(patch).length === 0) return findSectionById(db, id);
  return db.updateTable('sections').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Every section with the number of articles (in any status) filed under it. */
export const listSectionsWithCounts = (db: Db): Promise<(SectionRow & { articles: number })[]> =>
  db
    .selectFrom('sections')
    .leftJoin('articles', 'articles.section_id', 'sections.id')
    .selectAll('sections')
    .select((eb) => eb.fn.count<number>('articles.id').as('articles'))
    .groupBy(['sections.id', 'sections.slug', 'sections.name', 'sections.description', 'sections.position', 'sections.created_at'])
    .orderBy('sections.position')
    .orderBy('sections.name')
    .execute();

/** How many articles (in any status) are filed under a section. */
export async function countSectionArticles(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('section_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Delete a section only while no article is filed under it, in one
 * statement; returns whether it was deleted. (articles.section_id is ON
 * DELETE SET NULL, so an unconditional delete would silently unfile them.)
 */
export async function deleteUnusedSection(db: Db, id: number): Promise<boolean> {
  const res = await db
    .deleteFrom('sections')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('articles').select('articles.id').where('articles.section_id', '=', id))))
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export const findTagById = (db: Db, id: number): Promise<TagRow | undefined> => db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();

export async function updateTag(db: Db, id: number, patch: Partial<Pick<TagRow, 'name' | 'slug'>>): Promise<TagRow | undefined> {
  if (Object.keys(patch).length === 0) return findTagById(db, id);
  return db.updateTable('tags').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Delete a tag; its article links go with it (article_tags.tag_id is ON DELETE CASCADE). */
export async function deleteTag(db: Db, id: number): Promise<boolean> {
  const res = await db.deleteFrom('tags').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
