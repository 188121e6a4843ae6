import type { ImportedArticle } from '../articles/articles.import.js';
import type { ArticleLookups } from '../articles/articles.rules.js';
import { importComments } from './imports.comments.js';
import { atomically, hashOf, isItemError, linked, type RunContext, unchangedTarget } from './imports.context.js';
import { authorFor, DEFAULT_CATEGORY, importCategory, importTag, MAPPING_VERSION, recordRedirects, termFromPost } from './imports.taxonomy.js';
import { imageFor, localImageAddresses } from './imports.media.js';
import { type BodyContext, convertBody } from './wxr.body.js';
import { articleStatus, importSlug, itemDate, withoutBidi } from './wxr.mapping.js';
import { htmlToLine } from './wxr.text.js';
import type { WxrItem } from './wxr.types.js';

/*
 * Posts (and, with --pages, pages) become stories: headline, slug, body,
 * excerpt, status and date, byline, section and tags, featured image and
 * comment setting, then their comments. Everything else an export holds
 * (menus, revisions, other post types) is counted as skipped.
 */

const YEAR_MS = 365.25 * 86_400_000;
const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

/** The subject of a post's report lines: "post 1148 “Template: Comments”". */
export const postSubject = (item: WxrItem) => `${item.postType || 'item'} ${item.postId ?? '?'}${item.title ? ` “${clip(withoutBidi(htmlToLine(item.title)), 60)}”` : ''}`;

/** Run a step that may fail on its own (an author, a category): its failure is noted and the post goes on without it. */
async function optional<T>(ctx: RunContext, subject: string, line: number, what: string, step: () => Promise<T | null>): Promise<T | null> {
  try {
    return await atomically(ctx, step);
  } catch (err) {
    if (!isItemError(err)) throw err;
    ctx.report.note(subject, line, `${what} could not be imported (${err.message}); the post is imported without it`);
    return null;
  }
}

/** The post's most specific category (the deepest; the first listed on a tie), which becomes its section. */
function primaryCategory(ctx: RunContext, slugs: string[]): string | undefined {
  const depth = (slug: string) => {
    let d = 0;
    for (let p = ctx.survey.categories.get(slug)?.parent; p && d < 20; p = ctx.survey.categories.get(p)?.parent) d++;
    return d;
  };
  return [...slugs].sort((a, b) => depth(b) - depth(a))[0];
}

async function taxonomyOf(ctx: RunContext, item: WxrItem, subject: string): Promise<{ sectionId: number | null; tagIds: number[] }> {
  const categories = item.terms.filter((t) => t.domain === 'category' && t.slug && t.slug !== DEFAULT_CATEGORY);
  const primary = primaryCategory(
    ctx,
    categories.map((c) => c.slug),
  );
  let sectionId: number | null = null;
  const tagIds: number[] = [];
  for (const c of categories) {
    const term = termFromPost(ctx, 'category', c.slug, c.name, item.line);
    if (c.slug === primary) sectionId = await optional(ctx, subject, item.line, `category “${c.slug}”`, () => importCategory(ctx, term));
    else {
      const id = await optional(ctx, subject, item.line, `category “${c.slug}”`, () => importTag(ctx, term, 'category'));
      if (id !== null) tagIds.push(id);
    }
  }
  for (const t of item.terms.filter((t) => t.domain === 'post_tag' && t.slug)) {
    const id = await optional(ctx, subject, item.line, `tag “${t.slug}”`, () => importTag(ctx, termFromPost(ctx, 'post_tag', t.slug, t.name, item.line)));
    if (id !== null) tagIds.push(id);
  }
  return { sectionId, tagIds: [...new Set(tagIds)].slice(0, 30) };
}

/** A headline for a post without a title: its first words, else its number. */
function headlineOf(item: WxrItem & { postId: number }, body: string): { headline: string; note?: string } {
  const title = withoutBidi(htmlToLine(item.title));
  if (title) return [...title].length > 300 ? { headline: clip(title, 300), note: 'title longer than 300 characters: shortened' } : { headline: title };
  const words = body
    .replace(/[#>*_`[\]()!\\|~-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)
    .join(' ');
  return { headline: words ? `${clip(words, 80)}…` : `Untitled (WordPress ${item.postType} ${item.postId})`, note: 'no title in the export: headline made from its first words' };
}

/** The story's status and date, by the mapping (wxr.mapping.ts), with what had to change and why. */
function publication(ctx: RunContext, item: WxrItem, status: ImportedArticle['status']): { status: ImportedArticle['status']; publishedAt: string | null; notes: string[] } {
  const notes: string[] = [];
  const date = itemDate(item, ctx.options.timezone);
  const now = ctx.now();
  if (item.postPassword) {
    notes.push('password-protected in WordPress: imported unpublished (Broadsheet has no passwords)');
    status = 'unpublished';
  }
  if (status === 'draft' || status === 'in_review') return { status, publishedAt: null, notes };
  if (!date) {
    if (status === 'scheduled') return { status: 'draft', publishedAt: null, notes: [...notes, 'scheduled without a date: imported as a draft'] };
    notes.push('no date in the export: dated at the time of the import');
    return { status, publishedAt: now.toISOString(), notes };
  }
  if (date.from === 'local') notes.push(`no GMT date: its local date was read in ${ctx.options.timezone}`);
  const at = Date.parse(date.at);
  if (status === 'published' && at > now.getTime()) {
    status = 'scheduled';
    notes.push(`published with a date still ahead (${date.at.slice(0, 10)}): scheduled for then`);
  }
  if (at > now.getTime() + YEAR_MS) notes.push(`dated ${date.at.slice(0, 10)}, more than a year ahead`);
  if (at < 0) notes.push(`dated ${date.at.slice(0, 10)}, before 1970: kept`);
  return { status, publishedAt: date.at, notes };
}

/** What the story's hash covers: the post as the export has it, and the options that change what it becomes. */
function sourceOf(ctx: RunContext, item: WxrItem) {
  const { comments: _comments, meta, line: _line, ...rest } = item;
  return [MAPPING_VERSION, rest, meta.find((m) => m.key === '_thumbnail_id')?.value ?? '', ctx.options.timezone, ctx.survey.channel.baseBlogUrl, ctx.options.uploads !== null];
}

/** Bring a post or page over as a story, with its comments. */
export async function importStory(ctx: RunContext, item: WxrItem & { postId: number }): Promise<void> {
  const subject = postSubject(item);
  const decision = articleStatus(item.status);
  if ('skip' in decision) return ctx.report.skip('story', `${item.postType} ${decision.skip}`, { subject, line: item.line });
  const { trx, deps } = ctx;
  const hash = hashOf(sourceOf(ctx, item));
  const unchanged = await unchangedTarget(ctx, 'post', String(item.postId), hash, (q, id) => deps.articles.exists(q, id));
  if (unchanged !== null) {
    ctx.report.count('story', 'unchanged');
    return importComments(ctx, item, unchanged, subject);
  }
  const bodyContext: BodyContext = {
    siteUrl: ctx.survey.channel.baseBlogUrl || ctx.survey.channel.baseSiteUrl,
    postId: item.postId,
    attachment: (id) => ctx.survey.attachments.get(id),
    attachedTo: (id) => (ctx.survey.attachedTo.get(id) ?? []).map((a) => ctx.survey.attachments.get(a)!),
  };
  let body = convertBody(item.content, bodyContext);
  // With --uploads, images shown from the old site are shown from their copies here.
  const copies = await localImageAddresses(ctx, body.images, subject, item.line);
  if (copies.size > 0) body = convertBody(item.content, { ...bodyContext, imageUrls: copies });
  const { headline, note: headlineNote } = headlineOf(item, body.markdown);
  const when = publication(ctx, item, decision.status);
  const { sectionId, tagIds } = await taxonomyOf(ctx, item, subject);
  const authorId = item.creator ? await optional(ctx, subject, item.line, `author “${item.creator}”`, () => authorFor(ctx, item.creator, item.line)) : null;
  const thumbnail = Number(item.meta.find((m) => m.key === '_thumbnail_id')?.value ?? '0');
  const featuredImageId = thumbnail > 0 ? await optional(ctx, subject, item.line, `featured image ${thumbnail}`, () => imageFor(ctx, thumbnail, subject, item.line)) : null;
  const input: ImportedArticle = {
    headline,
    slug: importSlug(item.postName, headline, `${item.postType || 'post'}-${item.postId}`),
    body: body.markdown,
    excerpt: clip(htmlToLine(item.excerpt), 1000),
    ...when,
    sectionId,
    authorIds: authorId === null ? [] : [authorId],
    tagIds,
    featuredImageId,
    commentStatus: item.commentStatus === 'closed' ? 'closed' : 'open',
  };
  const lookups: ArticleLookups = {
    sectionExists: async (id) => (await deps.sections.sectionById(trx, id)) !== undefined,
    imageExists: (id) => deps.media.exists(trx, id),
    articleExists: (id) => deps.articles.exists(trx, id),
    missingAuthors: (ids) => deps.authors.missing(trx, ids),
  };
  let slug = input.slug;
  const result = await linked(ctx, {
    kind: 'post',
    id: String(item.postId),
    targetKind: 'article',
    hash,
    details: { postType: item.postType, sticky: item.isSticky, link: item.link },
    exists: (q, id) => deps.articles.exists(q, id),
    create: async () => {
      const row = await deps.articles.create(trx, input, lookups);
      slug = row.slug;
      return { id: row.id, version: row.version };
    },
    update: async (id, link) => {
      const current = await deps.articles.current(trx, id);
      if (current && link.target_version !== null && current.version !== link.target_version) return { outcome: 'kept' };
      const row = await deps.articles.update(trx, id, input, lookups);
      slug = row.slug;
      return { outcome: 'updated', version: row.version };
    },
  });
  ctx.report.count('story', result.outcome);
  if (result.id === null) return ctx.report.note(subject, item.line, 'deleted here since the last import: not created again, nor its comments');
  if (result.outcome === 'kept') ctx.report.note(subject, item.line, 'changed here since the last import: left as it is (the export has a newer version)');
  else if (result.outcome !== 'unchanged') {
    const notes = [...(headlineNote ? [headlineNote] : []), ...when.notes, ...body.notes];
    if (item.postName && slug !== item.postName) notes.push(`the WordPress slug “${clip(item.postName, 60)}” is “${slug}” here${slug !== input.slug ? ' (taken by another story)' : ''}`);
    if (item.isSticky) notes.push('sticky in WordPress: Broadsheet lists stories by date');
    if (!item.creator) notes.push('no author in the export: no byline');
    for (const n of notes) ctx.report.note(subject, item.line, n);
    const idQuery = item.postType === 'page' ? `/?page_id=${item.postId}` : `/?p=${item.postId}`;
    await recordRedirects(ctx, [item.link, /^https?:\/\//i.test(item.guid) && item.guid, idQuery], 'article', result.id);
  }
  await importComments(ctx, item, result.id, subject);
}
