import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { CsrfHeaders, IdParams, rejectUnknownFields, SlugParams } from '../../platform/api-schemas.js';
import { apiComment, createPermalinks } from './comments.present.js';
import { isGuest, postingRateLimit, viewerOf } from './comments.request.js';
import { EditBody, errors, PostBody, PostResponse, ReactionResponse, ReportBody, ReportResponse, SingleCommentSchema } from './comments.schemas.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { requireCsrf } from '../../platform/csrf.js';

/*
 * Writing comments through the JSON API: posting, editing, deleting,
 * reporting and recommending, as a signed-in reader (the bs_reader cookie),
 * a signed-in newsroom member, or a guest where the site allows guests.
 * Every request carries the CSRF token in x-csrf-token, checked before
 * anything else. The comments service applies the site's rules and its rate
 * limits; the limits here only keep floods from one address away from it.
 */

/** /api/v1/articles/:slug/comments (POST) and /api/v1/comments/:id… */
export async function commentsWriteApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const comments = services.comments;
  const links = createPermalinks(services, siteUrl);
  const preValidation = [requireCsrf, rejectUnknownFields];

  // What is written here is the writer's own answer: never for caches.
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const common = { tags: ['comments'], headers: CsrfHeaders };

  app.post(
    '/articles/:slug/comments',
    {
      preValidation,
      config: postingRateLimit(services),
      schema: {
        ...common,
        summary: 'Post a comment or a reply',
        description: `A signed-in reader (bs_reader cookie) or, where the site allows guests, anyone with \`name\` and \`email\`. Answers 201 with the comment and whether it is visible now or waits for a moderator (\`status\`, \`heldReason\`); Location is the comment. Refusals: 403 comments_closed, sign_in_required, unverified or banned; 409 for the same text twice; 422 for text the site does not take; 429 with Retry-After when posting faster than the site allows.`,
        params: SlugParams,
        body: PostBody,
        response: { 201: PostResponse, ...errors(400, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const found = await services.articles.findPublic(req.params.slug);
      if (!found || found.kind !== 'article') throw notFound('article');
      const viewer = await viewerOf(req, services);
      const { body, parentId, name, email } = req.body;
      const result = await comments.post({
        articleId: found.article.id,
        parentId: parentId ?? null,
        body,
        viewer,
        ...(isGuest(viewer) ? { guest: { name: name ?? '', email: email ?? '' } } : {}),
        ip: req.ip,
      });
      const { comment, status, heldReason } = result;
      req.log.info({ commentId: comment.id, status }, 'comment posted through the API');
      const url = await links.of(comment.id, viewer, found.article.path);
      return reply
        .code(201)
        .header('location', `${fastify.prefix}/comments/${comment.id}`)
        .send({ data: { ...apiComment(comment, url), articleId: found.article.id }, status, heldReason });
    },
  );

  app.patch(
    '/comments/:id',
    {
      preValidation,
      config: { rateLimit: RATE_LIMITS.commentEdit },
      schema: {
        ...common,
        summary: 'Edit one’s own comment',
        description:
          'Within the site’s edit window (403 edit_window_closed after it). The edit is marked, and an edit that now looks doubtful waits for a moderator again. Someone else’s comment is 404.',
        params: IdParams,
        body: EditBody,
        response: { 200: Type.Object({ data: SingleCommentSchema }), ...errors(400, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => {
      const viewer = await viewerOf(req, services);
      const edited = await comments.edit(req.params.id, viewer, req.body.body);
      req.log.info({ commentId: edited.id }, 'comment edited through the API');
      const [row, url] = await Promise.all([comments.byId(edited.id), links.of(edited.id, viewer)]);
      return { data: { ...apiComment(edited, url), articleId: row!.article_id } };
    },
  );

  app.delete(
    '/comments/:id',
    {
      preValidation,
      config: { rateLimit: RATE_LIMITS.commentEdit },
      schema: {
        ...common,
        summary: 'Delete one’s own comment',
        description: 'Its text goes at once; while replies hang from it, the thread shows a “removed” placeholder. Someone else’s comment is 404.',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...errors(400, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await comments.remove(req.params.id, await viewerOf(req, services));
      req.log.info({ commentId: req.params.id }, 'comment deleted by its author through the API');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/comments/:id/reports',
    {
      preValidation,
      config: { rateLimit: RATE_LIMITS.report },
      schema: {
        ...common,
        summary: 'Report a comment to the moderators',
        description: 'Guests may report too. One open report per reader (or address) per comment: another is 409. Enough reports hide the comment until a moderator decides (`held`).',
        params: IdParams,
        body: ReportBody,
        response: { 201: ReportResponse, ...errors(400, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const viewer = await viewerOf(req, services);
      const { reason, note } = req.body;
      const result = await comments.report(req.params.id, { viewer, ip: req.ip, reason, ...(note !== undefined ? { note } : {}) });
      req.log.info({ commentId: req.params.id, held: result.held }, 'comment reported through the API');
      return reply.code(201).send(result);
    },
  );

  // Recommending is a state, not an event: PUT sets it, DELETE clears it, and repeating either changes nothing.
  for (const [method, on] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/comments/:id/reaction',
      {
        preValidation,
        config: { rateLimit: RATE_LIMITS.reaction },
        schema: {
          ...common,
          summary: on ? 'Recommend a comment' : 'Take a recommendation back',
          description: 'Signed-in readers only, one recommendation per reader; not on one’s own comments (422). Answers the comment’s count.',
          params: IdParams,
          response: { 200: ReactionResponse, ...errors(400, 403, 404, 422, 429) },
        },
      },
      async (req) => comments.react(req.params.id, await viewerOf(req, services), on),
    );
  }
}
