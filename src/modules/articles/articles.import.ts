import type { Db } from '../../platform/db/database.js';
import type { ArticleRow, ArticleStatus } from '../../platform/db/schema.js';
import { conflict, notFound } from '../../platform/errors.js';
import * as repo from './articles.repository.js';
import { type ArticleLookups, articleColumns, newArticleRow, publicationColumns, requireHeadline } from './articles.rules.js';
import { freeSlug } from './articles.slugs.js';
import { createArticleWriter, type WriterDeps } from './articles.writing.js';
import { updateIfVersion } from './editorial.repository.js';

/*
 * Stories an import brings over, inside the importer's transaction (one
 * transaction for a whole import, so every read and write here takes it),
 * under the same rules as every other write: the fields are checked by
 * articles.rules, the status and dates by `publicationColumns`, and every
 * create or change keeps a revision.
 */

/** A story as an import has it. */
export interface ImportedArticle {
  headline: string;
  /** Wanted slug; when another story holds it, -2, -3… is added. */
  slug: string;
  body: string;
  excerpt: string;
  status: ArticleStatus;
  publishedAt: string | null;
  sectionId: number | null;
  authorIds: number[];
  tagIds: number[];
  featuredImageId: number | null;
  commentStatus: 'open' | 'closed';
}

export type ArticleImports = ReturnType<typeof createArticleImports>;

export function createArticleImports(deps: WriterDeps) {
  const nowIso = () => deps.clock.now().toISOString();
  // Only its revision keeping is used, always with the importer's transaction.
  const writer = createArticleWriter(deps);

  const fieldsOf = (input: ImportedArticle) => ({
    headline: input.headline,
    body: input.body,
    excerpt: input.excerpt,
    sectionId: input.sectionId,
    authorIds: input.authorIds,
    featuredImageId: input.featuredImageId,
    commentStatus: input.commentStatus,
  });

  /** The slug a story gets: the wanted one when free (or already its own), else the next free -N. */
  async function slugFor(trx: Db, wanted: string, selfId: number | null): Promise<string> {
    const current = await repo.findBySlug(trx, wanted);
    if (current && current.id === selfId) return wanted;
    const moved = await repo.findByOldSlug(trx, wanted);
    if (!current && (!moved || moved.id === selfId)) return wanted;
    return freeSlug(trx, wanted);
  }

  return {
    /** The story's version and slug, or undefined when it no longer exists. */
    async current(trx: Db, id: number): Promise<Pick<ArticleRow, 'id' | 'version' | 'slug' | 'status'> | undefined> {
      const row = await repo.findById(trx, id);
      return row && { id: row.id, version: row.version, slug: row.slug, status: row.status };
    },

    /** Whether a story with this id exists (for the importer's article lookups). */
    async exists(trx: Db, id: number): Promise<boolean> {
      return (await repo.findById(trx, id)) !== undefined;
    },

    /** Create a story with its byline, tags and first revision. */
    async create(trx: Db, input: ImportedArticle, lookups: ArticleLookups): Promise<ArticleRow> {
      const headline = requireHeadline(input);
      const at = nowIso();
      const publication = publicationColumns({ status: input.status, publishedAt: input.publishedAt }, at, { bounded: false });
      const columns = await articleColumns({ ...fieldsOf(input), slug: input.slug }, null, lookups);
      const slug = await slugFor(trx, columns.slug!, null);
      const row = await repo.insertArticle(trx, newArticleRow(columns, { slug, headline: columns.headline ?? headline, ...publication, at, accountId: null }));
      await repo.replaceBylines(trx, row.id, input.authorIds);
      await repo.replaceTags(trx, row.id, input.tagIds);
      await writer.keepRevision(trx, row.id, null, 'import');
      return (await repo.findById(trx, row.id))!;
    },

    /**
     * Bring an imported story up to date with its source. A changed slug
     * moves the story, and the old slug keeps answering with a redirect, as
     * in the editor. Returns the story as it now is.
     */
    async update(trx: Db, id: number, input: ImportedArticle, lookups: ArticleLookups): Promise<ArticleRow> {
      const row = await repo.findById(trx, id);
      if (!row) throw notFound('article');
      const at = nowIso();
      const publication = publicationColumns({ status: input.status, publishedAt: input.publishedAt }, at, { bounded: false });
      const columns = await articleColumns({ ...fieldsOf(input), slug: input.slug }, id, lookups);
      const slug = await slugFor(trx, columns.slug!, id);
      if (slug !== row.slug) {
        const owner = await repo.findByOldSlug(trx, slug);
        if (owner) await repo.deleteOldSlug(trx, slug);
        if (!(await repo.findByOldSlug(trx, row.slug))) await repo.insertOldSlug(trx, row.slug, id, at);
      }
      const statusChanged = publication.status !== row.status;
      const patch = {
        ...columns,
        slug,
        status: publication.status,
        published_at: publication.published_at,
        modified_at: at,
        ...(statusChanged ? { status_changed_at: at, status_changed_by: null } : {}),
      };
      if (!(await updateIfVersion(trx, id, row.version, patch))) throw conflict('The story changed while it was being imported.');
      await repo.replaceBylines(trx, id, input.authorIds);
      await repo.replaceTags(trx, id, input.tagIds);
      await writer.keepRevision(trx, id, null, 'import');
      return (await repo.findById(trx, id))!;
    },
  };
}
