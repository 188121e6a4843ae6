import type { CommentsService } from './comments.service.js';
import type { ThreadComment } from './comments.types.js';
import type { Cursor } from './live.cursor.js';

/** At most this many comments go to one listener per round; the rest follow in the next. */
export const BATCH = 100;

/** Where a listener stands: its cursor, and comments below it it is still owed. */
export interface Owing {
  cursor: Cursor | null;
  /** Comments below the cursor that became visible and did not fit in the last batch. */
  backlog: number[];
}

/** The index of the first id above `after` in an ascending list (its length when none is). */
function firstAbove(ascending: number[], after: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Each listener's next batch of visible comments (`owed`, ascending), and the
 * listeners owed more than one batch (`more`); what does not fit of the
 * comments below a cursor is kept in its listener's backlog.
 */
export function nextBatches<L extends Owing>(listeners: L[], current: Set<number>, arrived: number[]): { owed: Map<L, number[]>; more: Set<L> } {
  const ordered = [...current].sort((a, b) => a - b);
  // What each listener is owed: visible comments above its cursor, and comments
  // that became visible below it (approved late, or their thread reopened).
  const owed = new Map<L, number[]>();
  const more = new Set<L>();
  for (const l of listeners) {
    const c = l.cursor!.comment;
    const from = firstAbove(ordered, c);
    const above = ordered.slice(from, from + BATCH + 1);
    const late = [...new Set([...l.backlog, ...arrived.filter((id) => id <= c)])].filter((id) => current.has(id));
    const ids = [...late, ...above].sort((a, b) => a - b);
    const batch = ids.slice(0, BATCH);
    const sent = new Set(batch);
    l.backlog = late.filter((id) => !sent.has(id));
    if (ids.length > BATCH) more.add(l);
    if (batch.length > 0) owed.set(l, batch);
  }
  return { owed, more };
}

/** The owed comments as readers see them, in as few reads as the cursors allow. */
export async function fetchComments<L>(comments: Pick<CommentsService, 'visibleSince'>, articleId: number, owed: Map<L, number[]>): Promise<Map<number, ThreadComment>> {
  const found = new Map<number, ThreadComment>();
  const wanted = new Set([...owed.values()].flat());
  if (wanted.size === 0) return found;
  // Pages following the thread share a cursor, so one read from each distinct
  // starting point covers them; a comment approved late is read on its own.
  const starts = [...new Set([...owed.values()].map((ids) => ids[0]!))].sort((a, b) => a - b);
  for (const start of starts) {
    if (found.has(start)) continue;
    const batch = await comments.visibleSince(articleId, start - 1, BATCH);
    for (const c of batch) if (wanted.has(c.id)) found.set(c.id, c);
  }
  for (const id of wanted) {
    if (found.has(id)) continue;
    const [c] = await comments.visibleSince(articleId, id - 1, 1);
    if (c && c.id === id) found.set(id, c);
  }
  return found;
}
