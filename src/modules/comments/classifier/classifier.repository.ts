import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { TokenCounts } from './model.js';

/*
 * classifier_tokens holds, per feature, how many comments moderators filed as
 * spam and as ham that had it, plus a reserved row of document totals. No
 * feature can be spelt like it: words have no parentheses and shape features
 * have other names.
 */

/** Reserved row whose spam/ham columns count learnt documents. */
export const DOCUMENTS = '(documents)';

// Keeps each statement well under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 500;

/** Learnt counts of the given tokens; tokens never learnt are absent. */
export async function readCounts(db: Db, tokens: readonly string[]): Promise<Map<string, TokenCounts>> {
  const counts = new Map<string, TokenCounts>();
  const unique = [...new Set(tokens)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('classifier_tokens')
      .select(['token', 'spam', 'ham'])
      .where('token', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) counts.set(r.token, { spam: Number(r.spam), ham: Number(r.ham) });
  }
  return counts;
}

/**
 * Add `delta` to the spam and ham counts of every given token, in one
 * statement per chunk (pass a transaction to make several chunks atomic).
 * Counts never go below 0: subtracting from a count of 0 leaves 0, and a token
 * not yet stored is created only when something is added to it.
 */
export async function adjust(db: Db, tokens: readonly string[], delta: TokenCounts): Promise<void> {
  if (!Number.isInteger(delta.spam) || !Number.isInteger(delta.ham)) throw new RangeError('classifier count changes must be whole numbers');
  if (delta.spam === 0 && delta.ham === 0) return;
  // One lock order for every writer, so concurrent decisions on PostgreSQL cannot deadlock.
  const sorted = [...new Set(tokens)].sort();
  const spam = sql<number>`case when classifier_tokens.spam + ${delta.spam} < 0 then 0 else classifier_tokens.spam + ${delta.spam} end`;
  const ham = sql<number>`case when classifier_tokens.ham + ${delta.ham} < 0 then 0 else classifier_tokens.ham + ${delta.ham} end`;
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    if (delta.spam <= 0 && delta.ham <= 0) {
      await db.updateTable('classifier_tokens').set({ spam, ham }).where('token', 'in', chunk).execute();
    } else {
      const fresh = { spam: Math.max(0, delta.spam), ham: Math.max(0, delta.ham) };
      await db
        .insertInto('classifier_tokens')
        .values(chunk.map((token) => ({ token, ...fresh })))
        .onConflict((oc) => oc.column('token').doUpdateSet({ spam, ham }))
        .execute();
    }
  }
}

/** How many features have been learnt (the totals row aside). */
export async function countTokens(db: Db): Promise<number> {
  const row = await db
    .selectFrom('classifier_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('token', '!=', DOCUMENTS)
    .where((eb) => eb.or([eb('spam', '>', 0), eb('ham', '>', 0)]))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The newest stored moderator decisions the classifier learnt from: the
 * comment's text and how it was learnt (calibration fits the score to them).
 */
export async function readDecisions(db: Db, limit: number): Promise<{ body: string; label: 'spam' | 'ham' }[]> {
  const rows = await db.selectFrom('comments').select(['body', 'trained_as']).where('trained_as', 'in', ['spam', 'ham']).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ body: r.body, label: r.trained_as === 'spam' ? 'spam' : 'ham' }));
}
