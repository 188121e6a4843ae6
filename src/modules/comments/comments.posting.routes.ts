import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type ComponentChildren, h, type VNode } from 'preact';
import { badRequest, isAppError, notFound } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { formTokens, isGuest, postingRateLimit, type Visitor, visitorOf, wantsJson } from './comments.request.js';
import { type Body, type CommentRouteContext, field, ID, NO_STORE } from './comments.route-context.js';
import type { CommentFormValues } from './views/comment-form.js';
import { CommentFormPage, PendingPage } from './views/comment-pages.js';
import { CommentItem, renderThreadFragment } from './views/thread.js';

/** A positive whole number from a form field, or undefined. */
const idField = (body: Body, name: string): number | undefined => {
  const s = field(body, name).trim();
  return /^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
};

interface FormPageInput {
  articleId: number;
  parentId: number | null;
  values: CommentFormValues;
  title?: string;
  error?: string;
  intro?: ComponentChildren;
}

/**
 * Posting a comment (as a page, or as JSON for the page's script), and the
 * comment form on a page of its own: replying without scripts, trying again
 * after a refusal, or confirming a comment whose form had expired.
 */
export function registerPosting(fastify: FastifyInstance, ctx: CommentRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireArticle } = ctx;
  const comments = services.comments;

  /** The comment form on a page of its own, with fresh tokens. */
  async function formPage(reply: FastifyReply, visitor: Visitor, input: FormPageInput): Promise<VNode> {
    const { viewer } = visitor;
    const article = await requireArticle(input.articleId);
    const [c, state, tokens, parent] = await Promise.all([
      chrome(),
      comments.commentingState(article.id, viewer),
      formTokens(reply, services),
      input.parentId ? comments.get(input.parentId, viewer) : undefined,
    ]);
    const title = input.title ?? (parent && parent.state === 'approved' ? `Reply to ${parent.authorName}` : `Comment on “${article.headline}”`);
    reply.header('cache-control', NO_STORE);
    const page = CommentFormPage({
      chrome: c,
      article,
      title,
      ...(parent && parent.articleId === article.id ? { parent } : {}),
      ...(input.intro ? { intro: input.intro } : {}),
      form: {
        articleId: article.id,
        parentId: input.parentId,
        state,
        ...tokens,
        guest: isGuest(viewer),
        signedInAs: visitor.name,
        moderated: state.moderated,
        values: input.values,
        ...(input.error ? { error: input.error } : {}),
        next: input.parentId ? `/comments/${input.parentId}/reply` : `${article.path}#respond`,
      },
    });
    return page as VNode;
  }

  /** For the page's script on pages shared through caches: this visitor's tokens. */
  app.get('/comments/form-token', async (req, reply) => {
    reply.header('cache-control', NO_STORE);
    return formTokens(reply, services);
  });

  app.post('/comments', { config: postingRateLimit(services) }, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const json = wantsJson(req);
    const articleId = idField(body, 'articleId');
    const rawParent = field(body, 'parentId').trim();
    const parentId = rawParent === '' ? null : (idField(body, 'parentId') ?? -1);
    // The service refuses a malformed parent (-1); the form shown again then replies to nothing.
    const formParentId = parentId === -1 ? null : parentId;
    const values: CommentFormValues = { body: field(body, 'body'), name: field(body, 'name'), email: field(body, 'email') };

    try {
      await req.verifyCsrf();
    } catch (err) {
      if (json || !isAppError(err) || articleId === undefined || !(await ctx.articleRef(articleId))) throw err;
      // A form from a shared page without its tokens (no scripts), or an old one: nothing is stored;
      // the same text comes back in a form that will go through.
      req.log.info({ code: err.code }, 'comment form to confirm');
      const intro = h('p', { class: 'form-notice', role: 'status' }, 'Your comment has not been posted yet: the form had expired or did not come from this site. Check it, then post it again.');
      const page = await formPage(reply, await visitorOf(req, services), { articleId, parentId: formParentId, values, title: 'Confirm your comment', intro });
      return sendPage(reply, page, 403);
    }
    if (articleId === undefined) throw badRequest('Say which story the comment is for (articleId).');

    const visitor = await visitorOf(req, services);
    const { viewer } = visitor;
    return submitForm(
      reply,
      async () => {
        const { comment, status, heldReason } = await comments.post({
          articleId,
          parentId,
          body: values.body ?? '',
          viewer,
          ...(isGuest(viewer) ? { guest: { name: values.name ?? '', email: values.email ?? '' } } : {}),
          ip: req.ip,
          viaForm: true,
          honeypot: field(body, 'website'),
          formToken: field(body, 't'),
        });
        req.log.info({ commentId: comment.id, status }, 'comment posted');
        reply.header('cache-control', NO_STORE);
        if (json) {
          const [article, tokens, site] = await Promise.all([requireArticle(articleId), formTokens(reply, services), services.settings.get()]);
          const html = renderThreadFragment(h(CommentItem, { comment, zone: site, articlePath: article.path }), ctx.threadOptions(tokens.csrf, viewer, true));
          return reply.code(201).send({ id: comment.id, status, heldReason, html });
        }
        if (status === 'approved' || !isGuest(viewer)) return reply.redirect(`/comments/${comment.id}`, 303);
        // A guest has no page of their own to see it on: show it here.
        const [c, article] = await Promise.all([chrome(), requireArticle(articleId)]);
        return sendPage(reply, PendingPage({ chrome: c, article, comment, heldReason }) as VNode);
      },
      (err) => {
        req.log.info({ code: err.code, status: err.status }, 'comment refused');
        const retry = err.details?.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        return formPage(reply, visitor, { articleId, parentId: formParentId, values, error: err.message });
      },
      // The page's script shows refusals itself; a missing story or comment is not the form's to show.
      (err) => json || err.status === 404,
    );
  });

  /** Replying without scripts: the comment, and the form under it. */
  app.get(`/comments/${ID}/reply`, { schema: { params: IdPath } }, async (req, reply) => {
    const visitor = await visitorOf(req, services);
    const parent = await ctx.visibleComment(Number(req.params.id), visitor.viewer);
    if (parent.state !== 'approved') throw notFound('comment');
    return sendPage(reply, await formPage(reply, visitor, { articleId: parent.articleId, parentId: parent.id, values: {} }));
  });
}
