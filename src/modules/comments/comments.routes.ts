import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ComponentChildren, h, type VNode } from 'preact';
import type { Clock } from '../../platform/clock.js';
import { requireCsrf } from '../../platform/csrf.js';
import { badRequest, isAppError, notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import { sendPage } from '../../views/render.js';
import type { Services } from '../../services.js';
import type { SiteChrome } from '../site/site.chrome.js';
import { formTokens, isGuest, postingRateLimit, type Visitor, visitorOf, wantsJson } from './comments.request.js';
import { present } from './comments.thread.js';
import type { ReportReasonInput, ThreadComment, Viewer } from './comments.types.js';
import type { CommentFormValues } from './views/comment-form.js';
import { type ArticleRef, CommentFormPage, DeletePage, EditPage, PendingPage, ReportPage, RepliesPage } from './views/comment-pages.js';
import { CommentItem, RepliesList, renderThreadFragment, repliesPath, type ThreadOptions } from './views/thread.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';

interface Deps {
  services: Services;
  chrome: () => Promise<SiteChrome>;
  clock: Clock;
}

type Body = Record<string, unknown>;
type IdRoute = { Params: { id: string }; Body: Body; Querystring: Record<string, string | undefined> };

/** Comment ids in paths: digits only, so /comments/form-token and nonsense never reach the id routes. */
const ID = ':id(^\\d{1,9}$)';

/** A form or JSON field as text; anything else (arrays, objects) counts as absent. */
const field = (body: Body, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};

/** A positive whole number from a form field, or undefined. */
const idField = (body: Body, name: string): number | undefined => {
  const s = field(body, name).trim();
  return /^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
};

const NO_STORE = 'no-store';

/**
 * The reader's side of comments: posting (as a page or as JSON for the
 * page's script), the permalink, and the pages behind each comment's links.
 * Every POST checks CSRF first; the service applies the real rules and limits,
 * the rate limits here only keep floods away from it.
 */
export async function commentRoutes(app: FastifyInstance, { services, chrome, clock }: Deps) {
  const comments = services.comments;



  /** The visible article with this id, as the comment pages link to it. */
  async function articleRef(articleId: number): Promise<ArticleRef | undefined> {
    const ref = (await services.articles.refs([articleId])).get(articleId);
    return ref?.path ? { id: ref.id, headline: ref.headline, path: ref.path } : undefined;
  }

  async function requireArticle(articleId: number): Promise<ArticleRef> {
    const article = await articleRef(articleId);
    if (!article) throw notFound('story');
    return article;
  }

  /** Where a comment is shown: its page of the thread, or its top-level comment's replies page. */
  async function placeOf(id: number, viewer: Viewer): Promise<string | undefined> {
    const loc = await comments.locate(id, viewer);
    if (!loc) return undefined;
    const article = await articleRef(loc.articleId);
    if (!article) return undefined;
    if (loc.inMoreReplies) return repliesPath(loc.rootId, id);
    return `${article.path}${loc.page > 1 ? `?comments=${loc.page}` : ''}#comment-${id}`;
  }

  /** A comment the visitor may see, or a 404. */
  async function visibleComment(id: number, viewer: Viewer): Promise<ThreadComment & { articleId: number }> {
    const c = await comments.get(id, viewer);
    if (!c) throw notFound('comment');
    return c;
  }

  const threadOptions = (csrf: string, viewer: Viewer, canReply: boolean): ThreadOptions => ({
    csrf,
    now: clock.now().toISOString(),
    canReact: viewer.readerId !== null,
    canReply,
  });

  interface FormPageInput {
    articleId: number;
    parentId: number | null;
    values: CommentFormValues;
    title?: string;
    error?: string;
    intro?: ComponentChildren;
    status?: number;
  }

  /** The comment form on a page of its own, with fresh tokens: replying, trying again, or confirming. */
  async function formPage(req: FastifyRequest, reply: FastifyReply, visitor: Visitor, input: FormPageInput) {
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
    return sendPage(reply, page as VNode, input.status ?? 200);
  }

  /** For the page's script on pages shared through caches: this visitor's tokens. */
  app.get('/comments/form-token', async (req, reply) => {
    reply.header('cache-control', NO_STORE);
    return formTokens(reply, services);
  });

  app.post<{ Body: Body }>('/comments', { config: postingRateLimit(services) }, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const json = wantsJson(req);
    const articleId = idField(body, 'articleId');
    const rawParent = field(body, 'parentId').trim();
    const parentId = rawParent === '' ? null : (idField(body, 'parentId') ?? -1);
    const values: CommentFormValues = { body: field(body, 'body'), name: field(body, 'name'), email: field(body, 'email') };

    try {
      await req.verifyCsrf();
    } catch (err) {
      if (json || !isAppError(err) || articleId === undefined || !(await articleRef(articleId))) throw err;
      // A form from a shared page without its tokens (no scripts), or an old one: nothing is stored;
      // the same text comes back in a form that will go through.
      req.log.info({ code: err.code }, 'comment form to confirm');
      const intro = h(
        'p',
        { class: 'form-notice', role: 'status' },
        'Your comment has not been posted yet: the form had expired or did not come from this site. Check it, then post it again.',
      );
      return formPage(req, reply, await visitorOf(req, services), { articleId, parentId: parentId === -1 ? null : parentId, values, title: 'Confirm your comment', intro, status: 403 });
    }
    if (articleId === undefined) throw badRequest('Say which story the comment is for (articleId).');

    const visitor = await visitorOf(req, services);
    const { viewer } = visitor;
    let result;
    try {
      result = await comments.post({
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
    } catch (err) {
      if (json || !isAppError(err) || err.status === 404) throw err;
      req.log.info({ code: err.code, status: err.status }, 'comment refused');
      const retry = err.details?.retryAfterSeconds;
      if (typeof retry === 'number') reply.header('retry-after', String(retry));
      return formPage(req, reply, visitor, { articleId, parentId: parentId === -1 ? null : parentId, values, error: err.message, status: err.status });
    }

    const { comment, status, heldReason } = result;
    req.log.info({ commentId: comment.id, status }, 'comment posted');
    reply.header('cache-control', NO_STORE);
    if (json) {
      const [article, tokens, site] = await Promise.all([requireArticle(articleId), formTokens(reply, services), services.settings.get()]);
      const html = renderThreadFragment(h(CommentItem, { comment, zone: site, articlePath: article.path }), threadOptions(tokens.csrf, viewer, true));
      return reply.code(201).send({ id: comment.id, status, heldReason, html });
    }
    if (status === 'approved' || !isGuest(viewer)) return reply.redirect(`/comments/${comment.id}`, 303);
    // A guest has no page of their own to see it on: show it here.
    const [c, article] = await Promise.all([chrome(), requireArticle(articleId)]);
    return sendPage(reply, PendingPage({ chrome: c, article, comment, heldReason }) as VNode);
  });

  /** The permalink: to the page of the thread holding the comment. */
  app.get<IdRoute>(`/comments/${ID}`, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    const place = await placeOf(Number(req.params.id), viewer);
    if (!place) throw notFound('comment');
    reply.header('cache-control', isGuest(viewer) ? PUBLIC_PAGE_CACHE : NO_STORE);
    return reply.redirect(place, 302);
  });

  /** A comment with all its replies: a page, or (?fragment=1) just the list of replies for the page's script. */
  app.get<IdRoute>(`/comments/${ID}/replies`, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    const sub = await comments.subthread(Number(req.params.id), viewer);
    if (!sub) throw notFound('comment');
    const article = await requireArticle(sub.articleId);
    const [c, state, tokens] = await Promise.all([chrome(), comments.commentingState(article.id, viewer), formTokens(reply, services)]);
    const options = threadOptions(tokens.csrf, viewer, state.open);
    reply.header('cache-control', NO_STORE);
    if (req.query.fragment === '1') {
      const html = renderThreadFragment(h(RepliesList, { comment: sub.root, zone: c.site, articlePath: article.path, rootId: sub.root.id }), options);
      return reply.type('text/html; charset=utf-8').send(html);
    }
    return sendPage(reply, RepliesPage({ chrome: c, article, root: sub.root, options }) as VNode);
  });

  /** Replying without scripts: the comment, and the form under it. */
  app.get<IdRoute>(`/comments/${ID}/reply`, async (req, reply) => {
    const visitor = await visitorOf(req, services);
    const parent = await visibleComment(Number(req.params.id), visitor.viewer);
    if (parent.state !== 'approved') throw notFound('comment');
    return formPage(req, reply, visitor, { articleId: parent.articleId, parentId: parent.id, values: {} });
  });

  /** The edit page of one's own comment (refused once the edit window has passed). */
  async function editPage(req: FastifyRequest, reply: FastifyReply, comment: ThreadComment & { articleId: number }, body: string, error?: string, status = 200) {
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
    const c = await visibleComment(id, viewer);
    if (!c.mine) throw notFound('comment');
    return c;
  }

  app.get<IdRoute>(`/comments/${ID}/edit`, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    const c = await ownComment(Number(req.params.id), viewer);
    return editPage(req, reply, c, c.body);
  });

  app.post<IdRoute>(`/comments/${ID}/edit`, { config: { rateLimit: RATE_LIMITS.commentEdit } }, async (req, reply) => {
    const id = Number(req.params.id);
    const text = field(req.body ?? {}, 'body');
    try {
      await req.verifyCsrf();
    } catch (err) {
      if (!isAppError(err)) throw err;
      const c = await ownComment(id, (await visitorOf(req, services)).viewer);
      return editPage(req, reply, c, text, err.message, err.status);
    }
    const { viewer } = await visitorOf(req, services);
    try {
      await comments.edit(id, viewer, text);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      req.log.info({ commentId: id, code: err.code }, 'comment edit refused');
      return editPage(req, reply, await ownComment(id, viewer), text, err.message, err.status);
    }
    req.log.info({ commentId: id }, 'comment edited');
    return reply.redirect(`/comments/${id}`, 303);
  });

  /** Deleting one's own comment: the button asks once more (a page) unless the form says it was confirmed. */
  /**
   * One's own comment to delete, wherever it is: also when its story has
   * been taken down or a comment above it hidden, since a reader's right to
   * remove what they wrote does not depend on others seeing it.
   */
  async function ownForDeletion(id: number, viewer: Viewer): Promise<{ comment: ThreadComment; article: ArticleRef; shown: boolean }> {
    const row = await comments.owned(id, viewer);
    const article = await articleRef(row.article_id);
    const visible = article ? await comments.get(id, viewer) : undefined;
    if (article && visible) return { comment: visible, article, shown: true };
    return { comment: present(row, 0, { viewer, reacted: new Set(), editWindowMs: 0 }), article: article ?? { id: row.article_id, headline: 'Your account', path: '/account' }, shown: false };
  }

  app.post<IdRoute>(`/comments/${ID}/delete`, { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.commentEdit } }, async (req, reply) => {
    const id = Number(req.params.id);
    const { viewer } = await visitorOf(req, services);
    const { comment, article, shown } = await ownForDeletion(id, viewer);
    reply.header('cache-control', NO_STORE);
    if (field(req.body ?? {}, 'confirm') !== '1') {
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

  /** Reporting a comment to the moderators; guests may too. */
  async function reportPage(req: FastifyRequest, reply: FastifyReply, comment: ThreadComment & { articleId: number }, extra: { reason?: string; note?: string; error?: string; sent?: boolean }, status = 200) {
    const article = await requireArticle(comment.articleId);
    const [c, tokens] = await Promise.all([chrome(), formTokens(reply, services)]);
    reply.header('cache-control', NO_STORE);
    return sendPage(reply, ReportPage({ chrome: c, article, comment, csrf: tokens.csrf, ...extra }) as VNode, status);
  }

  async function reportable(id: number, viewer: Viewer) {
    const c = await visibleComment(id, viewer);
    if (c.state !== 'approved') throw notFound('comment');
    return c;
  }

  app.get<IdRoute>(`/comments/${ID}/report`, async (req, reply) => {
    const { viewer } = await visitorOf(req, services);
    return reportPage(req, reply, await reportable(Number(req.params.id), viewer), {});
  });

  app.post<IdRoute>(`/comments/${ID}/report`, { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.report } }, async (req, reply) => {
    const id = Number(req.params.id);
    const body = req.body ?? {};
    const reason = field(body, 'reason');
    const note = field(body, 'note');
    const { viewer } = await visitorOf(req, services);
    const c = await reportable(id, viewer);
    try {
      const { held } = await comments.report(id, { viewer, ip: req.ip, reason: reason as ReportReasonInput, note });
      req.log.info({ commentId: id, held }, 'comment reported');
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      return reportPage(req, reply, c, { reason, note, error: err.message }, err.status);
    }
    return reportPage(req, reply, c, { sent: true });
  });

  /** Recommend (or take it back): a form posting on=1/0, or JSON { on } from the page's script. */
  app.post<IdRoute>(`/comments/${ID}/react`, { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.reaction } }, async (req, reply) => {
    const id = Number(req.params.id);
    const raw = (req.body ?? {}).on;
    const on = raw === true || raw === '1' || raw === 'true';
    if (!(raw === true || raw === false || ['0', '1', 'true', 'false'].includes(String(raw)))) throw badRequest('"on" must be 1 (recommend) or 0 (take it back).');
    const { viewer } = await visitorOf(req, services);
    const result = await comments.react(id, viewer, on);
    reply.header('cache-control', NO_STORE);
    if (wantsJson(req)) return result;
    return reply.redirect((await placeOf(id, viewer)) ?? `/comments/${id}`, 303);
  });
}
