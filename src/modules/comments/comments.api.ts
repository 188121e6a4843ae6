import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { errorResponses, PageLinks, pageLinks, PageQuery, SlugParams } from '../api/api.schemas.js';
import type { ThreadComment } from './comments.service.js';

const CommentSchema = Type.Object(
  {
    id: Type.Integer(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    number: Type.Union([Type.Integer(), Type.Null()], { description: 'Position of a top-level comment in the thread; null for replies.' }),
    depth: Type.Integer({ description: '0 for top-level comments, 1 for their replies, and so on.' }),
    authorName: Type.String(),
    body: Type.String({ description: 'Plain text; render it escaped.' }),
    createdAt: Type.String({ format: 'date-time' }),
    url: Type.String({ description: 'Permalink to the comment on the article page.' }),
  },
  { $id: 'Comment' },
);

const ThreadResponse = Type.Object({
  data: Type.Array(CommentSchema, { description: 'Top-level comments of this page, each followed by its replies, in reading order.' }),
  meta: Type.Object({
    page: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer({ description: 'Top-level comments in the thread.' }),
    pageCount: Type.Integer(),
    commentCount: Type.Integer({ description: 'All approved, visible comments, replies included.' }),
    commentsOpen: Type.Boolean(),
  }),
  links: PageLinks,
});

/** Flatten a page of the thread into reading order with depths. */
function flatten(items: ThreadComment[], permalink: (id: number) => string) {
  const out: { id: number; parentId: number | null; number: number | null; depth: number; authorName: string; body: string; createdAt: string; url: string }[] = [];
  const walk = (c: ThreadComment, depth: number) => {
    out.push({ id: c.id, parentId: c.parentId, number: c.number, depth, authorName: c.authorName, body: c.body, createdAt: c.createdAt, url: permalink(c.id) });
    for (const r of c.replies) walk(r, depth + 1);
  };
  for (const c of items) walk(c, 0);
  return out;
}

/** GET /api/v1/articles/:slug/comments */
export async function commentsApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/articles/:slug/comments',
    {
      schema: {
        tags: ['comments'],
        summary: "An article's approved comment thread, paged by top-level comment",
        params: SlugParams,
        querystring: PageQuery,
        response: { 200: ThreadResponse, ...errorResponses },
      },
    },
    async (req) => {
      const { limit = 20, page = 1 } = req.query;
      const found = await services.articles.findPublic(req.params.slug);
      if (!found || found.kind !== 'article') throw notFound('article');
      const { article } = found;
      const [thread, counts] = await Promise.all([services.comments.thread(article.id, { page, perPage: limit }), services.comments.counts([article.id])]);
      if (page > thread.pageCount) throw notFound('page of comments');
      const site = await services.settings.get();
      // Permalinks point at the page of the HTML thread that holds the comment's top-level ancestor.
      const htmlPage = (n: number) => Math.ceil(n / site.commentsPerPage);
      const base = new URL(article.path, siteUrl + '/').toString();
      const pageOfRoot = new Map<number, number>();
      for (const root of thread.items) {
        const p = htmlPage(root.number ?? 1);
        const mark = (c: ThreadComment) => {
          pageOfRoot.set(c.id, p);
          c.replies.forEach(mark);
        };
        mark(root);
      }
      const permalink = (id: number) => {
        const p = pageOfRoot.get(id) ?? 1;
        return `${base}${p > 1 ? `?comments=${p}` : ''}#comment-${id}`;
      };
      return {
        data: flatten(thread.items, permalink),
        meta: { page, limit, total: thread.total, pageCount: thread.pageCount, commentCount: counts.get(article.id) ?? 0, commentsOpen: article.commentsOpen },
        links: pageLinks(req.url, page, thread.pageCount),
      };
    },
  );
}
