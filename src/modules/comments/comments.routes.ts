import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { h, type VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { registerEditing } from './comments.editing.routes.js';
import { registerFeedback } from './comments.feedback.routes.js';
import { registerPosting } from './comments.posting.routes.js';
import { formTokens, isGuest, visitorOf } from './comments.request.js';
import { type CommentRouteContext, type CommentRouteDeps, createRouteContext, ID, NO_STORE } from './comments.route-context.js';
import { RepliesPage } from './views/comment-pages.js';
import { RepliesList, renderThreadFragment } from './views/thread.js';

/** `?fragment=1`: just the list of replies, for the page's script. */
const RepliesQuery = Type.Object({ fragment: Type.Optional(Type.String()) });

/**
 * The reader's side of comments: posting (as a page or as JSON for the
 * page's script), the permalink, and the pages behind each comment's links.
 * Every POST checks CSRF first; the service applies the real rules and limits,
 * the rate limits here only keep floods away from it.
 */
export async function commentRoutes(app: FastifyInstance, deps: CommentRouteDeps) {
  const ctx = createRouteContext(deps);
  registerPosting(app, ctx);
  registerReading(app, ctx);
  registerEditing(app, ctx);
  registerFeedback(app, ctx);
}

/** The permalink of a comment, and the page of a comment with all its replies. */
function registerReading(fastify: FastifyInstance, ctx: CommentRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome } = ctx;

  /** The permalink: to the page of the thread holding the comment. */
  app.get(`/comments/${ID}`, { schema: { params: IdPath } }, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    const place = await ctx.placeOf(Number(req.params.id), viewer);
    if (!place) throw notFound('comment');
    reply.header('cache-control', isGuest(viewer) ? PUBLIC_PAGE_CACHE : NO_STORE);
    return reply.redirect(place, 302);
  });

  /** A comment with all its replies: a page, or (?fragment=1) just the list of replies for the page's script. */
  app.get(`/comments/${ID}/replies`, { schema: { params: IdPath, querystring: RepliesQuery } }, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    const sub = await services.comments.subthread(Number(req.params.id), viewer);
    if (!sub) throw notFound('comment');
    const article = await ctx.requireArticle(sub.articleId);
    const [c, state, tokens] = await Promise.all([chrome(), services.comments.commentingState(article.id, viewer), formTokens(reply, services)]);
    const options = ctx.threadOptions(tokens.csrf, viewer, state.open);
    reply.header('cache-control', NO_STORE);
    if (req.query.fragment === '1') {
      const html = renderThreadFragment(h(RepliesList, { comment: sub.root, zone: c.site, articlePath: article.path, rootId: sub.root.id }), options);
      return reply.type('text/html; charset=utf-8').send(html);
    }
    return sendPage(reply, RepliesPage({ chrome: c, article, root: sub.root, options }) as VNode);
  });
}
