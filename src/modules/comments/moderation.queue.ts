import type { CommentStatus, ReportReason } from '../../platform/db/schema.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import type { Actor } from '../articles/editorial.types.js';
import type { Reader } from '../readers/readers.service.js';
import * as repo from './moderation.repository.js';
import { cleanSearch, searchCondition } from './moderation.search.js';
import { checkId, type ModerationDeps, need } from './moderation.shared.js';
import { type CommentAuthor, type CommentContext, isQueueName, type QueueItem, type QueueName, type QueueQuery, QUEUES, type ReportSummary, type ScoreReason } from './moderation.types.js';

function parseReasons(json: string): ScoreReason[] {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v
      .filter(
        (r): r is ScoreReason =>
          !!r && typeof r === 'object' && typeof (r as ScoreReason).token === 'string' && typeof (r as ScoreReason).weight === 'number' && Number.isFinite((r as ScoreReason).weight),
      )
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

/** Whether a comment lets its replies show on the site. */
const passes = (status: CommentStatus) => status === 'approved' || status === 'deleted';
/** Replies nest a few levels; this bounds the walk should a thread be deeper (imported, or changed by hand). */
const MAX_WALK = 20;

/**
 * For each approved reply, the nearest comment above it that readers cannot
 * see, which hides it too: one query per level of the thread for all of
 * them together.
 */
async function blockers(db: ModerationDeps['db'], rows: repo.ModerationRow[]): Promise<Map<number, { id: number; status: CommentStatus }>> {
  const out = new Map<number, { id: number; status: CommentStatus }>();
  let frontier = new Map(rows.filter((r) => r.status === 'approved' && r.parent_id !== null).map((r) => [r.id, r.parent_id!]));
  for (let level = 0; level < MAX_WALK && frontier.size > 0; level++) {
    const found = new Map((await repo.parentsAndStatuses(db, [...new Set(frontier.values())])).map((p) => [p.id, p]));
    const next = new Map<number, number>();
    for (const [itemId, ancestorId] of frontier) {
      const ancestor = found.get(ancestorId);
      if (!ancestor) continue;
      if (!passes(ancestor.status)) out.set(itemId, { id: ancestor.id, status: ancestor.status });
      else if (ancestor.parent_id !== null) next.set(itemId, ancestor.parent_id);
    }
    frontier = next;
  }
  return out;
}

/** The queues and the context of one comment, as moderators see them. */
export function createQueueOps({ db, clock, readers, audit, articles, searchLookups }: ModerationDeps) {
  /** Rows as the queue shows them, with their readers, reports and article paths, in the order given. */
  async function present(rows: repo.ModerationRow[]): Promise<QueueItem[]> {
    if (rows.length === 0) return [];
    const readerIds = [...new Set(rows.map((r) => r.reader_id).filter((id): id is number => id !== null))];
    const [found, reports, refs, hidden] = await Promise.all([
      readerIds.length > 0 ? readers.byIds(readerIds) : Promise.resolve(new Map<number, Reader>()),
      repo.openReports(
        db,
        rows.map((r) => r.id),
      ),
      articles.refs(rows.map((r) => r.article_id)),
      blockers(db, rows),
    ]);
    const now = clock.now();
    return rows.map((r) => {
      const reader = r.reader_id !== null ? found.get(r.reader_id) : undefined;
      const author: CommentAuthor = reader
        ? {
            kind: 'reader',
            readerId: reader.id,
            name: reader.displayName,
            email: reader.email,
            verified: reader.verified,
            bannedUntil: reader.bannedUntil,
            banned: readers.isBanned(reader, now),
            banReason: reader.banReason,
          }
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
        hiddenReplies: passes(r.status) ? 0 : Number(r.visible_replies),
        hiddenBy: hidden.get(r.id) ?? null,
      };
    });
  }

  return {
    /** One page of a queue: pending oldest first, the others newest first; narrowed to an article, a reader, or a search. */
    async queue(actor: Actor, query: QueueQuery): Promise<Page<QueueItem>> {
      need(actor);
      if (!isQueueName(query.queue)) throw invalidInput(`"${String(query.queue)}" is not a queue; use pending, reported, spam or all.`);
      const perPage = Math.min(Math.max(Math.trunc(query.perPage) || 25, 1), 100);
      const page = Math.max(Math.trunc(query.page) || 1, 1);
      const match = searchCondition(db, searchLookups, cleanSearch(query.search ?? {}));
      const filter: repo.QueueFilter = {
        queue: query.queue,
        ...(match ? { match } : {}),
        ...(query.articleId !== undefined ? { articleId: checkId(query.articleId, 'article') } : {}),
        ...(query.readerId !== undefined ? { readerId: checkId(query.readerId, 'reader') } : {}),
      };
      const [rows, total] = await Promise.all([repo.listQueue(db, filter, perPage, (page - 1) * perPage), repo.countQueue(db, filter)]);
      return pageOf(await present(rows), page, perPage, total);
    },

    /** These comments as the queue shows them (those that do not exist are left out), in the order given. */
    async items(actor: Actor, ids: number[]): Promise<QueueItem[]> {
      need(actor);
      const rows = await repo.findManyForModeration(
        db,
        ids.map((id) => checkId(id)),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return present(ids.map((id) => byId.get(id)).filter((r): r is repo.ModerationRow => r !== undefined));
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
  };
}
