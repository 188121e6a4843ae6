import type { Db } from '../../platform/db/database.js';

/** The audit action that records a reply's email: its presence means the email went out. */
export const REPLY_NOTIFIED = 'comment.reply-notified';

/**
 * Whether the parent's author has already been emailed about this reply.
 * An exact lookup rather than the audit service's recent-history list, which
 * a much-moderated comment could push the entry out of.
 */
export async function wasReplyNotified(db: Db, replyId: number): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', REPLY_NOTIFIED)
    .where('subject_type', '=', 'comment')
    .where('subject_id', '=', replyId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Of the comments an alert is about, those a moderator still has to look at:
 * held ones still pending, reported ones not deleted with a report nobody
 * has resolved (as the moderation queues count them). The rest were dealt with
 * before the alert went out.
 */
export async function stillWaiting(db: Db, heldIds: number[], reportedIds: number[]): Promise<{ held: number[]; reported: number[] }> {
  const held =
    heldIds.length === 0
      ? []
      : await db.selectFrom('comments').select('id').where('id', 'in', heldIds).where('status', '=', 'pending').execute();
  const reported =
    reportedIds.length === 0
      ? []
      : await db
          .selectFrom('comments')
          .select('id')
          .where('id', 'in', reportedIds)
          .where('status', '!=', 'deleted')
          .where((eb) =>
            eb.exists(eb.selectFrom('comment_reports').select('comment_reports.id').whereRef('comment_reports.comment_id', '=', 'comments.id').where('comment_reports.resolved_at', 'is', null)),
          )
          .execute();
  return { held: held.map((r) => Number(r.id)), reported: reported.map((r) => Number(r.id)) };
}
