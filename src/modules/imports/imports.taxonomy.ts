import { hashOf, type Linked, linked, type RunContext } from './imports.context.js';
import type { ReportKind } from './imports.report.js';
import { importSlug, withoutBidi } from './wxr.mapping.js';
import { htmlToLine } from './wxr.text.js';
import type { WxrAuthor, WxrTerm } from './wxr.types.js';

/*
 * Authors, categories and tags. WordPress users become author profiles
 * (display name, a slug from the login, a bio when the export has one; the
 * login and email are kept in the import's record, never shown). Every
 * category becomes a section, children placed after their parents in the
 * navigation; a post files under one section, so its other categories
 * become tags too. WordPress's default "Uncategorized" becomes no section.
 * Tags stay tags. Slugs are kept wherever they are valid here, so the
 * archives' addresses barely change, and the old ones redirect.
 */

/** Bump when what an import makes of the same source changes, so the next import updates. */
export const MAPPING_VERSION = 1;

export const DEFAULT_CATEGORY = 'uncategorized';

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);
const shortHash = (text: string) => hashOf(text).slice(0, 8);
const plainLine = (html: string) => withoutBidi(htmlToLine(html));

async function recordRedirects(ctx: RunContext, addresses: (string | null | false)[], kind: 'article' | 'section' | 'tag' | 'author', id: number): Promise<void> {
  const { added, taken } = await ctx.deps.redirects.record(
    ctx.trx,
    addresses.filter((a): a is string => !!a),
    kind,
    id,
  );
  ctx.report.redirects(added, taken.length);
}

/** Count an outcome, note a thing deleted here since, and let its old addresses lead to it when it is new or changed. */
async function settle(ctx: RunContext, kind: ReportKind, result: Linked, where: { subject: string; line: number }, redirect: () => Promise<void>): Promise<number | null> {
  ctx.report.count(kind, result.outcome);
  if (result.id === null) ctx.report.note(where.subject, where.line, 'deleted here since the last import: not created again');
  else if (result.outcome !== 'unchanged' && result.outcome !== 'kept') await redirect();
  return result.id;
}

/** Bring a WordPress user over as an author; its id here, or null when it cannot be. */
export async function importAuthor(ctx: RunContext, a: WxrAuthor): Promise<number | null> {
  const login = a.login.trim();
  const cached = ctx.cache.id(`author:${login}`);
  if (cached !== undefined) return cached;
  const subject = `author “${login.slice(0, 60)}”`;
  if (!login) {
    ctx.report.skip('author', 'an author without a login', { subject: 'author', line: a.line });
    return null;
  }
  const slug = importSlug(login, a.displayName, `author-${a.id ?? shortHash(login)}`);
  const name = clip(plainLine(a.displayName) || `${plainLine(a.firstName)} ${plainLine(a.lastName)}`.trim() || withoutBidi(login), 200);
  const bio = clip(htmlToLine(a.description), 5000);
  const { trx, deps } = ctx;
  const result = await linked(ctx, {
    kind: 'author',
    id: login,
    targetKind: 'author',
    hash: hashOf([MAPPING_VERSION, slug, name, bio]),
    details: { login, email: a.email, wordpressId: a.id },
    exists: async (q, id) => (await deps.authors.byId(q, id)) !== undefined,
    create: async () => ({ id: await deps.authors.create(trx, { slug, name, bio }) }),
    update: async (id) => {
      await deps.authors.update(trx, id, { name, bio });
      return { outcome: 'updated' };
    },
    match: () => deps.authors.idBySlug(trx, slug),
  });
  const id = await settle(ctx, 'author', result, { subject, line: a.line }, () =>
    recordRedirects(ctx, [`/author/${slug}`, `/author/${login}`, a.id !== null && `/?author=${a.id}`], 'author', result.id!),
  );
  ctx.cache.set(`author:${login}`, id);
  return id;
}

/** The author for a post's creator login, made from the login alone when the export lists no such user. */
export async function authorFor(ctx: RunContext, login: string, line: number): Promise<number | null> {
  const cached = ctx.cache.id(`author:${login}`);
  if (cached !== undefined) return cached;
  return importAuthor(ctx, { id: null, login, email: '', displayName: login, firstName: '', lastName: '', description: '', line });
}

/** The old category archive path: /category/parent/child. */
function categoryPath(ctx: RunContext, slug: string): string {
  const parts = [slug];
  for (let parent = ctx.survey.categories.get(slug)?.parent; parent && parts.length < 20 && !parts.includes(parent); parent = ctx.survey.categories.get(parent)?.parent) parts.unshift(parent);
  return `/category/${parts.join('/')}`;
}

/** Bring a category over as a section; its id here, or null for the default category and what cannot be. */
export async function importCategory(ctx: RunContext, term: WxrTerm): Promise<number | null> {
  const cached = ctx.cache.id(`category:${term.slug}`);
  if (cached !== undefined) return cached;
  if (term.slug === DEFAULT_CATEGORY) {
    ctx.report.skip('section', 'WordPress’s default category “Uncategorized” (its posts get no section)');
    ctx.cache.set(`category:${term.slug}`, null);
    return null;
  }
  const slug = importSlug(term.slug, term.name, `category-${term.termId ?? shortHash(term.slug)}`);
  const name = clip(plainLine(term.name) || slug, 200);
  const description = clip(htmlToLine(term.description), 2000);
  const position = ctx.survey.categories.get(term.slug)?.position ?? 0;
  const { trx, deps } = ctx;
  const result = await linked(ctx, {
    kind: 'category',
    id: term.slug,
    targetKind: 'section',
    hash: hashOf([MAPPING_VERSION, slug, name, description, position]),
    exists: async (q, id) => (await deps.sections.sectionById(q, id)) !== undefined,
    create: async () => ({ id: (await deps.sections.createSection(trx, { slug, name, description, position })).id }),
    update: async (id) => {
      await deps.sections.updateSection(trx, id, { name, description, position });
      return { outcome: 'updated' };
    },
    match: async () => (await deps.sections.sectionBySlug(trx, slug))?.id,
  });
  const where = { subject: `category “${term.slug.slice(0, 60)}”`, line: term.line };
  const id = await settle(ctx, 'section', result, where, () =>
    recordRedirects(ctx, [categoryPath(ctx, term.slug), `/category/${term.slug}`, term.termId !== null && `/?cat=${term.termId}`], 'section', result.id!),
  );
  ctx.cache.set(`category:${term.slug}`, id);
  return id;
}

/** Bring a tag over (or, with `asTag`, a post's further category); its id here, or null when it cannot be. */
export async function importTag(ctx: RunContext, term: WxrTerm, asTag: 'tag' | 'category' = 'tag'): Promise<number | null> {
  const kind = asTag === 'tag' ? 'tag' : 'category-tag';
  const cached = ctx.cache.id(`${kind}:${term.slug}`);
  if (cached !== undefined) return cached;
  const slug = importSlug(term.slug, term.name, `tag-${term.termId ?? shortHash(term.slug)}`);
  const name = clip(plainLine(term.name) || slug, 100);
  const { trx, deps } = ctx;
  const result = await linked(ctx, {
    kind,
    id: term.slug,
    targetKind: 'tag',
    hash: hashOf([MAPPING_VERSION, slug, name]),
    exists: async (q, id) => (await deps.sections.tagById(q, id)) !== undefined,
    create: async () => ({ id: (await deps.sections.createTag(trx, { slug, name })).id }),
    update: async (id) => {
      await deps.sections.updateTag(trx, id, { name });
      return { outcome: 'updated' };
    },
    match: async () => (await deps.sections.tagBySlug(trx, slug))?.id,
  });
  const where = { subject: `${asTag} “${term.slug.slice(0, 60)}”`, line: term.line };
  const id = await settle(ctx, 'tag', result, where, async () => {
    if (asTag === 'tag') await recordRedirects(ctx, [`/tag/${term.slug}`, `/?tag=${term.slug}`], 'tag', result.id!);
  });
  ctx.cache.set(`${kind}:${term.slug}`, id);
  return id;
}

/** A term the export's channel did not define (only named on a post): brought over from what the post says. */
export function termFromPost(ctx: RunContext, taxonomy: 'category' | 'post_tag', slug: string, name: string, line: number): WxrTerm {
  return { taxonomy, termId: null, slug, parent: taxonomy === 'category' ? (ctx.survey.categories.get(slug)?.parent ?? '') : '', name, description: '', line };
}

export { recordRedirects };
