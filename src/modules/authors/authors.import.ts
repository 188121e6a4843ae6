import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { conflict } from '../../platform/errors.js';
import * as repo from './authors.repository.js';
import { authorBio, authorName, authorSlug } from './authors.service.js';

/*
 * Author profiles for an import, inside the importer's transaction, under the
 * same checks as the newsroom's author screen. Imported writers need no
 * staff account.
 */

export interface ImportedAuthor {
  slug: string;
  name: string;
  bio: string;
}

export type AuthorImports = ReturnType<typeof createAuthorImports>;

export function createAuthorImports(clock: Clock) {
  const now = () => clock.now().toISOString();
  return {
    async byId(trx: Db, id: number): Promise<{ id: number; slug: string; name: string } | undefined> {
      const row = await repo.findById(trx, id);
      return row && { id: row.id, slug: row.slug, name: row.name };
    },
    /** The id of the author holding a slug, if any. */
    idBySlug(trx: Db, slug: string): Promise<number | undefined> {
      return repo.idBySlug(trx, slug);
    },
    /** Those of these ids that name no author. */
    async missing(trx: Db, ids: number[]): Promise<number[]> {
      const found = new Set((await repo.findByIds(trx, [...new Set(ids)])).map((r) => r.id));
      return ids.filter((id) => !found.has(id));
    },
    async create(trx: Db, input: ImportedAuthor): Promise<number> {
      const slug = authorSlug(input.slug);
      if ((await repo.idBySlug(trx, slug)) !== undefined) throw conflict(`An author with the slug "${slug}" already exists.`);
      const at = now();
      const row = await repo.insertAuthor(trx, { slug, name: authorName(input.name), bio: authorBio(input.bio), photo_id: null, links: '[]', created_at: at, updated_at: at });
      return row.id;
    },
    /** Change an imported author's name and bio (the slug stays: the author page's address depends on it). */
    async update(trx: Db, id: number, input: Omit<ImportedAuthor, 'slug'>): Promise<void> {
      await repo.updateAuthor(trx, id, { name: authorName(input.name), bio: authorBio(input.bio), updated_at: now() });
    },
  };
}
