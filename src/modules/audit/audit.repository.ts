import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { AuditLogTable } from '../../platform/db/schema.js';

export async function insertEntry(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Whether an action was ever recorded for a subject (one indexed lookup, however long its history). */
export async function hasEntry(db: Db, action: string, subjectType: string, subjectId: number): Promise<boolean> {
  const row = await db.selectFrom('audit_log').select('id').where('action', '=', action).where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A subject's entries, newest first. */
export const entriesFor = (db: Db, subjectType: string, subjectId: number, limit: number) =>
  db.selectFrom('audit_log').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
