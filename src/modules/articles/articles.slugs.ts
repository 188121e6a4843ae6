import type { Db } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import * as repo from './articles.repository.js';
import { fieldColumns } from './articles.rules.js';

/** A slug not yet taken: the headline's, or it with -2, -3… */
export async function freeSlug(db: Db, base: string): Promise<string> {
  for (let i = 1; i < 100; i++) {
    const candidate = i === 1 ? base : `${base.slice(0, 76)}-${i}`;
    if (!(await repo.slugTaken(db, candidate))) return candidate;
  }
  throw conflict('Could not find a free slug for that headline; set one yourself.');
}

/**
 * Give an article a new slug. The old one keeps answering with a
 * permanent redirect, so links already shared keep working.
 */
export async function changeSlug(db: Db, articleId: number, newSlug: string, at: string): Promise<void> {
  const slug = fieldColumns({ slug: newSlug }, articleId).slug!;
  await db.transaction().execute(async (trx) => {
    const article = await repo.findById(trx, articleId);
    if (!article) throw notFound('article');
    if (article.slug === slug) return;
    const owner = await repo.findByOldSlug(trx, slug);
    if (owner && owner.id !== articleId) throw conflict(`The slug "${slug}" used to belong to another article and still redirects there.`);
    if (await repo.findBySlug(trx, slug)) throw conflict(`The slug "${slug}" is already used by another article.`);
    // Taking back one of its own old slugs: that slug stops redirecting.
    if (owner) await repo.deleteOldSlug(trx, slug);
    await repo.insertOldSlug(trx, article.slug, articleId, at);
    await repo.updateArticle(trx, articleId, { slug, modified_at: at });
  });
}
