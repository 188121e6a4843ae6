import type { Db } from '../../platform/db/database.js';
import type { Insertable, SelectQueryBuilder } from 'kysely';
import type { ArticleRevisionsTable, ArticleRow, ArticleStatus, Database, NewArticleRow } from '../../platform/db/schema.js';

/** Compare-and-set update: applies only if the stored version is `baseVersion`; returns whether it did. */
export async function updateIfVersion(db: Db, id: number, baseVersion: number, patch: Partial<NewArticleRow>): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type RevisionRow = Omit<Insertable<ArticleRevisionsTable>, 'id' | 'article_id'>;

export async function insertRevision(db: Db, articleId: number, row: RevisionRow): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({ article_id: articleId, ...row })
    .execute();
}

export const listRevisions = (db: Db, articleId: number) =>
  db
    .selectFrom('article_revisions')
    .select(['version', 'headline', 'dek', 'body', 'fields', 'kind', 'created_at', 'account_id'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();

export const getRevision = (db: Db, articleId: number, version: number): Promise<RevisionRow | undefined> =>
  db
    .selectFrom('article_revisions')
    .select(['version', 'headline', 'dek', 'body', 'fields', 'account_id', 'created_at'])
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();

export interface AdminListFilter {
  status?: ArticleStatus;
  q?: string;
  sectionId?: number;
  mine?: { accountId: number | null; authorId: number | null };
}

function applyAdminFilter<O>(q: SelectQueryBuilder<Database, 'articles', O>, f: AdminListFilter): SelectQueryBuilder<Database, 'articles', O> {
  let out = q;
  if (f.status) out = out.where('articles.status', '=', f.status);
  if (f.sectionId !== undefined) out = out.where('articles.section_id', '=', f.sectionId);
  if (f.q) {
    for (const word of f.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
      const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
      out = out.where((eb) => eb(eb.fn('lower', ['articles.headline']), 'like', `%${escaped}%`));
    }
  }
  if (f.mine) {
    const { accountId, authorId } = f.mine;
    out = out.where((eb) =>
      eb.or([
        eb('articles.created_by', '=', accountId ?? -1),
        eb.exists(
          eb
            .selectFrom('article_authors')
            .select('article_authors.article_id')
            .whereRef('article_authors.article_id', '=', 'articles.id')
            .where('article_authors.author_id', '=', authorId ?? -1),
        ),
      ]),
    );
  }
  return out;
}

export type AdminListRow = Pick<ArticleRow, 'id' | 'slug' | 'headline' | 'status' | 'section_id' | 'published_at' | 'modified_at'>;

export async function listForAdmin(db: Db, f: AdminListFilter, limit: number, offset: number): Promise<AdminListRow[]> {
  const q = db.selectFrom('articles').select(['articles.id', 'articles.slug', 'articles.headline', 'articles.status', 'articles.section_id', 'articles.published_at', 'articles.modified_at']);
  return applyAdminFilter(q, f).orderBy('articles.modified_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute();
}

export async function countForAdmin(db: Db, f: AdminListFilter): Promise<number> {
  const q = db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await applyAdminFilter(q, f).executeTakeFirst();
  return Number(row?.n ?? 0);
}
