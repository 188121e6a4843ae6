import type { Selectable } from 'kysely';
import { type AnyDb, describeTables, type TableInfo } from '../../platform/db/catalog.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { type Row, streamRows } from '../../platform/db/table-copy.js';
import { articlePath } from '../../platform/urls.js';
import { absoluteHtml, articleGuid } from '../feeds/feeds.text.js';
import { renderBody } from '../markdown/markdown.render.js';
import { inSnapshot } from './export.writer.js';
import type { TextSink } from './output-file.js';
import { cdata, cel, el, escapeXml, rssDate, textAsHtml, WXR_TAIL, wpDate, wxrHead } from './wxr.xml.js';

/*
 * `broadsheet export --format wxr FILE`: the site as a WordPress eXtended RSS
 * 1.2 file, which WordPress's own importer (Tools → Import → WordPress) reads,
 * so a site can always leave. Sections become categories, tags tags, authors
 * WordPress authors, stories posts (the body as HTML, the dek as the
 * excerpt, live updates and corrections appended), images attachments (a
 * story's featured image its _thumbnail_id), comments comments with their
 * threading and moderation state. Written story by story from one consistent
 * read of the database.
 */

export interface WxrOptions {
  /** The public address, which every link and image address is made absolute on. */
  siteUrl: string;
  site: { name: string; tagline: string; locale: string; timezone: string };
  now: Date;
}

export interface WxrSummary {
  posts: number;
  attachments: number;
  comments: number;
}

type R<T extends keyof Database> = Selectable<Database[T]>;

/** Broadsheet's workflow states as WordPress post statuses. */
export const POST_STATUS: Record<R<'articles'>['status'], string> = {
  published: 'publish',
  scheduled: 'future',
  draft: 'draft',
  in_review: 'pending',
  // Taken down: kept, but off the site, as a draft is.
  unpublished: 'draft',
};

/** Comment states as WordPress's comment_approved values. */
export const COMMENT_APPROVED: Record<R<'comments'>['status'], string> = {
  approved: '1',
  pending: '0',
  spam: 'spam',
  rejected: 'trash',
  deleted: 'trash',
};

interface Context {
  db: AnyDb;
  dialect: DatabaseHandle['dialect'];
  tables: Map<string, TableInfo>;
  options: WxrOptions;
  absolute(url: string): string;
}

async function all<T extends keyof Database>(ctx: Context, table: T, where?: Record<string, number | string | readonly number[]>): Promise<R<T>[]> {
  const rows: Row[] = [];
  for await (const row of streamRows(ctx.db, ctx.dialect, ctx.tables.get(table)!, where ? { where } : {})) rows.push(row);
  return rows as unknown as R<T>[];
}

const wpTimes = (prefix: string, iso: string, timezone: string): string[] => [cel(`wp:${prefix}`, wpDate(iso, timezone)), cel(`wp:${prefix}_gmt`, wpDate(iso, 'UTC'))];

function authorBlock(a: R<'authors'>, email: string): string {
  const [first = '', ...rest] = a.name.trim().split(/\s+/);
  const parts = [
    el('wp:author_id', a.id),
    cel('wp:author_login', a.slug),
    cel('wp:author_email', email),
    cel('wp:author_display_name', a.name),
    cel('wp:author_first_name', first),
    cel('wp:author_last_name', rest.join(' ')),
  ];
  return `\t<wp:author>${parts.join('')}</wp:author>\n`;
}

/** The last path segment of a media address without its extension: the attachment's post_name. */
const fileStem = (url: string): string => (url.split(/[?#]/)[0]!.split('/').pop() ?? '').replace(/\.[a-z0-9]+$/i, '') || 'image';

function attachmentItem(ctx: Context, m: R<'media'>, postId: number, parent: number): string {
  const url = ctx.absolute(m.url);
  const { timezone } = ctx.options.site;
  const description = [m.caption, m.credit].filter(Boolean).join(' ');
  const lines = [
    cel('title', m.alt || m.original_name || fileStem(m.url)),
    el('link', url),
    el('pubDate', rssDate(m.created_at)),
    cel('dc:creator', ''),
    `<guid isPermaLink="false">${escapeXml(url)}</guid>`,
    '<description></description>',
    cel('content:encoded', textAsHtml(description)),
    cel('excerpt:encoded', m.caption),
    el('wp:post_id', postId),
    ...wpTimes('post_date', m.created_at, timezone),
    ...wpTimes('post_modified', m.created_at, timezone),
    cel('wp:comment_status', 'closed'),
    cel('wp:ping_status', 'closed'),
    cel('wp:post_name', fileStem(m.url)),
    cel('wp:status', 'inherit'),
    el('wp:post_parent', parent),
    el('wp:menu_order', 0),
    cel('wp:post_type', 'attachment'),
    cel('wp:post_password', ''),
    el('wp:is_sticky', 0),
    cel('wp:attachment_url', url),
    `<wp:postmeta>${cel('wp:meta_key', '_wp_attachment_image_alt')}${cel('wp:meta_value', m.alt)}</wp:postmeta>`,
  ];
  return `\t<item>\n${lines.map((l) => `\t\t${l}\n`).join('')}\t</item>\n`;
}

function commentBlock(ctx: Context, c: R<'comments'>, readerEmails: Map<number, string>): string {
  const { timezone } = ctx.options.site;
  const email = c.author_email || (c.reader_id !== null ? (readerEmails.get(c.reader_id) ?? '') : '');
  const parts = [
    el('wp:comment_id', c.id),
    cel('wp:comment_author', c.author_name),
    cel('wp:comment_author_email', email),
    cel('wp:comment_author_url', ''),
    cel('wp:comment_author_IP', ''),
    ...wpTimes('comment_date', c.created_at, timezone),
    // Comments are plain text: escaped, so WordPress shows what was typed.
    cel('wp:comment_content', textAsHtml(c.body)),
    cel('wp:comment_approved', COMMENT_APPROVED[c.status]),
    cel('wp:comment_type', 'comment'),
    el('wp:comment_parent', c.parent_id ?? 0),
    el('wp:comment_user_id', 0),
  ];
  return `\t\t<wp:comment>\n${parts.map((p) => `\t\t\t${p}\n`).join('')}\t\t</wp:comment>\n`;
}

/** The story's HTML: its body, then its live updates (newest first) and corrections, as readers see them on the page. */
async function storyHtml(ctx: Context, a: R<'articles'>, sizes: Map<string, { width: number; height: number }>): Promise<string> {
  const { timezone } = ctx.options.site;
  const imageSize = (src: string) => sizes.get(src);
  let html = renderBody(a.body, { imageSize });
  const updates = await all(ctx, 'live_updates', { article_id: a.id });
  if (updates.length) {
    const items = [...updates]
      .reverse()
      .map((u) => `<article class="live-update"><p><time datetime="${u.created_at}">${wpDate(u.created_at, timezone)}</time></p>\n${renderBody(u.body, { imageSize })}</article>`);
    html += `\n<section class="live-updates"><h2>Live updates</h2>\n${items.join('\n')}\n</section>`;
  }
  const corrections = await all(ctx, 'corrections', { article_id: a.id });
  if (corrections.length) {
    const items = corrections.map((c) => `<p class="correction"><time datetime="${c.created_at}">${wpDate(c.created_at, timezone)}</time>: ${textAsHtml(c.body)}</p>`);
    html += `\n<section class="corrections"><h2>Corrections</h2>\n${items.join('\n')}\n</section>`;
  }
  return absoluteHtml(html, ctx.options.siteUrl);
}

interface Lookups {
  authors: Map<number, R<'authors'>>;
  sections: Map<number, R<'sections'>>;
  tags: Map<number, R<'tags'>>;
  sizes: Map<string, { width: number; height: number }>;
  attachmentId: (mediaId: number) => number;
}

async function postItem(ctx: Context, a: R<'articles'>, look: Lookups, out: TextSink): Promise<number> {
  const { timezone } = ctx.options.site;
  const bylines = (await all(ctx, 'article_authors', { article_id: a.id })).sort((x, y) => x.position - y.position);
  const tagIds = (await all(ctx, 'article_tags', { article_id: a.id })).map((t) => t.tag_id);
  const comments = await all(ctx, 'comments', { article_id: a.id });
  const readerIds = [...new Set(comments.map((c) => c.reader_id).filter((id): id is number => id !== null))];
  const readerEmails = new Map<number, string>();
  // In slices, so a thread with thousands of commenters stays within the databases' limits on bound values.
  for (let i = 0; i < readerIds.length; i += 1000) for (const r of await all(ctx, 'readers', { id: readerIds.slice(i, i + 1000) })) readerEmails.set(r.id, r.email);
  const date = a.published_at ?? a.created_at;
  const path = a.status === 'published' || a.status === 'scheduled' ? articlePath(a.slug, a.published_at, timezone) : `/preview/${a.slug}`;
  const closed = a.comment_status === 'closed' || (a.comments_close_at !== null && a.comments_close_at <= ctx.options.now.toISOString());
  const section = a.section_id !== null ? look.sections.get(a.section_id) : undefined;
  const lines = [
    cel('title', a.headline),
    el('link', ctx.absolute(path)),
    el('pubDate', rssDate(date)),
    cel('dc:creator', look.authors.get(bylines[0]?.author_id ?? -1)?.slug ?? ''),
    `<guid isPermaLink="false">${escapeXml(articleGuid(ctx.options.siteUrl, date, a.id))}</guid>`,
    '<description></description>',
    `<content:encoded>${cdata(await storyHtml(ctx, a, look.sizes))}</content:encoded>`,
    cel('excerpt:encoded', a.dek),
    el('wp:post_id', a.id),
    ...wpTimes('post_date', date, timezone),
    ...wpTimes('post_modified', a.modified_at, timezone),
    cel('wp:comment_status', closed ? 'closed' : 'open'),
    cel('wp:ping_status', 'closed'),
    cel('wp:post_name', a.slug),
    cel('wp:status', POST_STATUS[a.status]),
    el('wp:post_parent', 0),
    el('wp:menu_order', 0),
    cel('wp:post_type', 'post'),
    cel('wp:post_password', ''),
    el('wp:is_sticky', 0),
    ...(section ? [`<category domain="category" nicename="${escapeXml(section.slug)}">${cdata(section.name)}</category>`] : []),
    ...tagIds.flatMap((id) => {
      const t = look.tags.get(id);
      return t ? [`<category domain="post_tag" nicename="${escapeXml(t.slug)}">${cdata(t.name)}</category>`] : [];
    }),
    ...(a.featured_image_id !== null ? [`<wp:postmeta>${cel('wp:meta_key', '_thumbnail_id')}${cel('wp:meta_value', String(look.attachmentId(a.featured_image_id)))}</wp:postmeta>`] : []),
  ];
  await out.write(`\t<item>\n${lines.map((l) => `\t\t${l}\n`).join('')}`);
  for (const c of comments) await out.write(commentBlock(ctx, c, readerEmails));
  await out.write('\t</item>\n');
  return comments.length;
}

/** Write the site to `out` as WXR 1.2. */
export async function writeWxr(handle: DatabaseHandle, out: TextSink, options: WxrOptions): Promise<WxrSummary> {
  return inSnapshot(handle, async (db) => {
    const siteUrl = options.siteUrl.replace(/\/+$/, '');
    const ctx: Context = {
      db,
      dialect: handle.dialect,
      tables: await describeTables(db, handle.dialect),
      options: { ...options, siteUrl },
      absolute: (url) => (/^https?:\/\//i.test(url) ? url : `${siteUrl}${url.startsWith('/') ? '' : '/'}${url}`),
    };
    const [authors, sections, tags, media, accounts] = [await all(ctx, 'authors'), await all(ctx, 'sections'), await all(ctx, 'tags'), await all(ctx, 'media'), await all(ctx, 'accounts')];
    // One id space for posts and attachments in WordPress: attachments are numbered after the last story.
    let lastArticle = 0;
    const featuredIn = new Map<number, number>();
    for await (const a of streamRows(db, handle.dialect, ctx.tables.get('articles')!)) {
      lastArticle = a.id as number;
      if (a.featured_image_id !== null && !featuredIn.has(a.featured_image_id as number)) featuredIn.set(a.featured_image_id as number, a.id as number);
    }
    const attachmentId = (mediaId: number) => lastArticle + mediaId;
    const lastSection = sections.at(-1)?.id ?? 0;

    await out.write(wxrHead({ title: options.site.name, link: siteUrl, description: options.site.tagline, language: options.site.locale, now: options.now.toISOString() }));
    const emailOf = new Map(accounts.filter((acc) => acc.author_id !== null).map((acc) => [acc.author_id!, acc.email]));
    for (const a of authors) await out.write(authorBlock(a, emailOf.get(a.id) ?? ''));
    for (const s of sections) {
      const parts = [el('wp:term_id', s.id), cel('wp:category_nicename', s.slug), cel('wp:category_parent', ''), cel('wp:cat_name', s.name), cel('wp:category_description', s.description)];
      await out.write(`\t<wp:category>${parts.join('')}</wp:category>\n`);
    }
    // Categories and tags share WordPress's term ids: tags are numbered after the last section.
    for (const t of tags) await out.write(`\t<wp:tag>${[el('wp:term_id', lastSection + t.id), cel('wp:tag_slug', t.slug), cel('wp:tag_name', t.name)].join('')}</wp:tag>\n`);

    for (const m of media) await out.write(attachmentItem(ctx, m, attachmentId(m.id), featuredIn.get(m.id) ?? 0));
    const look: Lookups = {
      authors: new Map(authors.map((a) => [a.id, a])),
      sections: new Map(sections.map((s) => [s.id, s])),
      tags: new Map(tags.map((t) => [t.id, t])),
      sizes: new Map(media.filter((m) => m.width && m.height).map((m) => [m.url, { width: m.width!, height: m.height! }])),
      attachmentId,
    };
    let posts = 0;
    let comments = 0;
    for await (const row of streamRows(db, handle.dialect, ctx.tables.get('articles')!)) {
      comments += await postItem(ctx, row as unknown as R<'articles'>, look, out);
      posts++;
    }
    await out.write(WXR_TAIL);
    return { posts, attachments: media.length, comments };
  });
}
