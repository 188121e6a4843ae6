import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as articlesRepo from './articles.repository.js';
import { settingsOf } from './articles.rules.js';
import { articlePath } from '../../platform/urls.js';
import { type EditorialAccess, effectiveStatus } from './editorial.permissions.js';
import type { Actor, EditableArticle } from './editorial.types.js';

interface PresenterDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  sections: SectionsService;
  access: EditorialAccess;
}

export type EditorialPresenter = ReturnType<typeof createEditorialPresenter>;

/** An article as the newsroom finds and edits it. */
export function createEditorialPresenter({ db, clock, settings, sections, access }: PresenterDeps) {
  /** The article with this id, whatever its status, or a 404. */
  async function load(id: number): Promise<ArticleRow> {
    if (!Number.isInteger(id) || id < 1) throw notFound('article');
    const row = await articlesRepo.findById(db, id);
    if (!row) throw notFound('article');
    return row;
  }

  return {
    load,

    /** The article with this id, if the actor may open it. */
    async open(actor: Actor, id: number): Promise<ArticleRow> {
      const row = await load(id);
      await access.requireOpen(actor, row);
      return row;
    },

    /** The article as the editor shows it, with what this actor may do with it now. */
    async present(actor: Actor, row: ArticleRow): Promise<EditableArticle> {
      const [authorIds, tagIds, site, allowed] = await Promise.all([articlesRepo.authorIdsFor(db, row.id), articlesRepo.tagIdsFor(db, row.id), settings.get(), access.permissions(actor, row)]);
      const tags = await sections.tagsByIds(tagIds);
      const status = effectiveStatus(row, clock.now().toISOString());
      return {
        id: row.id,
        headline: row.headline,
        slug: row.slug,
        dek: row.dek,
        body: row.body,
        ...settingsOf(row),
        tags: [...tags.values()].map((t) => t.name).sort((a, b) => a.localeCompare(b)),
        authorIds,
        status,
        version: row.version,
        publishedAt: row.published_at,
        updatedAt: row.updated_at,
        createdAt: row.created_at,
        modifiedAt: row.modified_at,
        createdBy: row.created_by,
        statusChangedAt: row.status_changed_at,
        statusChangedBy: row.status_changed_by,
        path: status === 'published' && row.published_at ? articlePath(row.slug, row.published_at, site.timezone) : null,
        allowed,
      };
    },
  };
}
