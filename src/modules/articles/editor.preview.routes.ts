import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { IdPath } from '../../platform/route-schemas.js';
import { slugify } from '../../platform/slug.js';
import { dateTime } from '../../platform/time.js';
import { articlePath } from '../../platform/urls.js';
import type { Services } from '../../services.js';
import { renderDocument } from '../../views/render.js';
import { type AdminPlugin, actorOf } from '../admin/admin.context.js';
import { pathId } from '../admin/admin.forms.js';
import type { Author } from '../authors/authors.service.js';
import { renderBody } from '../markdown/markdown.render.js';
import { bodyImageUrls, excerptFrom } from '../markdown/markdown.text.js';
import type { Tag } from '../sections/sections.service.js';
import type { SiteSettings } from '../settings/settings.service.js';
import { loadChrome } from '../site/site.chrome.js';
import { areCommentsOpen, type ArticleDetail, commentsCloseAt } from './articles.service.js';
import type { ArticleFields, EditableArticle } from './editorial.types.js';
import { ARTICLE_BODY_LIMIT, type SubmittedForm } from './editor.form.js';
import { fieldsOf, typedValues } from './editor.render.js';
import { ArticlePage } from './views/article-page.js';

const LATEST_COUNT = 5;

/** The article page's data for fields that may not be saved, or public, yet. Reads only; creates nothing. */
async function previewDetail(services: Services, article: EditableArticle, v: ArticleFields, settings: SiteSettings, now: Date): Promise<ArticleDetail> {
  // The date typed (or saved): an original publication date shows in the date line and the address.
  const publishedAt = v.publishedAt ?? now.toISOString();
  const bodyImages = bodyImageUrls(v.body);
  const [sectionMap, authorMap, images, sizes, allTags, visible] = await Promise.all([
    v.sectionId !== null ? services.sections.byIds([v.sectionId]) : Promise.resolve(new Map()),
    services.authors.byIds(v.authorIds),
    v.featuredImageId !== null ? services.media.byIds([v.featuredImageId]) : Promise.resolve(new Map()),
    services.media.sizesByUrl(bodyImages),
    services.sections.listTags(),
    article.path ? services.articles.findPublic(article.slug) : Promise.resolve(undefined),
  ]);
  // Tags not created yet are shown as they will be.
  const tags: Tag[] = v.tags.map((name, i) => allTags.find((t) => t.name.toLowerCase() === name.toLowerCase() || t.slug === slugify(name)) ?? { id: -(i + 1), slug: slugify(name), name });
  const row = { comment_status: v.commentStatus, comments_close_at: v.commentsCloseAt, published_at: publishedAt };
  const live = visible?.kind === 'article' ? visible.article : undefined;
  return {
    id: article.id,
    slug: v.slug,
    path: article.path && v.slug === article.slug && publishedAt === article.publishedAt ? article.path : articlePath(v.slug, publishedAt, settings.timezone),
    headline: v.headline,
    dek: v.dek,
    excerpt: v.excerpt || excerptFrom(v.body),
    publishedAt,
    updatedAt: article.updatedAt,
    section: (v.sectionId !== null && sectionMap.get(v.sectionId)) || null,
    authors: v.authorIds.map((a) => authorMap.get(a)).filter((a): a is Author => !!a),
    image: (v.featuredImageId !== null && images.get(v.featuredImageId)) || null,
    developing: v.developing,
    commentsOpen: areCommentsOpen(row, settings, now),
    bodyHtml: renderBody(v.body, { imageSize: (src) => sizes.get(src) }),
    body: v.body,
    tags: [...tags].sort((a, b) => a.name.localeCompare(b.name)),
    liveUpdates: live?.liveUpdates ?? [],
    corrections: live?.corrections ?? [],
    commentPrompt: v.commentPrompt,
    readNextId: v.readNextId,
    commentsCloseAt: commentsCloseAt(row, settings),
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/**
 * Preview: the real article page, from unsaved fields (posted by the editor)
 * or from the saved version, under a banner saying readers cannot see it.
 */
export const editorPreviewRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const editorial = services.editorial;

  async function sendPreview(req: FastifyRequest, reply: FastifyReply, article: EditableArticle, values: ArticleFields, unsaved: boolean) {
    const [c, settings] = await Promise.all([chrome(req, reply), services.settings.get()]);
    const siteUrl = `${req.protocol}://${req.host}`;
    const publicChrome = await loadChrome(services, siteUrl, c.assetVersion);
    const detail = await previewDetail(services, article, values, settings, new Date());
    const [readNext, latest, counts, thread] = await Promise.all([
      services.articles.readNext(detail),
      services.articles.latest(LATEST_COUNT, [article.id]),
      services.comments.counts([article.id]),
      services.comments.thread(article.id, { page: 1, perPage: settings.commentsPerPage }),
    ]);
    const page = ArticlePage({ chrome: publicChrome, article: detail, readNext, latest, commentCount: counts.get(article.id) ?? 0, thread }) as VNode;
    const what = unsaved ? 'This is how the story will look with your unsaved changes' : 'This is how the saved version will look';
    const when = article.status === 'scheduled' && article.publishedAt ? ` It is scheduled for ${dateTime(article.publishedAt, settings)}.` : '';
    const banner =
      `<div class="preview-banner" role="region" aria-label="Preview notice"><p><strong>Preview — not published.</strong> ` +
      `${escapeHtml(what)}; readers cannot see this page.${escapeHtml(when)}</p></div>`;
    const html = renderDocument(page)
      .replace('</head>', `<link rel="stylesheet" href="/assets/admin.css?v=${escapeHtml(c.assetVersion)}"/></head>`)
      .replace(/<body[^>]*>/, (open) => open + banner);
    return reply.code(200).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8').send(html);
  }

  app.get('/articles/:id/preview', { schema: { params: IdPath } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const article = await editorial.get(actorOf(account), id);
    return sendPreview(req, reply, article, fieldsOf(article), false);
  });

  app.post('/articles/:id/preview', { schema: { params: IdPath }, bodyLimit: ARTICLE_BODY_LIMIT }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const article = await editorial.get(actorOf(account), id);
    const { timezone } = await services.settings.get();
    const body: SubmittedForm = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as SubmittedForm) : {};
    return sendPreview(req, reply, article, typedValues(body, fieldsOf(article), timezone), true);
  });
};
