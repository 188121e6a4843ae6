import { sql } from 'kysely';
import type { Db } from './db/database.js';
import type { Count, RateCounter } from './rate-limit-store.js';

/*
 * Rate-limit counts in the database (table rate_limit_hits), for
 * PostgreSQL, where any number of processes on any number of machines serve
 * one site: one atomic upsert per counted request counts it and answers the
 * count, so the limit holds exactly across them all. A window that has passed
 * starts again at 1. Each process deletes the rows whose window has passed,
 * at most once a minute.
 */

/** How often a process deletes the rows whose window has passed. */
const PRUNE_EVERY_MS = 60_000;

export function databaseRateCounter(db: Db, now: () => number = Date.now, onError: (err: unknown) => void = () => {}): RateCounter & { prune(): Promise<void> } {
  let nextPrune = now() + PRUNE_EVERY_MS;
  const prune = async () => {
    await db.deleteFrom('rate_limit_hits').where('resets_at', '<=', now()).execute();
  };
  return {
    async hit(key: string, windowMs: number): Promise<Count> {
      const t = now();
      const resetsAt = t + Math.max(1, Math.trunc(windowMs));
      if (t >= nextPrune) {
        nextPrune = t + PRUNE_EVERY_MS;
        prune().catch(onError);
      }
      const { rows } = await sql<{ hits: number | string; resets_at: number | string }>`
        insert into rate_limit_hits (key, hits, resets_at) values (${key}, 1, ${resetsAt})
        on conflict (key) do update set
          hits = case when rate_limit_hits.resets_at <= ${t} then 1 else rate_limit_hits.hits + 1 end,
          resets_at = case when rate_limit_hits.resets_at <= ${t} then ${resetsAt} else rate_limit_hits.resets_at end
        returning hits, resets_at`.execute(db);
      const row = rows[0]!;
      return { current: Number(row.hits), ttl: Math.max(0, Number(row.resets_at) - t) };
    },
    prune,
  };
}
