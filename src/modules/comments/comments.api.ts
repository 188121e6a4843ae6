import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { IdParams, One, pageLinks, SlugParams } from '../../platform/api-schemas.js';
import { apiComment, apiCommenting, createPermalinks, flatten } from './comments.present.js';
import { isPersonal, viewerOf } from './comments.request.js';
import { errors, SingleCommentSchema, SubthreadResponse, ThreadQuery, ThreadResponse } from './comments.schemas.js';

/**
 * Reading comments: GET /api/v1/articles/:slug/comments, /comments/:id and
 * /comments/:id/replies. Anyone may read; a signed-in reader (the bs_reader
 * cookie) also sees their own held comments, their reactions and what they
 * may do, and such answers are never stored by caches.
 */
export async function commentsApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const links = createPermalinks(services, siteUrl);

  /** The answer depends on who asks when a session cookie came with the request. */
  function cacheFor(req: FastifyRequest, reply: FastifyReply): void {
    if (isPersonal(req)) reply.header('cache-control', 'no-store');
    reply.header('vary', 'cookie');
  }

  app.get(
    '/articles/:slug/comments',
    {
      schema: {
        tags: ['comments'],
        summary: "An article's comment thread, paged by top-level comment",
        description:
          'Approved comments in reading order, with depths. A signed-in reader also gets their own comments that wait for a moderator (state "pending"). meta.picks lists the editors’ picks and meta.commenting says whether the asker may post.',
        params: SlugParams,
        querystring: ThreadQuery,
        response: { 200: ThreadResponse, ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const { limit = 20, page = 1, sort = 'oldest' } = req.query;
      const found = await services.articles.findPublic(req.params.slug);
      if (!found || found.kind !== 'article') throw notFound('article');
      const { article } = found;
      const viewer = await viewerOf(req, services);
      const [thread, counts, picks, commenting] = await Promise.all([
        services.comments.thread(article.id, { page, perPage: limit, sort, viewer }),
        services.comments.counts([article.id]),
        services.comments.picks(article.id, viewer),
        services.comments.commentingState(article.id, viewer),
      ]);
      if (page > thread.pageCount) throw notFound('page of comments');
      const [urlOf, pickUrls] = await Promise.all([links.forThread(thread.items, viewer, article.path), Promise.all(picks.map((p) => links.of(p.id, viewer, article.path)))]);
      cacheFor(req, reply);
      return {
        data: flatten(thread.items, urlOf),
        meta: {
          page,
          limit,
          total: thread.total,
          pageCount: thread.pageCount,
          sort,
          commentCount: counts.get(article.id) ?? 0,
          commentsOpen: article.commentsOpen,
          picks: picks.map((p, i) => apiComment(p, pickUrls[i] ?? null)),
          commenting: apiCommenting(commenting),
        },
        links: pageLinks(req.url, page, thread.pageCount),
      };
    },
  );

  app.get(
    '/comments/:id',
    {
      schema: {
        tags: ['comments'],
        summary: 'One comment, with its permalink',
        description: 'An approved comment, or the asker’s own held one; anything else is 404.',
        params: IdParams,
        response: { 200: One(SingleCommentSchema), ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const viewer = await viewerOf(req, services);
      const comment = await services.comments.get(req.params.id, viewer);
      const path = comment && (await links.articlePathOf(comment.articleId));
      if (!comment || !path) throw notFound('comment');
      cacheFor(req, reply);
      return { data: { ...apiComment(comment, await links.of(comment.id, viewer, path)), articleId: comment.articleId } };
    },
  );

  app.get(
    '/comments/:id/replies',
    {
      schema: {
        tags: ['comments'],
        summary: 'A comment and every reply below it',
        description: 'The whole subthread in reading order, with depths as in the article’s thread (nothing left out, unlike the thread’s pages).',
        params: IdParams,
        response: { 200: SubthreadResponse, ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const viewer = await viewerOf(req, services);
      const sub = await services.comments.subthread(req.params.id, viewer);
      const path = sub && (await links.articlePathOf(sub.articleId));
      if (!sub || !path) throw notFound('comment');
      const urlOf = await links.forThread([sub.root], viewer, path);
      const data = flatten([sub.root], urlOf);
      cacheFor(req, reply);
      return { data, meta: { articleId: sub.articleId, count: data.length } };
    },
  );
}
