import type { ReportReason } from '../../platform/db/schema.js';
import { conflict, invalidInput, notFound } from '../../platform/errors.js';
import { hashIp } from '../../platform/client-address.js';
import * as repo from './comments.repository.js';
import { type CommentsDeps, type CommentsShared, forbidden } from './comments.shared.js';
import type { ThreadReader } from './comments.thread.js';
import type { ReportReasonInput, Viewer } from './comments.types.js';

const REPORT_REASONS: ReportReason[] = ['spam', 'abuse', 'off_topic', 'misinformation', 'other'];

/** Readers' feedback on others' comments: reports, which can hold a comment, and recommendations. */
export function createFeedbackOps({ db, events, signals, settings, readers }: CommentsDeps, { now, banOf, requireVisibleArticle, announce }: CommentsShared, threads: Pick<ThreadReader, 'get'>) {
  return {
    /** Report a comment. Enough open reports hold it for a moderator. One open report per reader (or address). */
    async report(id: number, input: { viewer: Viewer; ip: string; reason: ReportReasonInput; note?: string }): Promise<{ held: boolean }> {
      if (!REPORT_REASONS.includes(input.reason as ReportReason)) throw invalidInput('Choose why you are reporting this comment.');
      const note = (input.note ?? '').trim();
      if (note.length > 500) throw invalidInput('Keep the note to 500 characters.');
      const found = await threads.get(id, input.viewer);
      if (!found || found.state !== 'approved') throw notFound('comment');
      await requireVisibleArticle(found.articleId);
      if (found.mine) throw invalidInput("You can't report your own comment; you can edit or delete it instead.");
      const site = await settings.get();
      const ipHash = hashIp(await settings.secret(), input.ip);
      const by = input.viewer.readerId !== null ? { readerId: input.viewer.readerId } : { ipHash };
      const at = now().toISOString();
      // One report at a time per comment: the "once each" check, the count and the hold agree.
      const { row, count, held } = await db.transaction().execute(async (trx) => {
        await repo.lockKeys(trx, [`comment-report:${id}`]);
        if (await repo.hasOpenReport(trx, id, by)) throw conflict('You have already reported this comment. A moderator will look at it.');
        const count = await repo.insertReport(trx, { comment_id: id, reader_id: input.viewer.readerId, ip_hash: ipHash, reason: input.reason as ReportReason, note, created_at: at });
        const row = (await repo.findById(trx, id))!;
        const held = count >= site.reportsToHold && row.status === 'approved';
        if (!held) return { row, count, held };
        return { row: await repo.updateComment(trx, id, { status: 'pending', held_reason: `Reported by ${count} ${count === 1 ? 'reader' : 'readers'}.`, updated_at: at }), count, held };
      });
      if (held) announce('approved', row, row.held_reason);
      signals.emit('reported', row, count, held);
      return { held };
    },

    /** A reader's reaction ("Recommend"): one per reader per comment, on visible comments by others. */
    async react(id: number, viewer: Viewer, on: boolean): Promise<{ count: number; reacted: boolean }> {
      if (viewer.readerId === null) throw forbidden('sign_in_required', 'Sign in to recommend comments.');
      const reader = await readers.byId(viewer.readerId);
      if (!reader) throw forbidden('sign_in_required', 'Sign in to recommend comments.');
      // Recommendations order the thread ("most recommended"): only readers in good standing may add to them.
      const ban = banOf(reader, await settings.get());
      if (ban) throw ban;
      if (!reader.verified) throw forbidden('unverified', 'Confirm your email address to recommend comments: follow the link we sent you.');
      const found = await threads.get(id, viewer);
      if (!found || found.state !== 'approved') throw notFound('comment');
      await requireVisibleArticle(found.articleId);
      if (found.mine) throw invalidInput("You can't recommend your own comment.");
      // One change at a time per comment, so the stored total counts every reaction.
      const count = await db.transaction().execute(async (trx) => {
        await repo.lockKeys(trx, [`comment-reaction:${id}`]);
        return repo.setReaction(trx, id, viewer.readerId!, on, now().toISOString());
      });
      events.changed({ kind: 'comment', id });
      return { count, reacted: on };
    },
  };
}
