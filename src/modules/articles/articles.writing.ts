import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow, NewArticleRow } from '../../platform/db/schema.js';
import { conflict } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { slugify } from '../../platform/slug.js';
import type { AuthorsService } from '../authors/authors.service.js';
import type { MediaService } from '../media/media.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import * as repo from './articles.repository.js';
import { type ArticleLookups, articleColumns, type NewArticle, newArticleRow, publicationColumns, requireHeadline, settingsOf } from './articles.rules.js';
import { freeSlug } from './articles.slugs.js';
import type { ArticleFields, RevisionKind } from './editorial.types.js';
import * as revisionsRepo from './editorial.repository.js';

export interface WriterDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  sections: SectionsService;
  authors: AuthorsService;
  media: MediaService;
}

/** Who a new article is by, and what else to record in its transaction (the audit entry). */
export interface CreatedBy {
  accountId: number | null;
  /** What the first revision says made it ('create' unless given: an import says 'import'). */
  kind?: RevisionKind;
  record?: (trx: Db, articleId: number) => Promise<void>;
}

export type ArticleWriter = ReturnType<typeof createArticleWriter>;

/**
 * The one write path for articles: every way of creating one (the editor,
 * the newsroom API, the demo, the tests' factories) goes through `create`,
 * and every change checks its fields with `columns` and keeps a revision.
 */
export function createArticleWriter({ db, clock, events, sections, authors, media }: WriterDeps) {
  const nowIso = () => clock.now().toISOString();

  /** Where the rules find what an article's fields point at. */
  const lookups: ArticleLookups = {
    sectionExists: async (id) => (await sections.byIds([id])).size > 0,
    imageExists: async (id) => (await media.byIds([id])).size > 0,
    articleExists: async (id) => (await repo.findById(db, id)) !== undefined,
    missingAuthors: async (ids) => {
      const found = await authors.byIds(ids);
      return ids.filter((id) => !found.has(id));
    },
  };

  /** Keep the state just saved as a numbered revision, saying what made it (`RevisionKind`). */
  async function keepRevision(trx: Db, id: number, accountId: number | null, kind: RevisionKind = 'save'): Promise<void> {
    const row = (await repo.findById(trx, id))!;
    const authorIds = await repo.authorIdsFor(trx, id);
    const tags = [...(await sections.tagsByIds(await repo.tagIdsFor(trx, id), trx)).values()].map((t) => t.name).sort();
    await revisionsRepo.insertRevision(trx, id, {
      version: row.version,
      headline: row.headline,
      dek: row.dek,
      body: row.body,
      // The date is kept for the record (the diff shows it); restoring a revision leaves the story's date alone.
      fields: JSON.stringify({ slug: row.slug, ...settingsOf(row), tags, authorIds, publishedAt: row.published_at }),
      account_id: accountId,
      created_at: nowIso(),
      kind,
    });
  }

  return {
    lookups,
    keepRevision,

    /** Check and normalise submitted fields into column values (only those given). */
    columns(fields: Partial<ArticleFields>, selfId: number | null): Promise<Partial<NewArticleRow>> {
      return articleColumns(fields, selfId, lookups);
    },

    /**
     * Create an article with its byline and tags and its first revision, in
     * one transaction. Without a slug it gets the headline's, made unique.
     */
    async create(input: NewArticle, by: CreatedBy): Promise<ArticleRow> {
      const headline = requireHeadline(input);
      const at = nowIso();
      const publication = publicationColumns(input, at);
      const columns = await articleColumns(input, null, lookups);
      const slug = columns.slug ?? (await freeSlug(db, slugify(headline)));
      const created = await db.transaction().execute(async (trx) => {
        if (await repo.slugTaken(trx, slug)) throw conflict(`The slug "${slug}" is already used by another article.`);
        const row = await repo.insertArticle(trx, newArticleRow(columns, { slug, headline: columns.headline ?? headline, ...publication, at, accountId: by.accountId }));
        await repo.replaceBylines(trx, row.id, input.authorIds ?? []);
        const tags = await sections.ensureTags(input.tags ?? [], trx);
        await repo.replaceTags(
          trx,
          row.id,
          tags.map((t) => t.id),
        );
        await keepRevision(trx, row.id, by.accountId, by.kind ?? 'create');
        await by.record?.(trx, row.id);
        return row;
      });
      events.changed({ kind: 'article', id: created.id });
      return created;
    },
  };
}
