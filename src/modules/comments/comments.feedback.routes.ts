import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { requireCsrf } from '../../platform/csrf.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { IdPath } from '../../platform/route-schemas.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { formTokens, visitorOf, wantsJson } from './comments.request.js';
import { type Body, type CommentRouteContext, field, ID, NO_STORE } from './comments.route-context.js';
import type { ReportReasonInput, ThreadComment, Viewer } from './comments.types.js';
import { ReportPage } from './views/comment-pages.js';

/** What readers say about others' comments: reports to the moderators, and recommendations. */
export function registerFeedback(fastify: FastifyInstance, ctx: CommentRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome } = ctx;
  const comments = services.comments;

  /** Reporting a comment to the moderators; guests may too. */
  async function reportPage(reply: FastifyReply, comment: ThreadComment & { articleId: number }, extra: { reason?: string; note?: string; error?: string; sent?: boolean }): Promise<VNode> {
    const article = await ctx.requireArticle(comment.articleId);
    const [c, tokens] = await Promise.all([chrome(), formTokens(reply, services)]);
    reply.header('cache-control', NO_STORE);
    return ReportPage({ chrome: c, article, comment, csrf: tokens.csrf, ...extra }) as VNode;
  }

  async function reportable(id: number, viewer: Viewer) {
    const c = await ctx.visibleComment(id, viewer);
    if (c.state !== 'approved') throw notFound('comment');
    return c;
  }

  app.get(`/comments/${ID}/report`, { schema: { params: IdPath } }, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    return sendPage(reply, await reportPage(reply, await reportable(Number(req.params.id), viewer), {}));
  });

  app.post(`/comments/${ID}/report`, { schema: { params: IdPath }, preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.report } }, async (req, reply) => {
    const id = Number(req.params.id);
    const body = (req.body ?? {}) as Body;
    const reason = field(body, 'reason');
    const note = field(body, 'note');
    const { viewer } = await visitorOf(req, services);
    const c = await reportable(id, viewer);
    return submitForm(
      reply,
      async () => {
        const { held } = await comments.report(id, { viewer, ip: req.ip, reason: reason as ReportReasonInput, note });
        req.log.info({ commentId: id, held }, 'comment reported');
        return sendPage(reply, await reportPage(reply, c, { sent: true }));
      },
      (err) => reportPage(reply, c, { reason, note, error: err.message }),
      (err) => err.status === 404,
    );
  });

  /** Recommend (or take it back): a form posting on=1/0, or JSON { on } from the page's script. */
  app.post(`/comments/${ID}/react`, { schema: { params: IdPath }, preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.reaction } }, async (req, reply) => {
    const id = Number(req.params.id);
    const raw = ((req.body ?? {}) as Body).on;
    const on = raw === true || raw === '1' || raw === 'true';
    if (!(raw === true || raw === false || ['0', '1', 'true', 'false'].includes(String(raw)))) throw badRequest('"on" must be 1 (recommend) or 0 (take it back).');
    const { viewer } = await visitorOf(req, services);
    const result = await comments.react(id, viewer, on);
    reply.header('cache-control', NO_STORE);
    if (wantsJson(req)) return result;
    return reply.redirect((await ctx.placeOf(id, viewer)) ?? `/comments/${id}`, 303);
  });
}
