import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow } from '../../platform/db/schema.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Actor } from '../articles/editorial.types.js';
import * as repo from './moderation.repository.js';
import { type ModerationDeps, need } from './moderation.shared.js';
import type { ModerationAction } from './moderation.types.js';

/*
 * Undoing a decision. Every decision that changes a comment keeps a row in
 * comment_decisions with the comment's state before and after, under a
 * random handle (one for a whole bulk action). For UNDO_SECONDS the
 * moderator who made it can put every comment back as it was: its status,
 * editors' pick, what the classifier learnt from it, the reports it closed,
 * and (through the same compare-and-set write as any decision) the stored
 * counts. A comment changed since (by anyone: another decision, its author
 * deleting it) is left as it is now.
 */

/** How long a decision can be undone, in seconds. */
export const UNDO_SECONDS = 60;
/** Rows older than this are deleted as new decisions are made. */
const KEEP_MS = 10 * 60_000;

/** A decision's handle: what the Undo button sends back. */
export const newDecisionHandle = (): string => randomBytes(12).toString('hex');
export const isDecisionHandle = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{24}$/.test(v);

/** What one decision did to one comment, as act() records it. */
export interface DecisionRecord {
  handle: string;
  accountId: number | null;
  action: ModerationAction;
  before: CommentRow;
  after: CommentRow;
  reportsResolved: number;
  at: string;
}

/** Keep a decision for undoing, and forget those too old to undo. */
export async function recordDecision(trx: Db, d: DecisionRecord): Promise<void> {
  await trx
    .deleteFrom('comment_decisions')
    .where('decided_at', '<', new Date(Date.parse(d.at) - KEEP_MS).toISOString())
    .execute();
  await trx
    .insertInto('comment_decisions')
    .values({
      handle: d.handle,
      account_id: d.accountId,
      comment_id: d.after.id,
      action: d.action,
      from_status: d.before.status,
      from_featured: d.before.featured,
      from_trained_as: d.before.trained_as,
      from_moderated_by: d.before.moderated_by,
      from_moderated_at: d.before.moderated_at,
      to_status: d.after.status,
      to_featured: d.after.featured,
      to_trained_as: d.after.trained_as,
      reports_resolved: d.reportsResolved,
      decided_at: d.at,
    })
    .execute();
}

/** When a decision made at `at` can no longer be undone. */
export const undoDeadline = (at: string): string => new Date(Date.parse(at) + UNDO_SECONDS * 1000).toISOString();

export interface UndoResult {
  /** The comments put back, with the status they have again. */
  restored: { id: number; status: CommentRow['status'] }[];
  /** Comments left as they are, because they changed after the decision. */
  skipped: { id: number; code: string; message: string }[];
}

const CHANGED = 'Another decision was made about this comment since, or it changed; it was left as it is now.';

/** Undo for the moderators. */
export function createUndoOps({ db, clock, events, signals, classifier, audit }: ModerationDeps) {
  return {
    /** Whether this moderator can still undo the decision with this handle (for showing its Undo button). */
    async undoable(actor: Actor, handle: string): Promise<boolean> {
      need(actor);
      if (!isDecisionHandle(handle)) return false;
      const row = await db.selectFrom('comment_decisions').select(['account_id', 'decided_at', 'undone_at']).where('handle', '=', handle).limit(1).executeTakeFirst();
      return !!row && row.account_id === actor.accountId && row.undone_at === null && clock.now().getTime() <= Date.parse(undoDeadline(row.decided_at));
    },

    /**
     * Undo the decision with this handle: refused (409) after UNDO_SECONDS,
     * when already undone, or when every comment it changed has changed
     * since; only its own moderator may undo it (403).
     */
    async undo(actor: Actor, handle: string): Promise<UndoResult> {
      need(actor);
      const now = clock.now();
      const at = now.toISOString();
      const outcome = await db.transaction().execute(async (trx) => {
        const rows = isDecisionHandle(handle) ? await trx.selectFrom('comment_decisions').selectAll().where('handle', '=', handle).orderBy('id', 'desc').execute() : [];
        if (rows.length === 0) throw notFound('decision');
        if (rows.some((r) => r.account_id !== actor.accountId)) throw new AppError('forbidden', 403, 'Only the moderator who made a decision can undo it.');
        if (rows.some((r) => r.undone_at !== null)) throw conflict('That decision was already undone.');
        if (now.getTime() > Date.parse(undoDeadline(rows[0]!.decided_at))) {
          throw conflict(`Too late to undo: a decision can be undone for ${UNDO_SECONDS} seconds. Decide about the comment again instead.`);
        }
        const result: UndoResult & { rows: { before: CommentRow; after: CommentRow }[] } = { restored: [], skipped: [], rows: [] };
        for (const d of rows) {
          const later = await trx.selectFrom('comment_decisions').select('id').where('comment_id', '=', d.comment_id).where('id', '>', d.id).limit(1).executeTakeFirst();
          const current = later ? undefined : await repo.findComment(trx, d.comment_id);
          const after =
            current && current.status === d.to_status && current.featured === d.to_featured
              ? await repo.updateIfUnchanged(trx, d.comment_id, current, {
                  status: d.from_status,
                  featured: d.from_featured,
                  trained_as: d.from_trained_as,
                  moderated_by: d.from_moderated_by,
                  moderated_at: d.from_moderated_at,
                  updated_at: at,
                })
              : undefined;
          if (!current || !after) {
            result.skipped.push({ id: d.comment_id, code: 'conflict', message: CHANGED });
            continue;
          }
          if (d.reports_resolved > 0 && d.account_id !== null) {
            await trx
              .updateTable('comment_reports')
              .set({ resolved_at: null, resolved_by: null })
              .where('comment_id', '=', d.comment_id)
              .where('resolved_at', '=', d.decided_at)
              .where('resolved_by', '=', d.account_id)
              .execute();
          }
          const learnt = d.to_trained_as === 'spam' || d.to_trained_as === 'ham' ? d.to_trained_as : null;
          const before = d.from_trained_as === 'spam' || d.from_trained_as === 'ham' ? d.from_trained_as : null;
          if (learnt !== before) {
            if (before) await classifier.learn(current.body, before, learnt, trx);
            else if (learnt) await classifier.forget(current.body, learnt, trx);
          }
          await audit.record(
            {
              accountId: actor.accountId,
              action: 'comment.undo',
              subjectType: 'comment',
              subjectId: d.comment_id,
              details: { undid: d.action, from: d.to_status, to: d.from_status, by: actor.name, ...(d.reports_resolved > 0 ? { reportsReopened: d.reports_resolved } : {}) },
            },
            trx,
          );
          result.restored.push({ id: d.comment_id, status: after.status });
          result.rows.push({ before: current, after });
        }
        if (result.restored.length === 0)
          throw conflict(rows.length === 1 ? `Cannot undo: ${CHANGED}` : 'Cannot undo: every comment that decision changed has been decided about again or changed since.');
        await trx.updateTable('comment_decisions').set({ undone_at: at }).where('handle', '=', handle).execute();
        return result;
      });
      for (const { before, after } of outcome.rows) {
        events.changed({ kind: 'comment', id: after.id });
        if (after.status === 'approved' && before.status !== 'approved') signals.emit('visible', after);
        if (before.status === 'approved' && after.status !== 'approved') signals.emit('hidden', after);
      }
      return { restored: outcome.restored, skipped: outcome.skipped };
    },
  };
}
