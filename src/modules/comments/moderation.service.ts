import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, CommentStatus, NewCommentRow, ReportReason } from '../../platform/db/schema.js';
import { AppError, conflict, invalidInput, isAppError, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { calendarDate } from '../../platform/time.js';
import { zonedLocalToUtc } from '../../platform/zoned-time.js';
import { can } from '../accounts/permissions.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { Actor } from '../articles/editorial.types.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Reader, ReadersService } from '../readers/readers.service.js';
import type { Classifier } from './classifier/classifier.service.js';
import type { CommentSignals } from './comments.signals.js';
import * as repo from './moderation.repository.js';

export type QueueName = repo.QueueName;
export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'spam', 'all'];
export const isQueueName = (v: unknown): v is QueueName => QUEUES.includes(v as QueueName);

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'feature' | 'unfeature';
export const MODERATION_ACTIONS: readonly ModerationAction[] = ['approve', 'reject', 'spam', 'feature', 'unfeature'];
export const isModerationAction = (v: unknown): v is ModerationAction => MODERATION_ACTIONS.includes(v as ModerationAction);

/** At most this many comments in one bulk action. */
export const MAX_BULK = 200;
/** Ban and moderation notes are kept to this length. */
export const MAX_NOTE = 500;
/** The longest suspension offered, in days; longer is a ban. */
export const MAX_SUSPEND_DAYS = 3650;

/** Who wrote a comment, as a moderator needs to know them. */
export type CommentAuthor =
  | { kind: 'guest'; name: string; email: string }
  | { kind: 'reader'; readerId: number; name: string; email: string; verified: boolean; bannedUntil: string | null; banned: boolean; banReason: string }
  | { kind: 'staff'; accountId: number; name: string };

export interface ScoreReason {
  token: string;
  /** Log-odds contribution: above 0 raised the spam score, below 0 lowered it. */
  weight: number;
}

/** The open reports of a comment, summed up. */
export interface ReportSummary {
  open: number;
  /** How many reports gave each reason, most frequent first. */
  reasons: { reason: ReportReason; count: number }[];
  /** What reporters wrote, oldest first (empty notes left out). */
  notes: { reason: ReportReason; note: string; createdAt: string }[];
}

/** One comment as the moderation queue shows it. */
export interface QueueItem {
  id: number;
  parentId: number | null;
  article: { id: number; headline: string; /** Null while readers cannot see the article. */ path: string | null };
  author: CommentAuthor;
  body: string;
  status: CommentStatus;
  createdAt: string;
  editedAt: string | null;
  featured: boolean;
  spamScore: number | null;
  scoreReasons: ScoreReason[];
  heldReason: string;
  reports: ReportSummary;
  moderatedAt: string | null;
}

export interface QueueQuery {
  queue: QueueName;
  page: number;
  perPage: number;
  articleId?: number;
  readerId?: number;
}

/** Everything around one comment that helps decide about it. */
export interface CommentContext {
  comment: QueueItem;
  /** The comments it replies to, the top-level one first. */
  ancestors: QueueItem[];
  /** Its direct replies, whatever their status, oldest first. */
  replies: QueueItem[];
  /** The commenter's record: their comments by status, and their latest others. Null when they cannot be told apart (imported guests). */
  history: { counts: Record<CommentStatus, number>; recent: QueueItem[] } | null;
  /** What moderators did with this comment, newest first. */
  log: AuditEntry[];
  /** Bans and suspensions of its reader, newest first (empty for guests and staff). */
  readerLog: AuditEntry[];
}

export interface ActResult {
  comment: CommentRow;
  /** False when the comment already was as asked (nothing stored, nothing recorded). */
  changed: boolean;
}

export interface BulkResult {
  done: number;
  /** Comments left as they were, with the error's code and its message. */
  skipped: { id: number; code: string; message: string }[];
}

export interface BanInput {
  /** null bans for good; a number suspends for that many days. */
  days: number | null;
  reason: string;
  /** Also reject the reader's comments that wait in the queue. */
  removeComments?: boolean;
}

interface Deps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  signals: CommentSignals;
  /** Learns from every decision. */
  classifier: Pick<Classifier, 'learn'>;
  readers: Pick<ReadersService, 'byId' | 'byIds' | 'ban' | 'unban' | 'isBanned'>;
  audit: AuditService;
  settings: SettingsService;
  /** The commented articles' headlines and addresses. */
  articles: Pick<ArticlesService, 'refs'>;
}

const forbidden = () => new AppError('forbidden', 403, 'Your role does not allow moderating comments. Ask an editor or an admin.');

const STATUS_WORDS: Record<CommentStatus, string> = {
  pending: 'waiting for a moderator',
  approved: 'approved',
  spam: 'marked as spam',
  rejected: 'rejected',
  deleted: 'deleted by its author',
};

/** What an action does to a comment: the change to store, or nothing when it already is so. */
interface Plan {
  patch: Partial<NewCommentRow>;
  from: string;
  to: string;
  /** Close the comment's open reports. */
  resolve: boolean;
  /** Teach the classifier this label. */
  learn: 'spam' | 'ham' | null;
}

const TARGET: Record<'approve' | 'reject' | 'spam', CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };

/**
 * Decide what an action does to a comment in its current state. Undefined
 * means it is already as asked: no write, no record. A decision on a comment
 * that already has that status still counts when reports wait on it (the
 * moderator has looked, and the reports are closed).
 */
export function planAction(row: Pick<CommentRow, 'status' | 'featured'>, action: ModerationAction, openReports: number): Plan | undefined {
  if (row.status === 'deleted') {
    throw new AppError('comment_deleted', 409, action === 'approve' ? 'This comment was deleted by its author, so it cannot be approved.' : 'This comment was deleted by its author; there is nothing left to moderate.');
  }
  if (action === 'feature' || action === 'unfeature') {
    const on = action === 'feature';
    if (on && row.status !== 'approved') throw new AppError('not_approved', 422, `Only approved comments can be featured; this one is ${STATUS_WORDS[row.status]}.`);
    if ((row.featured === 1) === on) return undefined;
    return { patch: { featured: on ? 1 : 0 }, from: on ? 'not featured' : 'featured', to: on ? 'featured' : 'not featured', resolve: false, learn: null };
  }
  const to = TARGET[action];
  if (row.status === to && openReports === 0) return undefined;
  // A comment taken off the site is no editors' pick any more.
  const patch: Partial<NewCommentRow> = to === 'approved' ? { status: to } : { status: to, featured: 0 };
  return { patch, from: row.status, to, resolve: true, learn: to === 'approved' ? 'ham' : 'spam' };
}

function parseReasons(json: string): ScoreReason[] {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v
      .filter((r): r is ScoreReason => !!r && typeof r === 'object' && typeof (r as ScoreReason).token === 'string' && typeof (r as ScoreReason).weight === 'number' && Number.isFinite((r as ScoreReason).weight))
      .map((r) => ({ token: r.token, weight: r.weight }));
  } catch {
    return [];
  }
}

function summarise(reports: repo.OpenReportRow[]): ReportSummary {
  const counts = new Map<ReportReason, number>();
  for (const r of reports) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return {
    open: reports.length,
    reasons: [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    notes: reports.filter((r) => r.note.trim() !== '').map((r) => ({ reason: r.reason, note: r.note, createdAt: r.created_at })),
  };
}

/** Whether a value is a whole id from 1 up that the databases can hold. */
const wholeId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2_147_483_647;

/** The text of an optional note: trimmed, at most MAX_NOTE characters. */
function cleanNote(note: unknown, what = 'A note'): string {
  if (note === undefined || note === null) return '';
  if (typeof note !== 'string') throw invalidInput(`${what} must be text.`);
  const text = note.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_NOTE) throw invalidInput(`${what} is limited to ${MAX_NOTE} characters.`);
  return text;
}

export type ModerationService = ReturnType<typeof createModerationService>;

/**
 * The moderators' side of comments: the queues, the context of one comment,
 * decisions (which teach the spam classifier), and bans. Every method but
 * summary() asks for 'comments.moderate' (docs/roles.md).
 */
export function createModerationService({ db, clock, events, signals, classifier, readers, audit, settings, articles }: Deps) {
  const nowIso = () => clock.now().toISOString();
  const need = (actor: Actor) => {
    if (!can(actor.role, 'comments.moderate')) throw forbidden();
  };

  /** Rows as the queue shows them, with their readers, reports and article paths, in the order given. */
  async function present(rows: repo.ModerationRow[]): Promise<QueueItem[]> {
    if (rows.length === 0) return [];
    const readerIds = [...new Set(rows.map((r) => r.reader_id).filter((id): id is number => id !== null))];
    const [found, reports, refs] = await Promise.all([
      readerIds.length > 0 ? readers.byIds(readerIds) : Promise.resolve(new Map<number, Reader>()),
      repo.openReports(db, rows.map((r) => r.id)),
      articles.refs(rows.map((r) => r.article_id)),
    ]);
    const now = clock.now();
    return rows.map((r) => {
      const reader = r.reader_id !== null ? found.get(r.reader_id) : undefined;
      const author: CommentAuthor = reader
        ? { kind: 'reader', readerId: reader.id, name: reader.displayName, email: reader.email, verified: reader.verified, bannedUntil: reader.bannedUntil, banned: readers.isBanned(reader, now), banReason: reader.banReason }
        : r.account_id !== null
          ? { kind: 'staff', accountId: r.account_id, name: r.author_name }
          : { kind: 'guest', name: r.author_name, email: r.author_email };
      return {
        id: r.id,
        parentId: r.parent_id,
        article: refs.get(r.article_id) ?? { id: r.article_id, headline: '', path: null },
        author,
        body: r.body,
        status: r.status,
        createdAt: r.created_at,
        editedAt: r.edited_at,
        featured: r.featured === 1,
        spamScore: r.spam_score === null ? null : Number(r.spam_score),
        scoreReasons: parseReasons(r.score_reasons),
        heldReason: r.held_reason,
        reports: summarise(reports.filter((x) => x.comment_id === r.id)),
        moderatedAt: r.moderated_at,
      };
    });
  }

  const checkId = (id: unknown, what = 'comment'): number => {
    if (!wholeId(id)) throw notFound(what);
    return id;
  };

  async function act(actor: Actor, commentId: number, action: ModerationAction, note?: string): Promise<ActResult> {
    need(actor);
    if (!isModerationAction(action)) throw invalidInput(`"${String(action)}" is not a moderation action; use approve, reject, spam, feature or unfeature.`);
    const id = checkId(commentId);
    const text = cleanNote(note);
    const at = nowIso();
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await repo.findComment(trx, id);
      if (!row) throw notFound('comment');
      const open = (await repo.openReports(trx, [id])).length;
      const plan = planAction(row, action, open);
      if (!plan) return { before: row, after: row, changed: false };
      const learn = plan.learn !== null && plan.learn !== row.trained_as ? plan.learn : null;
      const after = await repo.updateIfUnchanged(trx, id, row, {
        ...plan.patch,
        ...(learn ? { trained_as: learn } : {}),
        moderated_by: actor.accountId,
        moderated_at: at,
        updated_at: at,
      });
      if (!after) throw conflict('Someone changed this comment a moment ago. Reload the page to see it as it is now.');
      const resolved = plan.resolve ? await repo.resolveReports(trx, id, at, actor.accountId) : 0;
      if (learn) await classifier.learn(row.body, learn, row.trained_as === 'spam' || row.trained_as === 'ham' ? row.trained_as : null, trx);
      await audit.record(
        {
          accountId: actor.accountId,
          action: `comment.${action}`,
          subjectType: 'comment',
          subjectId: id,
          details: { from: plan.from, to: plan.to, note: text, by: actor.name, ...(resolved > 0 ? { reportsResolved: resolved } : {}) },
        },
        trx,
      );
      return { before: row, after, changed: true };
    });
    if (outcome.changed) {
      events.changed({ kind: 'comment', id });
      const { before, after } = outcome;
      if (after.status === 'approved' && before.status !== 'approved') signals.emit('visible', after);
      if (before.status === 'approved' && (after.status === 'rejected' || after.status === 'spam')) signals.emit('hidden', after);
    }
    return { comment: outcome.after, changed: outcome.changed };
  }

  /** The start of today in the site's time zone, as an ISO instant. */
  function startOfToday(timezone: string): string {
    const { year, month, day } = calendarDate(nowIso(), timezone);
    return zonedLocalToUtc(`${year}-${month}-${day}T00:00`, timezone);
  }

  return {
    /** One page of a queue: pending oldest first, the others newest first. */
    async queue(actor: Actor, query: QueueQuery): Promise<Page<QueueItem>> {
      need(actor);
      if (!isQueueName(query.queue)) throw invalidInput(`"${String(query.queue)}" is not a queue; use pending, reported, spam or all.`);
      const perPage = Math.min(Math.max(Math.trunc(query.perPage) || 25, 1), 100);
      const page = Math.max(Math.trunc(query.page) || 1, 1);
      const filter: repo.QueueFilter = {
        queue: query.queue,
        ...(query.articleId !== undefined ? { articleId: checkId(query.articleId, 'article') } : {}),
        ...(query.readerId !== undefined ? { readerId: checkId(query.readerId, 'reader') } : {}),
      };
      const [rows, total] = await Promise.all([repo.listQueue(db, filter, perPage, (page - 1) * perPage), repo.countQueue(db, filter)]);
      return pageOf(await present(rows), page, perPage, total);
    },

    /** How many comments each tab holds. */
    async queueCounts(actor: Actor): Promise<Record<QueueName, number>> {
      need(actor);
      const counts = await Promise.all(QUEUES.map((queue) => repo.countQueue(db, { queue })));
      return Object.fromEntries(QUEUES.map((q, i) => [q, counts[i]!])) as Record<QueueName, number>;
    },

    /** One comment with its thread around it, its commenter's record and what moderators did with it. */
    async context(actor: Actor, commentId: number): Promise<CommentContext> {
      need(actor);
      const row = await repo.findForModeration(db, checkId(commentId));
      if (!row) throw notFound('comment');
      const who: repo.Commenter | null = row.reader_id !== null ? { readerId: row.reader_id } : row.account_id !== null ? { accountId: row.account_id } : row.ip_hash ? { ipHash: row.ip_hash } : null;
      const [above, below, counts, recent, log, readerLog] = await Promise.all([
        repo.ancestors(db, row),
        repo.replies(db, row.id),
        who ? repo.statusCounts(db, who) : Promise.resolve(null),
        who ? repo.recentBy(db, who, row.id, 10) : Promise.resolve([]),
        audit.forSubject('comment', row.id),
        row.reader_id !== null ? audit.forSubject('reader', row.reader_id, 20) : Promise.resolve([]),
      ]);
      const items = await present([row, ...above, ...below, ...recent]);
      const take = (n: number) => items.splice(0, n);
      const [comment] = take(1);
      const ancestors = take(above.length);
      const replies = take(below.length);
      const statuses: CommentStatus[] = ['pending', 'approved', 'spam', 'rejected', 'deleted'];
      return {
        comment: comment!,
        ancestors,
        replies,
        history: counts ? { counts: Object.fromEntries(statuses.map((s) => [s, counts.get(s) ?? 0])) as Record<CommentStatus, number>, recent: take(recent.length) } : null,
        log,
        readerLog,
      };
    },

    /**
     * Decide about one comment, in one transaction: its status or featured
     * flag, its open reports closed, the classifier taught, the decision
     * recorded. Asking for what already is stores and records nothing.
     */
    act,

    /** The same action on many comments (at most MAX_BULK); each is decided on its own, and those that cannot be are listed with the reason. */
    async bulk(actor: Actor, ids: number[], action: ModerationAction, note?: string): Promise<BulkResult> {
      need(actor);
      if (!isModerationAction(action)) throw invalidInput(`"${String(action)}" is not a moderation action; use approve, reject, spam, feature or unfeature.`);
      if (!Array.isArray(ids) || ids.length === 0) throw invalidInput('Choose at least one comment.');
      const unique = [...new Set(ids)];
      if (unique.length > MAX_BULK) throw invalidInput(`At most ${MAX_BULK} comments can be changed at once; ${unique.length} were chosen.`);
      cleanNote(note);
      const result: BulkResult = { done: 0, skipped: [] };
      for (const id of unique) {
        try {
          await act(actor, id, action, note);
          result.done++;
        } catch (err) {
          if (!isAppError(err)) throw err;
          result.skipped.push({ id, code: err.code, message: err.message });
        }
      }
      return result;
    },

    /**
     * Ban a reader (days null) or suspend them for some days, optionally
     * rejecting what they have waiting in the queue. Their published comments
     * stay: those are judged one by one.
     */
    async banReader(actor: Actor, readerId: number, input: BanInput): Promise<{ reader: Reader; removed: number }> {
      need(actor);
      const id = checkId(readerId, 'reader');
      const days = input.days;
      if (days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_SUSPEND_DAYS)) {
        throw invalidInput(`A suspension lasts a whole number of days from 1 to ${MAX_SUSPEND_DAYS}; for longer, ban.`);
      }
      const reason = cleanNote(input.reason, 'The reason');
      if (!reason) throw invalidInput('Give a reason: the reader sees it, and so do other moderators.');
      if (!(await readers.byId(id))) throw notFound('reader');
      const now = clock.now();
      const at = now.toISOString();
      const until = days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
      const { reader, removed } = await db.transaction().execute(async (trx) => {
        const banned = await readers.ban(id, { until, reason }, trx);
        const removed: number[] = [];
        if (input.removeComments) {
          for (const row of await repo.pendingByReader(trx, id)) {
            // Rejected for who wrote them, not judged one by one: the classifier does not learn from these.
            const done = await repo.updateIfUnchanged(trx, row.id, row, { status: 'rejected', moderated_by: actor.accountId, moderated_at: at, updated_at: at });
            if (!done) continue;
            await repo.resolveReports(trx, row.id, at, actor.accountId);
            await audit.record({ accountId: actor.accountId, action: 'comment.reject', subjectType: 'comment', subjectId: row.id, details: { from: 'pending', to: 'rejected', note: `With the ${days === null ? 'ban' : 'suspension'} of its author.`, by: actor.name } }, trx);
            removed.push(row.id);
          }
        }
        await audit.record(
          {
            accountId: actor.accountId,
            action: days === null ? 'reader.ban' : 'reader.suspend',
            subjectType: 'reader',
            subjectId: id,
            details: { until, days, reason, removedComments: removed.length, by: actor.name },
          },
          trx,
        );
        return { reader: banned, removed };
      });
      for (const commentId of removed) events.changed({ kind: 'comment', id: commentId });
      return { reader, removed: removed.length };
    },

    /** Lift a reader's ban or suspension; a reader who is not banned is left as they are (changed: false). */
    async unbanReader(actor: Actor, readerId: number): Promise<{ reader: Reader; changed: boolean }> {
      need(actor);
      const id = checkId(readerId, 'reader');
      const reader = await readers.byId(id);
      if (!reader) throw notFound('reader');
      if (!readers.isBanned(reader, clock.now())) return { reader, changed: false };
      const lifted = await db.transaction().execute(async (trx) => {
        const r = await readers.unban(id, trx);
        await audit.record({ accountId: actor.accountId, action: 'reader.unban', subjectType: 'reader', subjectId: id, details: { was: reader.bannedUntil, by: actor.name } }, trx);
        return r;
      });
      return { reader: lifted, changed: true };
    },

    /**
     * Of the comments an alert is about, those a moderator still has to look
     * at, by the queues' own rules (held ones still pending; reported ones
     * with a report nobody resolved). For moderator alerts; no actor needed.
     */
    async stillWaiting(heldIds: number[], reportedIds: number[]): Promise<{ held: number[]; reported: number[] }> {
      const [held, reported] = await Promise.all([repo.idsInQueue(db, { queue: 'pending' }, heldIds), repo.idsInQueue(db, { queue: 'reported' }, reportedIds)]);
      return { held, reported };
    },

    /** For the dashboard: comments waiting, comments with open reports, and spam caught since midnight (site time). */
    async summary(): Promise<{ pending: number; reported: number; spamToday: number }> {
      const site = await settings.get();
      const [pending, reported, spamToday] = await Promise.all([repo.countQueue(db, { queue: 'pending' }), repo.countQueue(db, { queue: 'reported' }), repo.countSpamSince(db, startOfToday(site.timezone))]);
      return { pending, reported, spamToday };
    },
  };
}
