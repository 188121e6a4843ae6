import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { type AppError, badRequest, invalidInput, isAppError, notFound } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { parsePage } from '../../platform/pagination.js';
import { IdPath, PathId } from '../../platform/route-schemas.js';
import type { Services } from '../../services.js';
import type { Account } from '../accounts/accounts.service.js';
import { cleanSearch } from './moderation.search.js';
import { type BulkResult, isModerationAction, isQueueName, MAX_BULK, MODERATION_ACTIONS, type ModerationAction, type QueueName } from './moderation.types.js';
import { type AdminPlugin, actorOf } from '../admin/admin.context.js';
import { type SubmittedForm, value } from '../articles/editor.form.js';
import { logRefusal, parseId, pathId } from '../admin/admin.forms.js';
import { BAN_CHOICES, type BanFormValues, ModerationContextPage } from './views/moderation-context-page.js';
import { ModerationPage } from './views/moderation-page.js';
import { sendDecision, wantsJson } from './moderation.responses.js';
import { isDecisionHandle } from './moderation.undo.js';
import { NO_FILTERS, queueHref, type QueueFilters } from './views/queue-filters.js';

/*
 * The moderators' pages under /admin: the queue with its tabs, one comment
 * in its context, decisions one at a time or in bulk, and reader bans.
 * Every form posts back to where the moderator was, with a notice built
 * from fixed words and numbers (never text from the request).
 */

const PER_PAGE = 25;

/** The shortcut script's URL; the asset version covers it, so browsers may cache it for a year. */
const scriptSrc = (assetVersion: string) => `/assets/moderation.js?v=${assetVersion}`;

/** Where a form may send the moderator back to: the queue or a comment's page, nowhere else. */
export function safeBack(raw: unknown): string {
  return typeof raw === 'string' && /^\/admin\/comments(\/[1-9][0-9]{0,9})?(\?[A-Za-z0-9=&%_.*+-]{0,2000})?$/.test(raw) ? raw : '/admin/comments';
}

/** The query keys a notice travels in; they are dropped from `back` before new ones are added. */
const NOTICE_KEYS = ['done', 'n', 'already', 'skipped', 'days', 'removed', 'undo'];

/** A notice's keys, as any page shows them (values that do not fit are ignored, not refused). */
const NoticeQuery = Type.Object(Object.fromEntries(NOTICE_KEYS.map((k) => [k, Type.Optional(Type.String())])));

/** The queue's tab, page and filters (refused with a 400 naming them when they do not fit), and a notice. */
const QueueQuery = Type.Composite([
  Type.Object({
    queue: Type.Optional(Type.String({ maxLength: 20 })),
    page: Type.Optional(Type.String({ maxLength: 20 })),
    article: Type.Optional(Type.String({ maxLength: 20 })),
    reader: Type.Optional(Type.String({ maxLength: 20 })),
    // Searched for as text (moderation.search.ts checks their length).
    q: Type.Optional(Type.String()),
    commenter: Type.Optional(Type.String()),
    story: Type.Optional(Type.String()),
  }),
  NoticeQuery,
]);

/** A decision on one comment: an action the queue offers, or (checked in the route) a page that does not exist. */
const ActionPath = Type.Object({ id: PathId, action: Type.String({ maxLength: 40 }) });

function withNotice(back: string, notice: Record<string, string>): string {
  const [pathname, query = ''] = back.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  for (const k of NOTICE_KEYS) params.delete(k);
  for (const [k, v] of Object.entries(notice)) if (v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${pathname}?${s}` : pathname;
}

const ONE: Record<ModerationAction, string> = {
  approve: 'Comment approved.',
  reject: 'Comment rejected.',
  spam: 'Comment marked as spam.',
  feature: 'Comment featured.',
  unfeature: 'Comment no longer featured.',
};
const ALREADY: Record<ModerationAction, string> = {
  approve: 'That comment was already approved.',
  reject: 'That comment was already rejected.',
  spam: 'That comment was already marked as spam.',
  feature: 'That comment was already featured.',
  unfeature: 'That comment was not featured.',
};
const MANY: Record<ModerationAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'marked as spam',
  feature: 'featured',
  unfeature: 'no longer featured',
};

/** Why a comment was left out of a bulk action, as a short code in the address and as words on the page. */
const SKIP_CODE: Record<string, string> = { not_found: 'gone', comment_deleted: 'deleted', not_approved: 'unapproved', conflict: 'changed' };
const SKIP_WORDS: Record<string, string> = {
  gone: 'no longer exists',
  deleted: 'was deleted by its author',
  unapproved: 'is not approved, so it cannot be featured',
  changed: 'was changed by someone else meanwhile',
  failed: 'could not be changed',
};
const SKIPS_SHOWN = 10;

const encodeSkipped = (skipped: BulkResult['skipped']) => skipped.map((s) => `${s.id}-${SKIP_CODE[s.code] ?? 'failed'}`).join('.');

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The notice for a page's query, if it carries one. */
export function noticeOf(q: Record<string, unknown>): string | undefined {
  const done = value(q, 'done');
  const count = (k: string) => {
    const v = value(q, k);
    return v !== undefined && /^[0-9]{1,4}$/.test(v) ? Number(v) : undefined;
  };
  const removed = count('removed');
  const removedText = removed ? ` ${plural(removed, 'waiting comment', 'waiting comments')} rejected.` : '';
  if (done === 'ban') return `Reader banned.${removedText}`;
  if (done === 'suspend') {
    const days = count('days');
    return `Reader suspended${days ? ` for ${plural(days, 'day', 'days')}` : ''}.${removedText}`;
  }
  if (done === 'undo') {
    const n = count('n') ?? 0;
    return withSkipped(`Undone: ${plural(n, 'comment is', 'comments are')} back as ${n === 1 ? 'it was' : 'they were'}.`, value(q, 'skipped'));
  }
  if (done === 'unban') return q.already !== undefined ? 'That reader was not banned.' : 'Ban lifted: the reader can comment again.';
  if (!isModerationAction(done)) return undefined;
  const n = count('n');
  if (n === undefined) return q.already !== undefined ? ALREADY[done] : ONE[done];
  return withSkipped(n === 0 ? 'No comments changed.' : `${plural(n, 'comment', 'comments')} ${MANY[done]}.`, value(q, 'skipped'));
}

/** The notice for a decision just made, as the JSON answers give it (empty values mean absent, as in an address). */
const noticeText = (notice: Record<string, string>): string => noticeOf(Object.fromEntries(Object.entries(notice).filter(([, v]) => v !== ''))) ?? '';

/** A notice's head, followed by the comments that were skipped and why. */
function withSkipped(head: string, encoded: string | undefined): string {
  const skipped = (encoded ?? '')
    .split('.')
    .map((s) => /^([1-9][0-9]{0,9})-([a-z]{1,12})$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null);
  if (skipped.length === 0) return head;
  const listed = skipped.slice(0, SKIPS_SHOWN).map((m) => `comment ${m[1]} ${SKIP_WORDS[m[2]!] ?? SKIP_WORDS.failed}`);
  const more = skipped.length > SKIPS_SHOWN ? `; and ${skipped.length - SKIPS_SHOWN} more` : '';
  return `${head} ${plural(skipped.length, 'skipped', 'skipped')}: ${listed.join('; ')}${more}.`;
}

/** The bulk form's comments: the ticked boxes, plus every comment of the page when "Select all" is ticked. */
function chosenIds(form: SubmittedForm): number[] {
  const ticked = parseIds(form.ids);
  return value(form, 'all') === '1' ? [...new Set([...ticked, ...parseIds(form.page_ids)])] : ticked;
}

/** The checked boxes of the bulk form: whole ids, or a 400. */
function parseIds(raw: unknown): number[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_BULK * 2) throw invalidInput(`At most ${MAX_BULK} comments can be changed at once.`);
  return list.map((v) => {
    const id = parseId(v);
    if (id === undefined) throw badRequest('Comment ids must be whole numbers.');
    return id;
  });
}

function parseFilters(q: Record<string, unknown>): QueueFilters {
  const one = (name: string, what: string): number | null => {
    const raw = value(q, name);
    if (raw === undefined || raw === '') return null;
    const id = parseId(raw);
    if (id === undefined) throw badRequest(`"${name}" must be ${what} id (a whole number).`);
    return id;
  };
  const search = cleanSearch({ text: value(q, 'q'), commenter: value(q, 'commenter'), story: value(q, 'story') });
  return { articleId: one('article', 'an article'), readerId: one('reader', 'a reader'), q: search.text ?? '', commenter: search.commenter ?? '', story: search.story ?? '' };
}

/** POST /admin/comments/bulk: one action on the ticked comments (or all of the page), then JSON or back to the page. */
async function bulkDecision(req: FastifyRequest, reply: FastifyReply, account: Account, services: Services): Promise<FastifyReply> {
  const moderation = services.moderation;
  const form = (req.body ?? {}) as SubmittedForm;
  const action = value(form, 'action') ?? '';
  if (!isModerationAction(action)) throw invalidInput('Choose what to do with the selected comments: approve, reject, spam, feature or unfeature.');
  const actor = actorOf(account);
  const result = await moderation.bulk(actor, chosenIds(form), action);
  req.log.info({ accountId: account.id, action, done: result.done, skipped: result.skipped.length }, 'comments moderated in bulk');
  const notice = { done: action, n: String(result.done), skipped: encodeSkipped(result.skipped) };
  const back = safeBack(value(form, 'back'));
  if (wantsJson(req)) {
    const zone = await services.settings.get();
    return sendDecision(reply, moderation, actor, { message: noticeText(notice), ids: result.changed, back, zone, undo: result.undo, extra: { done: result.done, skipped: result.skipped } });
  }
  return reply.redirect(withNotice(back, { ...notice, undo: result.undo?.handle ?? '' }), 303);
}

/** POST /admin/comments/undo: put back what the moderator's last decision changed, then JSON or back to the page. */
async function undoDecision(req: FastifyRequest, reply: FastifyReply, account: Account, services: Services): Promise<FastifyReply> {
  const moderation = services.moderation;
  const form = (req.body ?? {}) as SubmittedForm;
  const handle = value(form, 'decision') ?? '';
  if (!isDecisionHandle(handle)) throw badRequest('Which decision to undo is missing or malformed; use the Undo button on the page.');
  const actor = actorOf(account);
  const result = await moderation.undo(actor, handle);
  req.log.info({ accountId: account.id, restored: result.restored.length, skipped: result.skipped.length }, 'moderation decision undone');
  const notice = { done: 'undo', n: String(result.restored.length), skipped: encodeSkipped(result.skipped) };
  const back = safeBack(value(form, 'back'));
  if (wantsJson(req)) {
    const zone = await services.settings.get();
    const ids = result.restored.map((r) => r.id);
    return sendDecision(reply, moderation, actor, { message: noticeText(notice), ids, back, zone, extra: { restored: result.restored, skipped: result.skipped } });
  }
  return reply.redirect(withNotice(back, notice), 303);
}

export const adminCommentRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const moderation = services.moderation;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'comments.moderate');

  async function renderContext(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, extras: { error?: string; banValues?: BanFormValues } = {}, status = 200) {
    const handle = value(req.query as Record<string, unknown>, 'undo');
    const [c, site, context, undoable] = await Promise.all([
      chrome(req, reply),
      services.settings.get(),
      moderation.context(actorOf(account), id),
      handle !== undefined ? moderation.undoable(actorOf(account), handle) : false,
    ]);
    const queue: QueueName = context.comment.status === 'pending' ? 'pending' : context.comment.reports.open > 0 ? 'reported' : context.comment.status === 'spam' ? 'spam' : 'all';
    const page = ModerationContextPage({
      chrome: c,
      zone: site,
      context,
      back: `/admin/comments/${id}`,
      queueLink: queueHref(queue, NO_FILTERS),
      scriptSrc: scriptSrc(c.assetVersion),
      notice: noticeOf(req.query as Record<string, unknown>),
      ...(undoable && handle ? { undo: handle } : {}),
      ...extras,
    });
    return sendPage(reply, page as VNode, status);
  }

  app.get('/comments', { schema: { querystring: QueueQuery } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const rawQueue = req.query.queue ?? 'pending';
    if (!isQueueName(rawQueue)) throw badRequest(`"${rawQueue}" is not a queue; use pending, reported, spam or all.`);
    const queue: QueueName = rawQueue;
    const page = parsePage(req.query.page);
    const filters = parseFilters(req.query);
    const actor = actorOf(account);
    const [c, site, counts, result] = await Promise.all([
      chrome(req, reply),
      services.settings.get(),
      moderation.queueCounts(actor),
      moderation.queue(actor, {
        queue,
        page,
        perPage: PER_PAGE,
        ...(filters.articleId !== null ? { articleId: filters.articleId } : {}),
        ...(filters.readerId !== null ? { readerId: filters.readerId } : {}),
        search: { text: filters.q, commenter: filters.commenter, story: filters.story },
      }),
    ]);
    // Deciding empties pages: past the last one, go to the last one (keeping the notice).
    if (result.items.length === 0 && page > result.pageCount) {
      const notice = Object.fromEntries(NOTICE_KEYS.map((k) => [k, value(req.query, k) ?? '']));
      return reply.redirect(withNotice(queueHref(queue, filters, result.pageCount), notice), 303);
    }
    const back = queueHref(queue, filters, page);
    const undo = req.query.undo !== undefined && (await moderation.undoable(actor, req.query.undo)) ? req.query.undo : undefined;
    const props = { chrome: c, zone: site, queue, filters, counts, result, back, scriptSrc: scriptSrc(c.assetVersion), notice: noticeOf(req.query), ...(undo ? { undo } : {}) };
    return sendPage(reply, ModerationPage(props) as VNode);
  });

  app.get('/comments/:id', { schema: { params: IdPath, querystring: NoticeQuery } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    return renderContext(req, reply, account, pathId(req.params, 'comment'));
  });

  app.post('/comments/bulk', async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    return bulkDecision(req, reply, account, services);
  });

  app.post('/comments/undo', async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    return undoDecision(req, reply, account, services);
  });

  app.post('/comments/:id/:action', { schema: { params: ActionPath } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    const id = pathId(req.params, 'comment');
    const { action } = req.params;
    // For the page's forms an unknown action is an address that does not exist; asked for in JSON, a bad request.
    if (!isModerationAction(action)) throw wantsJson(req) ? badRequest(`"${action}" is not a moderation action; use ${MODERATION_ACTIONS.join(', ')}.`) : notFound();
    const form = (req.body ?? {}) as SubmittedForm;
    const actor = actorOf(account);
    const { changed, undo } = await moderation.act(actor, id, action, value(form, 'note'));
    const notice = { done: action, already: changed ? '' : '1' };
    const back = safeBack(value(form, 'back'));
    if (wantsJson(req)) {
      const zone = await services.settings.get();
      return sendDecision(reply, moderation, actor, { message: noticeText(notice), ids: [id], back, zone, undo, extra: { id, action, changed } });
    }
    return reply.redirect(withNotice(back, { ...notice, undo: undo?.handle ?? '' }), 303);
  });

  app.post('/readers/:id/ban', { schema: { params: IdPath } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    const id = pathId(req.params, 'reader');
    const form = (req.body ?? {}) as SubmittedForm;
    const back = safeBack(value(form, 'back'));
    const values: BanFormValues = { duration: value(form, 'duration') ?? '', reason: value(form, 'reason') ?? '', removeComments: value(form, 'removeComments') === '1' };
    try {
      const choice = BAN_CHOICES.find((c) => c.value === values.duration);
      if (!choice) throw invalidInput('Choose how long: suspend for 1, 7 or 30 days, or ban.');
      const days = choice.value === 'ban' ? null : Number(choice.value);
      const { removed } = await moderation.banReader(actorOf(account), id, { days, reason: values.reason, removeComments: values.removeComments });
      req.log.info({ accountId: account.id, readerId: id, days }, days === null ? 'reader banned' : 'reader suspended');
      return reply.redirect(withNotice(back, { done: days === null ? 'ban' : 'suspend', days: days === null ? '' : String(days), removed: removed > 0 ? String(removed) : '' }), 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      logRefusal(req, err, 'reader ban');
      // Refused from a comment's page: show it again with the message and the form as typed.
      const commentId = /^\/admin\/comments\/([0-9]+)$/.exec(back)?.[1];
      if (!commentId || err.status === 403 || err.status === 404) throw err;
      return renderRefusedBan(req, reply, account, Number(commentId), err, values);
    }
  });

  async function renderRefusedBan(req: FastifyRequest, reply: FastifyReply, account: Account, commentId: number, err: AppError, values: BanFormValues) {
    try {
      return await renderContext(req, reply, account, commentId, { error: err.message, banValues: values }, err.status);
    } catch {
      throw err;
    }
  }

  app.post('/readers/:id/unban', { schema: { params: IdPath } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    const id = pathId(req.params, 'reader');
    const { changed } = await moderation.unbanReader(actorOf(account), id);
    if (changed) req.log.info({ accountId: account.id, readerId: id }, 'reader ban lifted');
    return reply.redirect(withNotice(safeBack(value((req.body ?? {}) as SubmittedForm, 'back')), { done: 'unban', already: changed ? '' : '1' }), 303);
  });
};
