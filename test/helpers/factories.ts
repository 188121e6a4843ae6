import type { NewArticle } from '../../src/modules/articles/articles.rules.js';
import type { NewAuthor } from '../../src/modules/authors/authors.service.js';
import type { NewComment } from '../../src/modules/comments/comments.rows.js';
import type { NewSection } from '../../src/modules/sections/sections.service.js';
import type { Services } from '../../src/services.js';

/*
 * Builders for each test's own data, going through the services so the
 * same rules apply as in production. Every call makes unique slugs.
 */

let seq = 0;
const next = () => ++seq;

export function buildSection(services: Services, over: Partial<NewSection> = {}) {
  const n = next();
  return services.sections.create({ slug: `section-${n}`, name: `Section ${n}`, description: `About section ${n}.`, ...over });
}

export function buildAuthor(services: Services, over: Partial<NewAuthor> = {}) {
  const n = next();
  return services.authors.create({ slug: `author-${n}`, name: `Author Number${n}`, bio: `Writes about things, ${n}.`, ...over });
}

/** A published article (an hour before the clock's now unless told otherwise). */
export async function buildArticle(services: Services, now: Date, over: Partial<NewArticle> = {}) {
  const n = next();
  return services.articles.create({
    slug: `story-${n}`,
    headline: `Story number ${n}`,
    dek: `The dek of story ${n}.`,
    body: `The first paragraph of story ${n}.\n\nA second paragraph.`,
    status: 'published',
    publishedAt: new Date(now.getTime() - 3_600_000).toISOString(),
    ...over,
  });
}

export function buildComment(services: Services, articleId: number, over: Partial<NewComment> = {}) {
  const n = next();
  return services.comments.create({ articleId, authorName: `Reader ${n}`, body: `Comment ${n}.`, status: 'approved', ...over });
}
