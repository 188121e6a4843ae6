import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { conflict } from '../../platform/errors.js';
import * as repo from './sections.repository.js';
import { checkSlug, sectionDescription, sectionName, sectionPosition, type Section, type Tag, tagName } from './sections.service.js';

/*
 * Sections and tags for an import, inside the importer's transaction (every
 * read and write takes it), under the same checks as the newsroom's forms.
 */

export interface ImportedSection {
  slug: string;
  name: string;
  description: string;
  position: number;
}

export type SectionImports = ReturnType<typeof createSectionImports>;

export function createSectionImports(clock: Clock) {
  const now = () => clock.now().toISOString();
  const section = (r: { id: number; slug: string; name: string; description: string }): Section => ({ id: r.id, slug: r.slug, name: r.name, description: r.description });
  const tag = (r: { id: number; slug: string; name: string }): Tag => ({ id: r.id, slug: r.slug, name: r.name });

  return {
    async sectionById(trx: Db, id: number): Promise<Section | undefined> {
      const row = await repo.findSectionById(trx, id);
      return row && section(row);
    },
    async sectionBySlug(trx: Db, slug: string): Promise<Section | undefined> {
      const row = await repo.findSectionBySlug(trx, slug);
      return row && section(row);
    },
    async createSection(trx: Db, input: ImportedSection): Promise<Section> {
      const slug = checkSlug(input.slug);
      if (await repo.findSectionBySlug(trx, slug)) throw conflict(`A section with the slug "${slug}" already exists.`);
      const row = await repo.insertSection(trx, {
        slug,
        name: sectionName(input.name),
        description: sectionDescription(input.description),
        position: sectionPosition(input.position),
        created_at: now(),
      });
      return section(row);
    },
    /** Change an imported section's name, description and position (its slug stays: addresses depend on it). */
    async updateSection(trx: Db, id: number, input: Omit<ImportedSection, 'slug'>): Promise<void> {
      await repo.updateSection(trx, id, { name: sectionName(input.name), description: sectionDescription(input.description), position: sectionPosition(input.position) });
    },
    async tagById(trx: Db, id: number): Promise<Tag | undefined> {
      const row = await repo.findTagById(trx, id);
      return row && tag(row);
    },
    async tagBySlug(trx: Db, slug: string): Promise<Tag | undefined> {
      const row = await repo.findTagBySlug(trx, slug);
      return row && tag(row);
    },
    async createTag(trx: Db, input: { slug: string; name: string }): Promise<Tag> {
      const slug = checkSlug(input.slug);
      if (await repo.findTagBySlug(trx, slug)) throw conflict(`A tag with the slug "${slug}" already exists.`);
      return tag(await repo.insertTag(trx, { slug, name: tagName(input.name), created_at: now() }));
    },
    async updateTag(trx: Db, id: number, input: { name: string }): Promise<void> {
      await repo.updateTag(trx, id, { name: tagName(input.name) });
    },
  };
}
