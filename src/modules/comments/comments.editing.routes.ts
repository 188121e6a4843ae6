import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { requireCsrf } from '../../platform/csrf.js';
import { isAppError, notFound } from '../../platform/errors.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { formTokens, visitorOf } from './comments.request.js';
import { type Body, type CommentRouteContext, field, ID, NO_STORE } from './comments.route-context.js';
import { present } from './comments.thread.js';
import type { ThreadComment, Viewer } from './comments.types.js';
import { type ArticleRef, DeletePage, EditPage } from './views/comment-pages.js';

/** Editing and deleting one's own comment, each with a page of its own. */
export function registerEditing(fastify: FastifyInstance, ctx: CommentRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, clock, requireArticle } = ctx;
  const comments = services.comments;

  /** The edit page of one's own comment (refused once the edit window has passed). */
  async function editPage(reply: FastifyReply, comment: ThreadComment & { articleId: number }, body: string, error?: string, status = 200) {
    const article = await requireArticle(comment.articleId);
    const [c, tokens] = await Promise.all([chrome(), formTokens(reply, services)]);
    const expired = comment.editableUntil === null || comment.editableUntil <= clock.now().toISOString();
    const site = c.site;
    const message = error ?? (expired ? `Comments can be edited for ${site.editWindowMinutes} minutes after posting; this one can no longer be changed.` : undefined);
    reply.header('cache-control', NO_STORE);
    const page = EditPage({ chrome: c, article, comment, csrf: tokens.csrf, maxLength: site.maxCommentLength, body, expired, ...(message ? { error: message } : {}) });
    return sendPage(reply, page as VNode, expired && status === 200 ? 403 : status);
  }

  async function ownComment(id: number, viewer: Viewer) {
    const c = await ctx.visibleComment(id, viewer);
    if (!c.mine) throw notFound('comment');
    return c;
  }

  app.get(`/comments/${ID}/edit`, { schema: { params: IdPath } }, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    const c = await ownComment(Number(req.params.id), viewer);
    return editPage(reply, c, c.body);
  });

  // Two steps, each answered its own way: an expired form shows the text again; only the edit's
  // refusals are logged, and a comment gone meanwhile (404) is not the form's to show.
  app.post(`/comments/${ID}/edit`, { schema: { params: IdPath }, config: { rateLimit: RATE_LIMITS.commentEdit } }, async (req, reply) => {
    const id = Number(req.params.id);
    const text = field((req.body ?? {}) as Body, 'body');
    try {
      await req.verifyCsrf();
    } catch (err) {
      if (!isAppError(err)) throw err;
      const c = await ownComment(id, (await visitorOf(req, services)).viewer);
      return editPage(reply, c, text, err.message, err.status);
    }
    const { viewer } = await visitorOf(req, services);
    try {
      await comments.edit(id, viewer, text);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      req.log.info({ commentId: id, code: err.code }, 'comment edit refused');
      return editPage(reply, await ownComment(id, viewer), text, err.message, err.status);
    }
    req.log.info({ commentId: id }, 'comment edited');
    return reply.redirect(`/comments/${id}`, 303);
  });

  /**
   * One's own comment to delete, wherever it is: also when its story has
   * been taken down or a comment above it hidden, since a reader's right to
   * remove what they wrote does not depend on others seeing it.
   */
  async function ownForDeletion(id: number, viewer: Viewer): Promise<{ comment: ThreadComment; article: ArticleRef; shown: boolean }> {
    const row = await comments.owned(id, viewer);
    const article = await ctx.articleRef(row.article_id);
    const visible = article ? await comments.get(id, viewer) : undefined;
    if (article && visible) return { comment: visible, article, shown: true };
    return { comment: present(row, 0, { viewer, reacted: new Set(), editWindowMs: 0 }), article: article ?? { id: row.article_id, headline: 'Your account', path: '/account' }, shown: false };
  }

  /** Deleting one's own comment: the button asks once more (a page) unless the form says it was confirmed. */
  app.post(`/comments/${ID}/delete`, { schema: { params: IdPath }, preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.commentEdit } }, async (req, reply) => {
    const id = Number(req.params.id);
    const { viewer } = await visitorOf(req, services);
    const { comment, article, shown } = await ownForDeletion(id, viewer);
    reply.header('cache-control', NO_STORE);
    if (field((req.body ?? {}) as Body, 'confirm') !== '1') {
      const [ch, tokens] = await Promise.all([chrome(), formTokens(reply, services)]);
      return sendPage(reply, DeletePage({ chrome: ch, article, comment, csrf: tokens.csrf, ...(shown ? {} : { keepHref: '/account' }) }) as VNode);
    }
    const loc = shown ? await comments.locate(id, viewer) : undefined;
    await comments.remove(id, viewer);
    req.log.info({ commentId: id }, 'comment deleted by its author');
    if (!shown) return reply.redirect('/account', 303);
    const page = loc && !loc.inMoreReplies && loc.page > 1 ? `?comments=${loc.page}` : '';
    return reply.redirect(`${article.path}${page}#comments`, 303);
  });
}
