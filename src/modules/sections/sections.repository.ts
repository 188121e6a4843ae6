import type { Db } from '../../platform/db/database.js';
import type { SectionRow, TagRow } from '../../platform/db/schema.js';

export const listSections = (db: Db): Promise<SectionRow[]> =>
  db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();

export const findSectionBySlug = (db: Db, slug: string): Promise<SectionRow | undefined> =>
  db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findSectionsByIds = (db: Db, ids: number[]): Promise<SectionRow[]> =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('sections').selectAll().where('id', 'in', ids).execute();

export async function insertSection(db: Db, row: Omit<SectionRow, 'id'>): Promise<SectionRow> {
  return db.insertInto('sections').values(row).returningAll().executeTakeFirstOrThrow();
}

export const listTags = (db: Db): Promise<TagRow[]> => db.selectFrom('tags').selectAll().orderBy('name').execute();

export const findTagBySlug = (db: Db, slug: string): Promise<TagRow | undefined> =>
  db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findTagsBySlugs = (db: Db, slugs: string[]): Promise<TagRow[]> =>
  slugs.length === 0 ? Promise.resolve([]) : db.selectFrom('tags').selectAll().where('slug', 'in', slugs).execute();

export const findTagsByIds = (db: Db, ids: number[]): Promise<TagRow[]> =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('tags').selectAll().where('id', 'in', ids).execute();

export async function insertTag(db: Db, row: Omit<TagRow, 'id'>): Promise<TagRow> {
  return db.insertInto('tags').values(row).returningAll().executeTakeFirstOrThrow();
}
