import { invalidInput, notFound } from '../../platform/errors.js';
import type { Actor } from '../articles/editorial.types.js';
import type { Reader } from '../readers/readers.service.js';
import * as repo from './moderation.repository.js';
import { checkId, cleanNote, type ModerationDeps, need } from './moderation.shared.js';
import { type BanInput, MAX_SUSPEND_DAYS } from './moderation.types.js';

/** Bans and suspensions of readers. */
export function createBanOps({ db, clock, events, readers, audit }: ModerationDeps) {
  return {
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
          const pending = await repo.pendingByReader(trx, id);
          // Every article's lock at once, in order, so two sweeps across the same articles cannot wait on each other.
          await repo.lockArticles(
            trx,
            pending.map((r) => r.article_id),
          );
          for (const row of pending) {
            // Rejected for who wrote them, not judged one by one: the classifier does not learn from these.
            const done = await repo.updateIfUnchanged(trx, row.id, row, { status: 'rejected', moderated_by: actor.accountId, moderated_at: at, updated_at: at });
            if (!done) continue;
            await repo.resolveReports(trx, row.id, at, actor.accountId);
            await audit.record(
              {
                accountId: actor.accountId,
                action: 'comment.reject',
                subjectType: 'comment',
                subjectId: row.id,
                details: { from: 'pending', to: 'rejected', note: `With the ${days === null ? 'ban' : 'suspension'} of its author.`, by: actor.name },
              },
              trx,
            );
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
  };
}
