import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import * as repo from './audit.repository.js';

export interface AuditEntry {
  id: number;
  accountId: number | null;
  action: string;
  subjectType: string;
  subjectId: number | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export type AuditService = ReturnType<typeof createAuditService>;

/** Who did what, when: the newsroom's and moderators' record. */
export function createAuditService(db: Db, clock: Clock) {
  return {
    /** Record an action; pass the caller's transaction to record it atomically with the change. */
    async record(entry: { accountId: number | null; action: string; subjectType: string; subjectId: number | null; details?: Record<string, unknown> }, trx: Db = db): Promise<void> {
      await repo.insertEntry(trx, {
        account_id: entry.accountId,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        details: JSON.stringify(entry.details ?? {}),
        created_at: clock.now().toISOString(),
      });
    },

    /** Whether this action was ever recorded for this subject (an exact lookup, however long the subject's history). */
    async has(entry: { action: string; subjectType: string; subjectId: number }): Promise<boolean> {
      return repo.hasEntry(db, entry.action, entry.subjectType, entry.subjectId);
    },

    async forSubject(subjectType: string, subjectId: number, limit = 100): Promise<AuditEntry[]> {
      const rows = await repo.entriesFor(db, subjectType, subjectId, limit);
      return rows.map((r) => ({
        id: r.id,
        accountId: r.account_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        details: JSON.parse(r.details) as Record<string, unknown>,
        createdAt: r.created_at,
      }));
    },
  };
}
