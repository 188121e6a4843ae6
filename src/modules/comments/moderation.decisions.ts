import type { CommentRow, CommentStatus, NewCommentRow } from '../../platform/db/schema.js';
import { AppError, conflict, invalidInput, isAppError, notFound } from '../../platform/errors.js';
import type { Actor } from '../articles/editorial.types.js';
import * as repo from './moderation.repository.js';
import { newDecisionHandle, recordDecision, undoDeadline } from './moderation.undo.js';
import { checkId, cleanNote, type ModerationDeps, need } from './moderation.shared.js';
import { type ActResult, type BulkResult, isModerationAction, MAX_BULK, type ModerationAction } from './moderation.types.js';

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
    throw new AppError(
      'comment_deleted',
      409,
      action === 'approve' ? 'This comment was deleted by its author, so it cannot be approved.' : 'This comment was deleted by its author; there is nothing left to moderate.',
    );
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

/** Decisions about comments, one at a time or in bulk. */
export function createDecisionOps({ db, clock, events, signals, classifier, audit }: ModerationDeps) {
  async function act(actor: Actor, commentId: number, action: ModerationAction, note?: string, handle = newDecisionHandle()): Promise<ActResult> {
    need(actor);
    if (!isModerationAction(action)) throw invalidInput(`"${String(action)}" is not a moderation action; use approve, reject, spam, feature or unfeature.`);
    const id = checkId(commentId);
    const text = cleanNote(note);
    const at = clock.now().toISOString();
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
      await recordDecision(trx, { handle, accountId: actor.accountId, action, before: row, after, reportsResolved: resolved, at });
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
      if (after.status !== before.status) signals.emit('decided', after, 'moderator');
    }
    return { comment: outcome.after, changed: outcome.changed, ...(outcome.changed ? { undo: { handle, until: undoDeadline(at) } } : {}) };
  }

  return {
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
      const result: BulkResult = { done: 0, skipped: [], changed: [] };
      const handle = newDecisionHandle();
      for (const id of unique) {
        try {
          const { changed, undo } = await act(actor, id, action, note, handle);
          result.done++;
          if (changed) result.changed.push(id);
          if (undo) result.undo = undo;
        } catch (err) {
          if (!isAppError(err)) throw err;
          result.skipped.push({ id, code: err.code, message: err.message });
        }
      }
      return result;
    },
  };
}
